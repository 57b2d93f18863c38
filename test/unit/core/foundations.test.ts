import fc from 'fast-check';
import { addCalendarMonths, compilePath, numberFrom, parseInstant, readPath, rounder, wholeCalendarMonths, writePath } from '../../../src';

describe('field paths', () => {
	it('reads own properties by dot and index paths', () => {
		const lead = { company: { size: 5, tags: ['a', 'b'] } };
		expect(readPath(lead, compilePath('company.size'))).toBe(5);
		expect(readPath(lead, compilePath('company.tags[1]'))).toBe('b');
		expect(readPath(lead, compilePath('company.missing.deeper'))).toBeUndefined();
	});

	it('never reaches the prototype chain, whatever the path', () => {
		expect(() => compilePath('__proto__')).toThrow('reserved name "__proto__"');
		expect(() => compilePath('a.constructor.prototype')).toThrow('reserved name "constructor"');
		expect(() => compilePath('a..b')).toThrow('empty segment');
		expect(() => compilePath('x'.repeat(300))).toThrow('longer than 256');
		fc.assert(
			fc.property(fc.constantFrom('toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', '__defineGetter__'), (name) => {
				expect(readPath({}, compilePath(name))).toBeUndefined();
				expect(readPath({ a: [] }, compilePath(`a.${name}`))).toBeUndefined();
			}),
		);
	});

	it('writes nested values without touching Object.prototype', () => {
		const target: Record<string, unknown> = {};
		writePath(target, compilePath('leadScore.detail.score'), 7);
		expect(target).toEqual({ leadScore: { detail: { score: 7 } } });
		expect(({} as Record<string, unknown>).detail).toBeUndefined();
	});
});

describe('dates', () => {
	it.each([
		['2026-11-22T10:00:00Z', Date.UTC(2026, 10, 22, 10)],
		['2026-11-22T10:00:00+02:00', Date.UTC(2026, 10, 22, 8)],
		['2026-11-22', Date.UTC(2026, 10, 22)],
		['2026-11-22 10:30', Date.UTC(2026, 10, 22, 10, 30)],
		[1_795_000_000, 1_795_000_000_000],
		['1795000000', 1_795_000_000_000],
		[1_795_000_000_123, 1_795_000_000_123],
		['20261122', Date.UTC(2026, 10, 22)],
		['2028-02-29', Date.UTC(2028, 1, 29)],
	])('reads %p', (input, expected) => {
		expect(parseInstant(input)).toBe(expected);
	});

	it.each([
		['yesterday'],
		['22/11/2026'],
		[''],
		[null],
		[{}],
		[Number.NaN],
		['2026-13-45'],
		['2026-02-30'],
		['2026-02-31T10:00:00Z'],
		['2027-02-29'],
		['20260230'],
		['99999999999999999'],
		[8.7e17],
	])('refuses %p', (input) => {
		expect(parseInstant(input)).toBeUndefined();
	});

	it('adds calendar months, ending clamped months at the end of their last day', () => {
		expect(new Date(addCalendarMonths(Date.UTC(2026, 0, 15, 8), 1)).toISOString()).toBe('2026-02-15T08:00:00.000Z');
		expect(new Date(addCalendarMonths(Date.UTC(2026, 0, 31, 8), 1)).toISOString()).toBe('2026-02-28T23:59:59.999Z');
		expect(new Date(addCalendarMonths(Date.UTC(2028, 0, 31), 1)).toISOString()).toBe('2028-02-29T23:59:59.999Z');
		expect(new Date(addCalendarMonths(Date.UTC(2026, 10, 30), 3)).toISOString()).toBe('2027-02-28T23:59:59.999Z');
		expect(wholeCalendarMonths(Date.UTC(2026, 0, 31), Date.UTC(2026, 2, 1))).toBe(1);
		expect(wholeCalendarMonths(Date.UTC(2026, 0, 31), Date.UTC(2026, 1, 28, 12))).toBe(0);
	});
});

describe('numbers', () => {
	it('reads numbers and decimal text only', () => {
		expect([numberFrom(4), numberFrom(' 42.5 '), numberFrom('-1e3'), numberFrom('.5')]).toEqual([4, 42.5, -1000, 0.5]);
		expect([numberFrom(''), numberFrom('0x10'), numberFrom('12abc'), numberFrom(Infinity), numberFrom(true), numberFrom(null)]).toEqual([
			undefined,
			undefined,
			undefined,
			undefined,
			undefined,
			undefined,
		]);
	});

	it('rounds half away from zero and never yields -0', () => {
		const round = rounder(0);
		expect([round(2.5), round(-2.5), round(-0.4)]).toEqual([3, -3, 0]);
		expect(Object.is(round(-0.4), -0)).toBe(false);
	});
});
