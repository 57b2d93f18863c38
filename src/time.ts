import { InputError } from './errors';

/** Instants are epoch milliseconds throughout the core; every time-dependent function takes an explicit asOf. */
export type Instant = number;

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Below this, a number is read as epoch seconds (1e11 s is the year 5138; 1e11 ms is March 1973). */
const EPOCH_SECONDS_LIMIT = 1e11;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;
const DIGITS = /^-?\d{1,16}(?:\.\d+)?$/;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;
/** Date's own limit: instants beyond it cannot be formatted or compared with sense. */
const MAX_INSTANT = 8.64e15;

export const DATE_EXPECTATION = 'a date (ISO 8601 string, epoch seconds or epoch milliseconds)';

/** Reads ISO 8601 strings, epoch seconds or milliseconds (numbers or digit strings) and Dates; undefined otherwise. */
export function parseInstant(value: unknown): Instant | undefined {
	const instant = readInstant(value);
	return instant !== undefined && Number.isFinite(instant) && Math.abs(instant) <= MAX_INSTANT ? instant : undefined;
}

function readInstant(value: unknown): Instant | undefined {
	if (value instanceof Date) return value.getTime();
	if (typeof value === 'number') return Number.isFinite(value) ? fromEpochNumber(value) : undefined;
	if (typeof value !== 'string') return undefined;
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

function fromEpochNumber(n: number): Instant {
	return Math.round(Math.abs(n) < EPOCH_SECONDS_LIMIT ? n * 1000 : n);
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
