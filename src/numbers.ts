import { InputError } from './errors';

// One way to match each text (no nested or adjacent repeats), so a long hostile string is checked in linear time.
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

/**
 * The largest magnitude of points, scores and stored scores. Sums of up to 10,000 events of this size stay exact
 * to the cent (below 2^53 / 100) and far from overflow, so no sum, product or rounding can become Infinity or
 * NaN; a lead field beyond it is a data error (an export glitch), not a score.
 */
export const MAX_POINTS = 1e12;
const POINTS_RANGE = 'between -1e12 and 1e12';

/** A finite number, or decimal text as CRMs and forms often send it ("42.5", " 7 "); undefined for anything else. */
export function numberFrom(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	if (!DECIMAL.test(text)) return undefined;
	const n = Number(text);
	return Number.isFinite(n) ? n : undefined;
}

export function requireNumber(value: unknown, field: string, expected = 'a number'): number {
	const n = numberFrom(value);
	if (n === undefined) throw new InputError(field, expected, value);
	return n;
}

/** Points or a score read from a lead, which arithmetic will use: a number within ±MAX_POINTS. */
export function requirePoints(value: unknown, field: string, expected = 'a number of points'): number {
	const n = numberFrom(value);
	if (n === undefined || Math.abs(n) > MAX_POINTS) throw new InputError(field, `${expected} ${POINTS_RANGE}`, value);
	return n;
}

/** Whether a number may be used as points or a score (for schemas of models and settings). */
export function isPoints(n: number): boolean {
	return Number.isFinite(n) && Math.abs(n) <= MAX_POINTS;
}
export const POINTS_MESSAGE = `expected a number ${POINTS_RANGE}`;

export function isBlank(value: unknown): boolean {
	return value === undefined || value === null || value === '';
}

/**
 * Rounds half away from zero, so -2.5 and 2.5 round alike, and never yields -0. A number too large for the
 * decimals to matter (|n| * 10^decimals beyond 2^52, where doubles hold only whole numbers) is returned as it is,
 * instead of overflowing to Infinity and dividing back to NaN.
 */
export function rounder(decimals: number): (n: number) => number {
	const factor = 10 ** decimals;
	return (n) => {
		const scaled = Math.abs(n) * factor;
		if (!(scaled < 2 ** 52)) return n + 0;
		return (Math.round(scaled) / factor) * (n < 0 ? -1 : 1) + 0;
	};
}
