import fc from 'fast-check';
import { fromEpochNumber, parseInstant } from '../../../src';

/**
 * The date parser as it was before the fast path (regular expressions and Date.parse), kept verbatim as the
 * reference: the fast path must give the same instant, or the same refusal, for every string. Only the reading of
 * epoch numbers is shared (fromEpochNumber), since microseconds are read on purpose now.
 */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;
const DIGITS = /^-?\d{1,16}(?:\.\d+)?$/;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;

function referenceCalendarDate(year: number, month: number, day: number): number | undefined {
	const instant = Date.UTC(year, month - 1, day);
	const d = new Date(instant);
	return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day ? instant : undefined;
}

function referenceRead(value: string): number | undefined {
	const text = value.trim();
	const compact = COMPACT_DATE.exec(text);
	if (compact) return referenceCalendarDate(Number(compact[1]), Number(compact[2]), Number(compact[3]));
	if (DIGITS.test(text)) return fromEpochNumber(Number(text));
	if (!ISO_DATE.test(text)) return undefined;
	const [year, month, day] = text.slice(0, 10).split('-').map(Number);
	if (referenceCalendarDate(year, month, day) === undefined) return undefined;
	const hasOffset = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(text) && text.length > 10;
	const normalised = text.replace(' ', 'T');
	const millis = Date.parse(hasOffset || text.length === 10 ? normalised : `${normalised}Z`);
	return Number.isNaN(millis) ? undefined : millis;
}

function reference(value: string): number | undefined {
	const instant = referenceRead(value);
	return instant !== undefined && Number.isFinite(instant) && Math.abs(instant) <= 8.64e15 ? instant : undefined;
}

/**
 * How many strings each property draws. The default keeps the suite to a few seconds; the brief's "millions" is
 * `TIME_PARSER_RUNS=2000000 npx jest test/unit/core/time.test.ts` (about a minute on an idle core).
 */
const RUNS = Number(process.env.TIME_PARSER_RUNS || 200_000);
const PER_PROPERTY = Math.max(1, Math.floor(RUNS / 4));

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const DIGIT = fc.constantFrom(...'0123456789'.split(''));
const digitsOf = (minLength: number, maxLength: number) => fc.string({ unit: DIGIT, minLength, maxLength });
/** Fields near and beyond their ranges (month 13, day 31 in April, hour 24, second 60), so refusals are drawn too. */
const isoLike = fc
	.record({
		year: fc.oneof(fc.integer({ min: 1900, max: 2100 }), fc.integer({ min: 0, max: 9999 })),
		month: fc.integer({ min: 0, max: 19 }),
		day: fc.integer({ min: 0, max: 39 }),
		separator: fc.constantFrom('T', ' ', 't', 'x', '', '  '),
		time: fc.option(
			fc.record({
				hour: fc.integer({ min: 0, max: 29 }),
				minute: fc.integer({ min: 0, max: 69 }),
				second: fc.option(fc.integer({ min: 0, max: 69 })),
				fraction: fc.option(digitsOf(0, 12)),
			}),
		),
		zone: fc.oneof(
			fc.constantFrom('', 'Z', 'z', '+', '-', 'UTC', ' Z'),
			fc.record({ sign: fc.constantFrom('+', '-', '~'), hour: fc.integer({ min: 0, max: 29 }), minute: fc.integer({ min: 0, max: 69 }), colon: fc.constantFrom(':', '', '::') })
				.map(({ sign, hour, minute, colon }) => `${sign}${pad(hour, 2)}${colon}${pad(minute, 2)}`),
		),
		around: fc.constantFrom('', ' ', '\t', '\n'),
	})
	.map(({ year, month, day, separator, time, zone, around }) => {
		let text = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
		if (time) {
			text += `${separator}${pad(time.hour, 2)}:${pad(time.minute, 2)}`;
			if (time.second !== null) text += `:${pad(time.second, 2)}${time.fraction === null ? '' : `.${time.fraction}`}`;
		}
		return `${around}${text}${zone}${around}`;
	});
const ALPHABET = '0123456789-:T Zz+.tx';
/** A valid-looking string with one character replaced, inserted or removed. */
const mutated = fc
	.tuple(isoLike, fc.nat(), fc.constantFrom(...ALPHABET.split('')), fc.constantFrom('replace', 'insert', 'remove'))
	.map(([text, at, char, how]) => {
		const i = at % (text.length + 1);
		if (how === 'insert') return text.slice(0, i) + char + text.slice(i);
		return text.slice(0, i) + (how === 'replace' ? char : '') + text.slice(i + 1);
	});
const epochLike = fc
	.tuple(fc.constantFrom('', '-', '+', ' '), digitsOf(0, 20), fc.option(digitsOf(0, 4)), fc.constantFrom('', ' ', 'Z'))
	.map(([sign, digits, fraction, tail]) => `${sign}${digits}${fraction === null ? '' : `.${fraction}`}${tail}`);

describe('date text: the fast path gives what the reference parser gives', () => {
	const same = (text: string) => {
		expect(parseInstant(text)).toBe(reference(text));
	};
	it('on ISO 8601 shapes, valid and not', () => fc.assert(fc.property(isoLike, same), { numRuns: PER_PROPERTY }));
	it('on ISO 8601 shapes with one character changed', () => fc.assert(fc.property(mutated, same), { numRuns: PER_PROPERTY }));
	it('on epoch digit strings, signs and fractions', () => fc.assert(fc.property(epochLike, same), { numRuns: PER_PROPERTY }));
	it('on any short text', () => fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...ALPHABET.split('')), maxLength: 30 }), same), { numRuns: PER_PROPERTY }));

	it.each([
		['2026-11-22T10:00:00Z', Date.UTC(2026, 10, 22, 10)],
		['2026-11-22T10:00:00.5Z', Date.UTC(2026, 10, 22, 10, 0, 0, 500)],
		['2026-11-22T10:00:00.123456789Z', Date.UTC(2026, 10, 22, 10, 0, 0, 123)],
		['2026-11-22T10:00:00+0530', Date.UTC(2026, 10, 22, 4, 30)],
		['2026-11-22T10:00-03:00', Date.UTC(2026, 10, 22, 13)],
		['2028-02-29T00:00:00Z', Date.UTC(2028, 1, 29)],
		['0100-03-01', Date.UTC(100, 2, 1)],
	])('reads the common form %p exactly', (text, expected) => {
		expect(parseInstant(text)).toBe(expected);
		expect(reference(text)).toBe(expected);
	});
});

describe('epoch numbers', () => {
	it.each([
		[1_764_547_200, Date.UTC(2025, 11, 1)],
		[1_764_547_200_000, Date.UTC(2025, 11, 1)],
		[1_764_547_200_000_000, Date.UTC(2025, 11, 1)],
		['1764547200000000', Date.UTC(2025, 11, 1)],
		[1_764_547_200_123_999, Date.UTC(2025, 11, 1) + 123],
	])('reads %p as seconds, milliseconds or microseconds by its size', (input, expected) => {
		expect(parseInstant(input)).toBe(expected);
	});

	it('refuses nanoseconds, which would be read as milliseconds beyond Date\'s range', () => {
		expect(parseInstant(1_764_547_200_000_000_000)).toBeUndefined();
	});
});
