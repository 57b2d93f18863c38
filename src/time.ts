import { InputError } from './errors';

/** Instants are epoch milliseconds throughout the core; every time-dependent function takes an explicit asOf. */
export type Instant = number;

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Below this, a number is read as epoch seconds (1e11 s is the year 5138; 1e11 ms is March 1973). */
const EPOCH_SECONDS_LIMIT = 1e11;
/**
 * From here up to EPOCH_MICROSECONDS_LIMIT, a number is read as epoch microseconds (1e14 ms is the year 5138; 1e14
 * us is March 1973), as some event exports send them (`1764547200000000`). Read as milliseconds they would be dates
 * 50,000 years ahead, and every such event would vanish as "after As Of".
 */
const EPOCH_MILLISECONDS_LIMIT = 1e14;
const EPOCH_MICROSECONDS_LIMIT = 1e17;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;
const DIGITS = /^-?\d{1,16}(?:\.\d+)?$/;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;
/** Date's own limit: instants beyond it cannot be formatted or compared with sense. */
const MAX_INSTANT = 8.64e15;

export const DATE_EXPECTATION = 'a date (ISO 8601 string, epoch seconds, milliseconds or microseconds)';

/**
 * Reads ISO 8601 strings, epoch seconds, milliseconds or microseconds (numbers or digit strings) and Dates;
 * undefined otherwise.
 */
export function parseInstant(value: unknown): Instant | undefined {
	const instant = readInstant(value);
	return instant !== undefined && Number.isFinite(instant) && Math.abs(instant) <= MAX_INSTANT ? instant : undefined;
}

function readInstant(value: unknown): Instant | undefined {
	if (typeof value === 'string') {
		// What senders emit is read by hand, a few character codes per field; everything else takes the general path.
		const fast = readCommonText(value);
		return Number.isNaN(fast) ? readText(value) : fast;
	}
	if (typeof value === 'number') return Number.isFinite(value) ? fromEpochNumber(value) : undefined;
	if (value instanceof Date) return value.getTime();
	return undefined;
}

/**
 * The general reader of date text, and the reference the fast path is tested against (test/unit/core/time.test.ts
 * holds a copy of the parser as it was before the fast path, compared over generated strings).
 */
function readText(value: string): Instant | undefined {
	const text = value.trim();
	const compact = COMPACT_DATE.exec(text);
	// CRMs export dates as YYYYMMDD; as epoch seconds such a number would be a day in 1970.
	if (compact) return calendarDate(Number(compact[1]), Number(compact[2]), Number(compact[3]));
	if (DIGITS.test(text)) return fromEpochNumber(Number(text));
	if (!ISO_DATE.test(text)) return undefined;
	const [year, month, day] = text.slice(0, 10).split('-').map(Number);
	if (calendarDate(year, month, day) === undefined) return undefined;
	// A date or local time without an offset is taken as UTC, so results never depend on the server's zone.
	const hasOffset = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(text) && text.length > 10;
	const normalised = text.replace(' ', 'T');
	const millis = Date.parse(hasOffset || text.length === 10 ? normalised : `${normalised}Z`);
	return Number.isNaN(millis) ? undefined : millis;
}

/** Midnight UTC of a real calendar day; undefined for Feb 30 and the like, which Date would roll over. */
function calendarDate(year: number, month: number, day: number): Instant | undefined {
	const instant = Date.UTC(year, month - 1, day);
	const d = new Date(instant);
	return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day ? instant : undefined;
}

/**
 * A number as an instant: epoch seconds below 1e11, milliseconds below 1e14, microseconds below 1e17 (truncated to
 * the millisecond, as an ISO fraction of more than three digits is); beyond, milliseconds (which parseInstant then
 * refuses as out of Date's range).
 */
export function fromEpochNumber(n: number): Instant {
	const size = Math.abs(n);
	if (size < EPOCH_SECONDS_LIMIT) return Math.round(n * 1000);
	if (size < EPOCH_MILLISECONDS_LIMIT) return Math.round(n);
	return size < EPOCH_MICROSECONDS_LIMIT ? Math.floor(n / 1000) : Math.round(n);
}

const ZERO = 48;
/** NaN: "not one of the common forms, ask readText", distinct from undefined ("not a date"). */
const NOT_COMMON = Number.NaN;

/** The value of the two ASCII digits at `at`, or -1. */
function twoDigits(s: string, at: number): number {
	const a = s.charCodeAt(at) - ZERO;
	const b = s.charCodeAt(at + 1) - ZERO;
	return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * The forms senders emit, without a regular expression or Date.parse: `YYYY-MM-DD`, with `THH:MM`, `:SS`,
 * `.fraction` (1 to 9 digits) and `Z` or an offset `+HH:MM` / `+HHMM`, and epoch digit strings. Gives exactly what
 * readText gives, or NOT_COMMON for anything else (lower-case letters, spaces around, hour 24, years before 100,
 * days a month lacks...), which readText then reads or refuses as before.
 */
function readCommonText(s: string): number {
	const n = s.length;
	if (n === 0 || n > 35) return NOT_COMMON;
	if (s.charCodeAt(4) !== 45 /* - */) return readEpochDigits(s);
	if (n < 10 || s.charCodeAt(7) !== 45) return NOT_COMMON;
	const hi = twoDigits(s, 0);
	const lo = twoDigits(s, 2);
	const month = twoDigits(s, 5);
	const day = twoDigits(s, 8);
	if (hi < 1 || lo < 0 || month < 1 || month > 12 || day < 1 || day > 28 + ((DAYS_PAST_28 >> (2 * month)) & 3)) {
		// hi < 1: years before 100, which Date.UTC reads as 19xx. Day 29 of February needs a leap-year check.
		if (!(month === 2 && day === 29 && hi >= 1 && lo >= 0 && isLeapYear(hi * 100 + lo))) return NOT_COMMON;
	}
	const date = daysFromCivil(hi * 100 + lo, month, day) * DAY_MS;
	if (n === 10) return date;
	const separator = s.charCodeAt(10);
	if ((separator !== 84 /* T */ && separator !== 32) || n < 16 || s.charCodeAt(13) !== 58 /* : */) return NOT_COMMON;
	const hour = twoDigits(s, 11);
	const minute = twoDigits(s, 14);
	if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return NOT_COMMON;
	let instant = date + hour * HOUR_MS + minute * MINUTE_MS;
	let at = 16;
	if (at < n && s.charCodeAt(at) === 58) {
		const second = twoDigits(s, at + 1);
		if (second < 0 || second > 59) return NOT_COMMON;
		instant += second * 1000;
		at += 3;
		if (at < n && s.charCodeAt(at) === 46 /* . */) {
			// Milliseconds from the first three digits of the fraction (Date.parse truncates the rest).
			let digits = 0;
			let millis = 0;
			for (at++; at < n; at++, digits++) {
				const d = s.charCodeAt(at) - ZERO;
				if (d < 0 || d > 9) break;
				if (digits < 3) millis = millis * 10 + d;
			}
			if (digits === 0 || digits > 9) return NOT_COMMON;
			instant += digits === 1 ? millis * 100 : digits === 2 ? millis * 10 : millis;
		}
	}
	if (at === n) return instant;
	const zone = s.charCodeAt(at);
	if (zone === 90 /* Z */) return at + 1 === n ? instant : NOT_COMMON;
	if (zone !== 43 /* + */ && zone !== 45 /* - */) return NOT_COMMON;
	const offsetHour = twoDigits(s, at + 1);
	const colon = s.charCodeAt(at + 3) === 58 ? 1 : 0;
	const offsetMinute = twoDigits(s, at + 3 + colon);
	if (at + 5 + colon !== n || offsetHour < 0 || offsetHour > 23 || offsetMinute < 0 || offsetMinute > 59) return NOT_COMMON;
	const offset = (offsetHour * 60 + offsetMinute) * MINUTE_MS;
	return zone === 43 ? instant - offset : instant + offset;
}

/** Epoch digit strings of 1 to 16 digits, other than 8 (YYYYMMDD); anything else (a sign, a dot) to readText. */
function readEpochDigits(s: string): number {
	const n = s.length;
	if (n > 16 || n === 8) return NOT_COMMON;
	for (let i = 0; i < n; i++) {
		const d = s.charCodeAt(i) - ZERO;
		if (d < 0 || d > 9) return NOT_COMMON;
	}
	return fromEpochNumber(Number(s));
}

/** Days past 28 per month, two bits each from bit 2 (January): 3, 0 (February: see the leap-year check), 3, 2, ... */
const DAYS_PAST_28 = [3, 0, 3, 2, 3, 2, 3, 3, 2, 3, 2, 3].reduce((bits, extra, i) => bits | (extra << (2 * (i + 1))), 0);

function isLeapYear(year: number): boolean {
	return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
	const y = month <= 2 ? year - 1 : year;
	const era = Math.floor(y / 400);
	const yearOfEra = y - era * 400;
	const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
	const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
	return era * 146097 + dayOfEra - 719468;
}

export const AS_OF_EXPECTATION = 'a date (epoch milliseconds, a Date or an ISO 8601 string)';

/**
 * Validates the explicit "now" every time-dependent function takes (and the other instants given to the core as
 * arguments, named by `field`). A number is epoch milliseconds (never seconds: the type says Instant); a Date or
 * ISO 8601 text is read as by parseInstant. Anything else, NaN, Infinity and instants beyond Date's range
 * (+-8.64e15 ms) fail with an InputError naming the argument, instead of a NaN score or a bare RangeError.
 */
export function requireAsOf(value: unknown, field = 'asOf'): Instant {
	if (typeof value === 'number') {
		if (Number.isFinite(value) && Math.abs(value) <= MAX_INSTANT) return value;
		throw new InputError(field, AS_OF_EXPECTATION, value);
	}
	const instant = typeof value === 'string' || value instanceof Date ? parseInstant(value) : undefined;
	if (instant === undefined) throw new InputError(field, AS_OF_EXPECTATION, value);
	return instant;
}

export function requireInstant(value: unknown, field: string): Instant {
	const instant = parseInstant(value);
	if (instant === undefined) throw new InputError(field, DATE_EXPECTATION, value);
	return instant;
}

// Scoring a batch formats the same asOf for every lead: remember the last one (a pure memo, same output).
let lastIsoInstant = Number.NaN;
let lastIso = '';

export function toIso(instant: Instant): string {
	if (instant !== lastIsoInstant) {
		lastIso = new Date(instant).toISOString();
		lastIsoInstant = instant;
	}
	return lastIso;
}

/**
 * Adds calendar months in UTC. A day the target month lacks (Jan 31 + 1 month) becomes the end of the month's
 * last day (Feb 28, 23:59:59.999), so a later start never reaches a month boundary before an earlier one.
 */
export function addCalendarMonths(instant: Instant, months: number): Instant {
	const d = new Date(instant);
	const targetMonth = d.getUTCMonth() + months;
	const year = d.getUTCFullYear() + Math.floor(targetMonth / 12);
	const month = ((targetMonth % 12) + 12) % 12;
	const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
	if (d.getUTCDate() > lastDay) return Date.UTC(year, month + 1, 1) - 1;
	return Date.UTC(year, month, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
}

/** How many whole calendar months have passed from `from` to `to` (0 when `to` is not later). */
export function wholeCalendarMonths(from: Instant, to: Instant): number {
	if (to <= from) return 0;
	const a = new Date(from);
	const b = new Date(to);
	let months = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth());
	while (months > 0 && addCalendarMonths(from, months) > to) months--;
	while (addCalendarMonths(from, months + 1) <= to) months++;
	return months;
}
