import { z } from '../zod';
import { ConfigError } from '../errors';
import { DAY_MS, MINUTE_MS, type Instant } from '../time';

/**
 * Working hours and business-minute arithmetic in a rep's own IANA time zone, using only Intl.DateTimeFormat.
 * Every boundary is converted to an instant per calendar day, so a day that is 23 or 25 hours long (a
 * daylight-saving change) counts exactly the minutes a clock on the rep's wall would show.
 */

/** Weekdays are ISO numbers: 1 = Monday ... 7 = Sunday. */
export const WEEKDAY_NAMES = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

const clockTime = z
	.string()
	.regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'expected a time of day "HH:MM" (00:00 to 24:00)');

export const workingBlockSchema = z
	.object({
		days: z.array(z.number().int().min(1).max(7)).min(1).max(7),
		start: clockTime,
		end: clockTime,
	})
	.refine((b) => minutesOfDay(b.start) < minutesOfDay(b.end), {
		message: 'start must be before end (split a night shift into two blocks)',
		path: ['end'],
	});

/** One block ({days, start, end}) or several (a lunch break, a short Friday). */
export const workingHoursSchema = z
	.union([workingBlockSchema, z.array(workingBlockSchema).min(1).max(14)])
	.transform((value) => (Array.isArray(value) ? value : [value]));

export type WorkingBlock = z.infer<typeof workingBlockSchema>;
export type WorkingHours = WorkingBlock[];

export const timeZoneSchema = z.string().refine(isTimeZone, 'expected an IANA time zone such as "Europe/Berlin"');

export function isTimeZone(zone: string): boolean {
	if (zone.length === 0 || zone.length > 64) return false;
	try {
		formatterFor(zone);
		return true;
	} catch {
		return false;
	}
}

function minutesOfDay(clock: string): number {
	return Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
}

export interface LocalTime {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	/** ISO weekday, 1 = Monday. */
	weekday: number;
}

const HALF_DAY_MS = DAY_MS / 2;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
	let formatter = formatters.get(zone);
	if (!formatter) {
		formatter = new Intl.DateTimeFormat('en-US', {
			timeZone: zone,
			hourCycle: 'h23',
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric',
		});
		if (formatters.size >= 256) formatters.clear();
		formatters.set(zone, formatter);
	}
	return formatter;
}

function wallClock(instant: Instant, zone: string): Record<string, number> {
	const parts: Record<string, number> = {};
	for (const part of formatterFor(zone).formatToParts(instant)) {
		if (part.type !== 'literal') parts[part.type] = Number(part.value);
	}
	return parts;
}

/** Wall-clock fields of an instant in a zone. */
export function localTime(instant: Instant, zone: string): LocalTime {
	const { year, month, day, hour, minute } = wallClock(instant, zone);
	const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay() || 7;
	return { year, month, day, hour, minute, weekday };
}

/** How far the zone's wall clock is ahead of UTC at this instant, in ms. */
export function zoneOffset(instant: Instant, zone: string): number {
	const wholeSecond = Math.floor(instant / 1000) * 1000;
	const t = wallClock(wholeSecond, zone);
	return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second) - wholeSecond;
}

/**
 * The instant a wall-clock time occurs in a zone. A time skipped by a spring-forward change is moved forward by
 * the gap (02:30 becomes 03:30); a time that occurs twice in the autumn is taken at its first occurrence.
 */
export function zonedInstant(year: number, month: number, day: number, minuteOfDay: number, zone: string): Instant {
	const wall = Date.UTC(year, month - 1, day) + minuteOfDay * MINUTE_MS;
	// Offsets in force half a day either side cover any single change on this date.
	const offsetBefore = zoneOffset(wall - HALF_DAY_MS, zone);
	const offsetAfter = zoneOffset(wall + HALF_DAY_MS, zone);
	const candidates = [wall - offsetBefore, wall - offsetAfter].filter((t) => t + zoneOffset(t, zone) === wall);
	if (candidates.length > 0) return Math.min(...candidates);
	return wall - offsetBefore;
}

interface Interval {
	start: Instant;
	end: Instant;
}

/** The working intervals of one local calendar date, merged and in order. */
function workingIntervals(year: number, month: number, day: number, hours: WorkingHours, zone: string): Interval[] {
	const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay() || 7;
	const blocks = hours
		.filter((b) => b.days.includes(weekday))
		.map((b) => [minutesOfDay(b.start), minutesOfDay(b.end)] as const)
		.sort((a, b) => a[0] - b[0]);
	const merged: Array<[number, number]> = [];
	for (const [start, end] of blocks) {
		const last = merged[merged.length - 1];
		if (last && start <= last[1]) last[1] = Math.max(last[1], end);
		else merged.push([start, end]);
	}
	return merged.map(([start, end]) => ({
		start: zonedInstant(year, month, day, start, zone),
		end: zonedInstant(year, month, day, end, zone),
	}));
}

export function isWithinWorkingHours(instant: Instant, hours: WorkingHours, zone: string): boolean {
	const t = localTime(instant, zone);
	return workingIntervals(t.year, t.month, t.day, hours, zone).some((i) => instant >= i.start && instant < i.end);
}

/** Longest search for working time: enough for any SLA of up to 30 days with one working day a week. */
export const MAX_DAYS_SEARCHED = 1100;

/** Working minutes in a week (overlapping blocks counted once). */
export function weeklyWorkingMinutes(hours: WorkingHours): number {
	let total = 0;
	for (let day = 1; day <= 7; day++) {
		const intervals = hours
			.filter((b) => b.days.includes(day))
			.map((b) => [minutesOfDay(b.start), minutesOfDay(b.end)])
			.sort((x, y) => x[0] - y[0]);
		let reached = 0;
		for (const [start, end] of intervals) {
			total += Math.max(0, end - Math.max(start, reached));
			reached = Math.max(reached, end);
		}
	}
	return total;
}

/**
 * The instant at which `minutes` working minutes have passed after `start`, counted only inside the working
 * hours in `zone`. Time before the first working interval is skipped, so a lead arriving on Saturday is due
 * `minutes` after Monday's opening.
 */
export function addBusinessMinutes(start: Instant, minutes: number, hours: WorkingHours, zone: string): Instant {
	let remaining = minutes * MINUTE_MS;
	const first = localTime(start, zone);
	let date = Date.UTC(first.year, first.month - 1, first.day);
	for (let i = 0; i < MAX_DAYS_SEARCHED; i++, date += DAY_MS) {
		const d = new Date(date);
		for (const interval of workingIntervals(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), hours, zone)) {
			const from = Math.max(interval.start, start);
			if (from >= interval.end) continue;
			if (remaining === 0) return from;
			const available = interval.end - from;
			if (remaining <= available) return from + remaining;
			remaining -= available;
		}
	}
	throw new ConfigError('routing settings', [
		{ path: 'sla.minutes', message: `the rep's working hours hold fewer than ${minutes} working minutes within ${MAX_DAYS_SEARCHED} days` },
	]);
}

/** "2026-12-01" or "2026-12-01 13:30" on the zone's wall clock. */
export function formatLocal(instant: Instant, zone: string): string {
	const t = localTime(instant, zone);
	const pad = (n: number) => String(n).padStart(2, '0');
	const date = `${t.year}-${pad(t.month)}-${pad(t.day)}`;
	return t.hour === 0 && t.minute === 0 ? date : `${date} ${pad(t.hour)}:${pad(t.minute)}`;
}
