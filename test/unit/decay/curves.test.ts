import fc from 'fast-check';
import { ConfigError } from '../../../src/errors';
import { DAY_MS } from '../../../src/time';
import { decayValue, describeCurve, parseDecayCurve, type DecayCurve } from '../../../src/decay';

const at = (iso: string) => Date.parse(iso);
const JAN_1 = at('2026-01-01T09:00:00Z');
const daysAfter = (since: number, days: number) => since + days * DAY_MS;

describe('halfLife', () => {
	const curve: DecayCurve = { curve: 'halfLife', halfLifeDays: 7 };

	it('halves once per half-life, continuously', () => {
		expect(decayValue(curve, 100, JAN_1, daysAfter(JAN_1, 7))).toBe(50); // 100 x 0.5^1
		expect(decayValue(curve, 100, JAN_1, daysAfter(JAN_1, 14))).toBe(25); // 100 x 0.5^2
		expect(decayValue(curve, 100, JAN_1, daysAfter(JAN_1, 3.5))).toBeCloseTo(70.710678, 6); // 100 x 0.5^0.5 = 100 / sqrt 2
	});

	it('starts the clock at the end of the grace period', () => {
		const graced: DecayCurve = { curve: 'halfLife', halfLifeDays: 10, graceDays: 5 };
		expect(decayValue(graced, 100, JAN_1, daysAfter(JAN_1, 5))).toBe(100); // still in grace
		expect(decayValue(graced, 100, JAN_1, daysAfter(JAN_1, 15))).toBe(50); // 10 days past grace = one half-life
	});
});

describe('compoundingPercent', () => {
	const curve: DecayCurve = { curve: 'compoundingPercent', percent: 25, every: 30, unit: 'days' };

	it('takes p % of the current value per whole period', () => {
		expect(decayValue(curve, 100, JAN_1, daysAfter(JAN_1, 29.99))).toBe(100); // no whole period yet
		expect(decayValue(curve, 100, JAN_1, daysAfter(JAN_1, 30))).toBe(75); // 100 - 25 % of 100
		expect(decayValue(curve, 100, JAN_1, daysAfter(JAN_1, 60))).toBe(56.25); // 75 - 25 % of 75
		expect(decayValue(curve, 100, JAN_1, daysAfter(JAN_1, 89))).toBe(56.25); // still two periods
		expect(decayValue(curve, 100, JAN_1, daysAfter(JAN_1, 90))).toBe(42.1875); // 56.25 x 0.75
	});

	it('counts weeks as 7 days', () => {
		const weekly: DecayCurve = { curve: 'compoundingPercent', percent: 10, every: 2, unit: 'weeks' };
		expect(decayValue(weekly, 200, JAN_1, daysAfter(JAN_1, 13))).toBe(200);
		expect(decayValue(weekly, 200, JAN_1, daysAfter(JAN_1, 14))).toBe(180); // 200 x 0.9
		expect(decayValue(weekly, 200, JAN_1, daysAfter(JAN_1, 28))).toBe(162); // 180 x 0.9
	});

	it('counts periods from the end of grace', () => {
		const graced: DecayCurve = { ...curve, graceDays: 10 };
		expect(decayValue(graced, 100, JAN_1, daysAfter(JAN_1, 39))).toBe(100); // 29 days past grace
		expect(decayValue(graced, 100, JAN_1, daysAfter(JAN_1, 40))).toBe(75); // 30 days past grace
	});

	it('fades negative values toward zero', () => {
		expect(decayValue(curve, -100, JAN_1, daysAfter(JAN_1, 60))).toBe(-56.25);
	});

	it('takes everything at 100 % after one period', () => {
		const total: DecayCurve = { curve: 'compoundingPercent', percent: 100, every: 1, unit: 'days' };
		expect(decayValue(total, 40, JAN_1, daysAfter(JAN_1, 0.5))).toBe(40);
		expect(decayValue(total, 40, JAN_1, daysAfter(JAN_1, 1))).toBe(0);
	});
});

describe('calendar months', () => {
	const halving: DecayCurve = { curve: 'compoundingPercent', percent: 50, every: 1, unit: 'months' };

	it('ends a month from Jan 31 at the end of the last day of February', () => {
		// Jan 31 + 1 month has no Feb 31: it is the end of Feb 28, so a later start never decays first.
		const since = at('2026-01-31T10:00:00Z');
		expect(decayValue(halving, 80, since, at('2026-02-28T23:59:59.998Z'))).toBe(80);
		expect(decayValue(halving, 80, since, at('2026-02-28T23:59:59.999Z'))).toBe(40);
		expect(decayValue(halving, 80, since, at('2026-03-30T10:00:00Z'))).toBe(40); // Jan 31 + 2 months = Mar 31
		expect(decayValue(halving, 80, since, at('2026-03-31T10:00:00Z'))).toBe(20);
	});

	it('ends a month from Jan 31 on Feb 29 in a leap year', () => {
		const since = at('2028-01-31T00:00:00Z');
		expect(decayValue(halving, 80, since, at('2028-02-29T23:59:59.998Z'))).toBe(80);
		expect(decayValue(halving, 80, since, at('2028-02-29T23:59:59.999Z'))).toBe(40);
	});

	it('ends a year from Feb 29 on Feb 28', () => {
		const yearly: DecayCurve = { curve: 'linearPercent', percent: 50, every: 12, unit: 'months' };
		const since = at('2028-02-29T12:00:00Z');
		expect(decayValue(yearly, 10, since, at('2029-02-28T12:00:00Z'))).toBe(10);
		expect(decayValue(yearly, 10, since, at('2029-02-28T23:59:59.999Z'))).toBe(5); // 10 x (100 - 50) / 100
	});

	it('crosses a year boundary', () => {
		const since = at('2026-12-15T08:00:00Z');
		expect(decayValue(halving, 80, since, at('2027-01-15T07:59:59Z'))).toBe(80);
		expect(decayValue(halving, 80, since, at('2027-01-15T08:00:00Z'))).toBe(40);
		expect(decayValue(halving, 80, since, at('2027-03-15T08:00:00Z'))).toBe(10); // 3 months: 80 / 2^3
	});

	it('counts months from the end of grace', () => {
		// Grace of 10 days from Jan 21 ends on Jan 31, so the first month ends at the end of Feb 28.
		const graced: DecayCurve = { ...halving, graceDays: 10 };
		const since = at('2026-01-21T00:00:00Z');
		expect(decayValue(graced, 80, since, at('2026-02-28T12:00:00Z'))).toBe(80);
		expect(decayValue(graced, 80, since, at('2026-03-01T00:00:00Z'))).toBe(40);
	});
});

describe('linearPercent', () => {
	it('takes p % of the original value per whole period and stops at zero', () => {
		const curve: DecayCurve = { curve: 'linearPercent', percent: 50, every: 1, unit: 'months' };
		const since = at('2026-03-10T00:00:00Z');
		expect(decayValue(curve, 10, since, at('2026-04-10T00:00:00Z'))).toBe(5); // 10 - 50 % of 10
		expect(decayValue(curve, 10, since, at('2026-05-10T00:00:00Z'))).toBe(0); // 10 - 2 x 5
		expect(decayValue(curve, 10, since, at('2026-06-10T00:00:00Z'))).toBe(0); // 10 - 3 x 5 would be -5: stops at 0
	});

	it('subtracts the same amount each period', () => {
		const curve: DecayCurve = { curve: 'linearPercent', percent: 30, every: 7, unit: 'days' };
		expect(decayValue(curve, 10, JAN_1, daysAfter(JAN_1, 7))).toBe(7); // 10 x 70 / 100
		expect(decayValue(curve, 10, JAN_1, daysAfter(JAN_1, 14))).toBe(4); // 10 x 40 / 100
		expect(decayValue(curve, 10, JAN_1, daysAfter(JAN_1, 21))).toBe(1); // 10 x 10 / 100
		expect(decayValue(curve, 10, JAN_1, daysAfter(JAN_1, 28))).toBe(0); // 10 x max(0, -20) / 100
		expect(Object.is(decayValue(curve, -10, JAN_1, daysAfter(JAN_1, 28)), 0)).toBe(true); // plain 0, not -0
	});
});

describe('pointsPerDay', () => {
	const curve: DecayCurve = { curve: 'pointsPerDay', points: 3 };

	it('takes k points per whole day, not crossing zero', () => {
		expect(decayValue(curve, 10, JAN_1, daysAfter(JAN_1, 0.99))).toBe(10);
		expect(decayValue(curve, 10, JAN_1, daysAfter(JAN_1, 1.99))).toBe(7); // 10 - 3 x 1
		expect(decayValue(curve, 10, JAN_1, daysAfter(JAN_1, 2))).toBe(4); // 10 - 3 x 2
		expect(decayValue(curve, 10, JAN_1, daysAfter(JAN_1, 4))).toBe(0); // 10 - 12 stops at 0
		expect(decayValue(curve, -10, JAN_1, daysAfter(JAN_1, 2))).toBe(-4); // -10 + 3 x 2
	});
});

describe('window', () => {
	const curve: DecayCurve = { curve: 'window', days: 30 };

	it('counts in full until N days old, then not at all', () => {
		expect(decayValue(curve, 15, JAN_1, daysAfter(JAN_1, 29.999))).toBe(15);
		expect(decayValue(curve, 15, JAN_1, daysAfter(JAN_1, 30))).toBe(0);
	});

	it('opens the window at the end of grace', () => {
		const graced: DecayCurve = { ...curve, graceDays: 10 };
		expect(decayValue(graced, 15, JAN_1, daysAfter(JAN_1, 39.999))).toBe(15);
		expect(decayValue(graced, 15, JAN_1, daysAfter(JAN_1, 40))).toBe(0);
	});
});

describe('floor and age', () => {
	it('never takes the magnitude below the floor', () => {
		const curve: DecayCurve = { curve: 'halfLife', halfLifeDays: 10, floor: 20 };
		expect(decayValue(curve, 100, JAN_1, daysAfter(JAN_1, 10))).toBe(50);
		expect(decayValue(curve, 100, JAN_1, daysAfter(JAN_1, 30))).toBe(20); // 12.5 is below the floor
		expect(decayValue(curve, -100, JAN_1, daysAfter(JAN_1, 30))).toBe(-20);
		expect(decayValue({ curve: 'window', days: 1, floor: 5 }, 40, JAN_1, daysAfter(JAN_1, 2))).toBe(5);
	});

	it('leaves a value already at or below the floor unchanged', () => {
		const curve: DecayCurve = { curve: 'pointsPerDay', points: 1, floor: 20 };
		expect(decayValue(curve, 15, JAN_1, daysAfter(JAN_1, 100))).toBe(15);
		expect(decayValue(curve, -20, JAN_1, daysAfter(JAN_1, 100))).toBe(-20);
	});

	it('leaves values from the future or of age zero unchanged', () => {
		const curve: DecayCurve = { curve: 'window', days: 1 };
		expect(decayValue(curve, 10, JAN_1, JAN_1)).toBe(10);
		expect(decayValue(curve, 10, daysAfter(JAN_1, 5), JAN_1)).toBe(10);
	});
});

describe('parseDecayCurve', () => {
	it('lists every problem by path', () => {
		const raw = { curve: 'compoundingPercent', percent: 0, every: 1.5, unit: 'years', graceDays: -1 };
		let error: unknown;
		try {
			parseDecayCurve(raw);
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(ConfigError);
		expect((error as ConfigError).issues.map((i) => i.path).sort()).toEqual(['every', 'graceDays', 'percent', 'unit']);
	});

	it('names an unknown curve and refuses unknown settings', () => {
		expect(() => parseDecayCurve({ curve: 'exponential' })).toThrow(/curve/);
		expect(() => parseDecayCurve({ curve: 'window', days: 3, halfLifeDays: 2 })).toThrow(/halfLifeDays/);
		expect(() => parseDecayCurve({ curve: 'halfLife', halfLifeDays: Infinity })).toThrow(/halfLifeDays/);
	});

	it('defaults every to one period', () => {
		expect(parseDecayCurve({ curve: 'linearPercent', percent: 50, unit: 'months' })).toEqual({
			curve: 'linearPercent',
			percent: 50,
			every: 1,
			unit: 'months',
		});
	});
});

describe('describeCurve', () => {
	it('summarises each curve in one line', () => {
		expect(describeCurve({ curve: 'halfLife', halfLifeDays: 30 })).toBe('halves every 30 days');
		expect(describeCurve({ curve: 'compoundingPercent', percent: 25, every: 30, unit: 'days', graceDays: 7 })).toBe(
			'minus 25 % of the current value per 30 days, after 7 days of grace',
		);
		expect(describeCurve({ curve: 'linearPercent', percent: 50, every: 1, unit: 'months', floor: 5 })).toBe(
			'minus 50 % of the original value per month, never below 5 points',
		);
		expect(describeCurve({ curve: 'pointsPerDay', points: 1 })).toBe('minus 1 point per day');
		expect(describeCurve({ curve: 'window', days: 90 })).toBe('counts in full for 90 days, then not at all');
	});
});

describe('properties', () => {
	const shared = { graceDays: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }), floor: fc.option(fc.integer({ min: 0, max: 50 }), { nil: undefined }) };
	const periodic = {
		percent: fc.integer({ min: 1, max: 100 }),
		every: fc.integer({ min: 1, max: 12 }),
		unit: fc.constantFrom('days' as const, 'weeks' as const, 'months' as const),
		...shared,
	};
	const curveArb: fc.Arbitrary<DecayCurve> = fc.oneof(
		fc.record({ curve: fc.constant('halfLife' as const), halfLifeDays: fc.integer({ min: 1, max: 365 }), ...shared }),
		fc.record({ curve: fc.constant('compoundingPercent' as const), ...periodic }),
		fc.record({ curve: fc.constant('linearPercent' as const), ...periodic }),
		fc.record({ curve: fc.constant('pointsPerDay' as const), points: fc.integer({ min: 1, max: 20 }), ...shared }),
		fc.record({ curve: fc.constant('window' as const), days: fc.integer({ min: 1, max: 365 }), ...shared }),
	);
	const valueArb = fc.double({ min: -1000, max: 1000, noNaN: true });
	const instantArb = fc.integer({ min: at('2020-01-01T00:00:00Z'), max: at('2030-12-31T00:00:00Z') });
	const ageArb = fc.integer({ min: 0, max: 3 * 365 * DAY_MS });

	it('never increases the magnitude, never crosses zero and respects the floor', () => {
		fc.assert(
			fc.property(curveArb, valueArb, instantArb, ageArb, (curve, value, since, age) => {
				const decayed = decayValue(curve, value, since, since + age);
				expect(Math.abs(decayed)).toBeLessThanOrEqual(Math.abs(value));
				expect(decayed * value).toBeGreaterThanOrEqual(0);
				const floor = curve.floor ?? 0;
				if (Math.abs(value) <= floor) expect(decayed).toBe(value);
				else expect(Math.abs(decayed)).toBeGreaterThanOrEqual(floor);
			}),
		);
	});

	it('keeps month ends monotone: Jan 30 23:00 never outlasts Jan 31 01:00', () => {
		const halving: DecayCurve = { curve: 'compoundingPercent', percent: 50, every: 1, unit: 'months' };
		const asOf = at('2026-02-28T12:00:00Z');
		// both reach their first month at the end of Feb 28: neither has decayed at noon
		expect(decayValue(halving, 80, at('2026-01-30T23:00:00Z'), asOf)).toBe(80);
		expect(decayValue(halving, 80, at('2026-01-31T01:00:00Z'), asOf)).toBe(80);
	});

	it('is monotone in age: a later asOf never leaves more', () => {
		fc.assert(
			fc.property(curveArb, valueArb, instantArb, ageArb, ageArb, (curve, value, since, a, b) => {
				const [younger, older] = a <= b ? [a, b] : [b, a];
				const atYounger = decayValue(curve, value, since, since + younger);
				const atOlder = decayValue(curve, value, since, since + older);
				expect(Math.abs(atOlder)).toBeLessThanOrEqual(Math.abs(atYounger));
			}),
		);
	});

	it('never leaves an older value more than a newer one at the same asOf, calendar months included', () => {
		fc.assert(
			fc.property(curveArb, valueArb, instantArb, ageArb, ageArb, (curve, value, asOf, a, b) => {
				const [newer, older] = a <= b ? [asOf - a, asOf - b] : [asOf - b, asOf - a];
				expect(Math.abs(decayValue(curve, value, older, asOf))).toBeLessThanOrEqual(Math.abs(decayValue(curve, value, newer, asOf)));
			}),
		);
	});

	it('fades negative values exactly as positive ones', () => {
		fc.assert(
			fc.property(curveArb, valueArb, instantArb, ageArb, (curve, value, since, age) => {
				expect(decayValue(curve, -value, since, since + age) === -decayValue(curve, value, since, since + age)).toBe(true);
			}),
		);
	});

	it('leaves the value unchanged when since is at or after asOf', () => {
		fc.assert(
			fc.property(curveArb, valueArb, instantArb, ageArb, (curve, value, asOf, ahead) => {
				expect(decayValue(curve, value, asOf + ahead, asOf)).toBe(value);
			}),
		);
	});
});
