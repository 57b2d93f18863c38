import { z } from '../zod';
import { ConfigError, InputError } from '../errors';
import { DAY_MS, requireAsOf, wholeCalendarMonths, type Instant } from '../time';
import { parseWithSchema } from '../validation';

/**
 * Decay curves: how a score (or one event's points) fades while a lead is inactive.
 *
 * Shared semantics, for every curve:
 * - The age is measured from `since` (when the value was earned, or the last activity) to an explicit `asOf`.
 * - `graceDays` (default 0): nothing decays before `since + graceDays`; the curve's clock starts at the end
 *   of the grace period, so whole periods and windows are counted from there.
 * - `floor` (default 0) is a magnitude floor: decay never takes |value| below it, and a value whose magnitude
 *   is already at or below the floor is left as it is.
 * - Values move toward zero and never cross it; negative values fade symmetrically (-10 decays like 10).
 * - An age of zero or less (`since` at or after `asOf`) leaves the value unchanged.
 * - Nothing is rounded; callers round for display.
 * - "Within N days" has one boundary across the package: a value (or event) counts while its age is less than N
 *   days and is out at exactly N days. The `window` curve and an engagement rule's `withinDays` both follow it.
 * - The value must be a finite number and `since` and `asOf` valid instants (requireAsOf); a curve that was not
 *   validated (parseDecayCurve) and gives no number fails with the curve's problems. Never NaN.
 *
 * Curves:
 * - `halfLife`: value x 0.5^(days / halfLifeDays), continuous (7-day half-life: 100 -> 50 after 7 days).
 * - `compoundingPercent`: minus `percent` % of the current value per whole period of `every` `unit`s
 *   (25 % per 30 days: 100 -> 75 after 30 days -> 56.25 after 60 days).
 * - `linearPercent`: minus `percent` % of the original value per whole period, never past zero
 *   (10 points at 50 % per month: 5 after one month, 0 after two).
 * - `pointsPerDay`: minus `points` per whole day (24 h) elapsed, never past zero. Whole days, not continuous,
 *   so a nightly job gives the same result whichever hour it runs, and results stay exact.
 * - `window`: the full value until it is `days` days old, then nothing (exactly at `days` it is gone).
 *
 * Periods in `days` and `weeks` are fixed lengths (24 h and 7 x 24 h, in UTC); `months` are calendar months in
 * UTC: a period ends on the same day and time of a later month, or at the end of that month's last day when it
 * is shorter (Jan 31 -> end of Feb 28, or of Feb 29 in a leap year).
 */
const shared = {
	graceDays: z.number().min(0).optional(),
	floor: z.number().min(0).optional(),
};

const periodic = {
	percent: z.number().gt(0, 'expected a percentage above 0').max(100, 'expected a percentage of at most 100'),
	every: z.number().int('expected a whole number of periods').min(1).default(1),
	unit: z.enum(['days', 'weeks', 'months']),
	...shared,
};

export const decayCurveSchema = z.discriminatedUnion('curve', [
	z.strictObject({ curve: z.literal('halfLife'), halfLifeDays: z.number().gt(0), ...shared }),
	z.strictObject({ curve: z.literal('compoundingPercent'), ...periodic }),
	z.strictObject({ curve: z.literal('linearPercent'), ...periodic }),
	z.strictObject({ curve: z.literal('pointsPerDay'), points: z.number().gt(0), ...shared }),
	z.strictObject({ curve: z.literal('window'), days: z.number().gt(0), ...shared }),
]);

export type DecayCurve = z.infer<typeof decayCurveSchema>;
export type DecayCurveName = DecayCurve['curve'];
type PeriodicCurve = Extract<DecayCurve, { curve: 'compoundingPercent' | 'linearPercent' }>;

/** The value as it stands at `asOf`, when it was `value` at `since` (see the semantics above). */
export function decayValue(curve: DecayCurve, value: number, since: Instant, asOf: Instant): number {
	if (typeof value !== 'number' || !Number.isFinite(value)) throw new InputError('value', 'a finite number', value);
	const from = requireAsOf(since, 'since');
	const to = requireAsOf(asOf);
	const magnitude = Math.abs(value);
	const floor = curve.floor ?? 0;
	if (magnitude <= floor) return value;
	const clockStart = from + (curve.graceDays ?? 0) * DAY_MS;
	if (to <= clockStart) return value;
	const computed = decayedMagnitude(curve, magnitude, clockStart, to);
	// Only a curve that skipped validation gets here (a missing or non-numeric setting): name its problems.
	if (Number.isNaN(computed) || Number.isNaN(floor)) throw invalidCurve(curve);
	const decayed = Math.max(computed, floor);
	if (decayed >= magnitude) return value;
	// 0 rather than -0, so a faded negative value compares and prints as plain zero.
	return decayed === 0 ? 0 : Math.sign(value) * decayed;
}

function decayedMagnitude(curve: DecayCurve, magnitude: number, start: Instant, asOf: Instant): number {
	const days = (asOf - start) / DAY_MS;
	switch (curve.curve) {
		case 'halfLife':
			return magnitude * 0.5 ** (days / curve.halfLifeDays);
		case 'compoundingPercent':
			// (100 - p) / 100 is one correctly rounded division: 25 % gives exactly 0.75.
			return magnitude * ((100 - curve.percent) / 100) ** wholePeriods(curve, start, asOf);
		case 'linearPercent':
			return (magnitude * Math.max(0, 100 - curve.percent * wholePeriods(curve, start, asOf))) / 100;
		case 'pointsPerDay':
			return Math.max(0, magnitude - curve.points * Math.floor(days));
		case 'window':
			return days >= curve.days ? 0 : magnitude;
	}
}

function wholePeriods(curve: PeriodicCurve, start: Instant, asOf: Instant): number {
	// `every` defaults to 1 when the schema parses a curve; a curve built in code may leave it out.
	const every = curve.every ?? 1;
	if (curve.unit === 'months') return Math.floor(wholeCalendarMonths(start, asOf) / every);
	const periodMs = every * (curve.unit === 'weeks' ? 7 : 1) * DAY_MS;
	return Math.floor((asOf - start) / periodMs);
}

/** A one-line summary for explanations and node output ("minus 25 % of the current value per 30 days, after 7 days of grace"). */
export function describeCurve(curve: DecayCurve): string {
	const parts = [describeShape(curve)];
	if (curve.graceDays) parts.push(`after ${plural(curve.graceDays, 'day')} of grace`);
	if (curve.floor) parts.push(`never below ${curve.floor} points`);
	return parts.join(', ');
}

function describeShape(curve: DecayCurve): string {
	switch (curve.curve) {
		case 'halfLife':
			return `halves every ${plural(curve.halfLifeDays, 'day')}`;
		case 'compoundingPercent':
			return `minus ${curve.percent} % of the current value per ${period(curve)}`;
		case 'linearPercent':
			return `minus ${curve.percent} % of the original value per ${period(curve)}`;
		case 'pointsPerDay':
			return `minus ${plural(curve.points, 'point')} per day`;
		case 'window':
			return `counts in full for ${plural(curve.days, 'day')}, then not at all`;
	}
}

function period(curve: PeriodicCurve): string {
	const unit = curve.unit.slice(0, -1);
	return curve.every === 1 ? unit : plural(curve.every, unit);
}

function plural(count: number, noun: string): string {
	return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function invalidCurve(curve: unknown): Error {
	try {
		parseDecayCurve(curve);
	} catch (error) {
		return error as Error;
	}
	return new ConfigError('decay curve', [{ path: '', message: 'gives no number' }]);
}

/** Validates a curve from a model or node setting, listing every problem by path. */
export function parseDecayCurve(raw: unknown, subject = 'decay curve'): DecayCurve {
	return parseWithSchema(decayCurveSchema, raw, subject);
}
