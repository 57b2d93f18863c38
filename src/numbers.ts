import { InputError } from './errors';

// One way to match each text (no nested or adjacent repeats), so a long hostile string is checked in linear time.
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

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

export function isBlank(value: unknown): boolean {
	return value === undefined || value === null || value === '';
}

/** Rounds half away from zero, so -2.5 and 2.5 round alike, and never yields -0. */
export function rounder(decimals: number): (n: number) => number {
	const factor = 10 ** decimals;
	return (n) => (Math.round(Math.abs(n) * factor) / factor) * (n < 0 ? -1 : 1) + 0;
}
