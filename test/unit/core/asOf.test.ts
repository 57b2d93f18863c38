import {
	DEFAULT_STAGE_LADDER,
	classifyStage,
	compileLadder,
	compileModel,
	compileRouting,
	compileStoredScoreDecay,
	decayValue,
	emptyRoutingState,
	requireAsOf,
	routeLead,
	scoreLead,
	type DecayCurve,
} from '../../../src';

const AS_OF = Date.parse('2026-11-22T09:00:00Z');
const DAY = 86_400_000;
const EXPECTED = 'expected a date (epoch milliseconds, a Date or an ISO 8601 string)';

const model = compileModel({ name: 'm', engagementRules: [{ label: 'Visit', points: 5, eventType: 'page_view', withinDays: 30, decay: 'none' }] });
const decayer = compileStoredScoreDecay({
	curve: { curve: 'halfLife', halfLifeDays: 30 },
	scoreField: 's',
	lastActivityField: 'at',
	outputField: 'decay',
});
const ladder = compileLadder(DEFAULT_STAGE_LADDER);
const routing = compileRouting({ reps: [{ id: 'ana', name: 'Ana' }] });
const halfLife: DecayCurve = { curve: 'halfLife', halfLifeDays: 30 };

/** Every public function of the core that takes an asOf, called with the given one. */
const takesAsOf: Array<[string, (asOf: never) => unknown]> = [
	['scoreLead', (asOf) => scoreLead(model, { events: [] }, { asOf })],
	['decayValue', (asOf) => decayValue(halfLife, 10, AS_OF - DAY, asOf)],
	['stored score decay', (asOf) => decayer.decay({ s: 10, at: AS_OF - DAY }, asOf)],
	['classifyStage', (asOf) => classifyStage(ladder, { total: 10 }, asOf)],
	['routeLead', (asOf) => routeLead({ email: 'a@b.io' }, routing, emptyRoutingState(), asOf)],
];

describe('asOf: validated by every public function that takes one', () => {
	it.each(takesAsOf)('%s refuses NaN, Infinity, 1e20, unreadable text, null and nothing, naming asOf', (_name, call) => {
		expect(() => call(Number.NaN as never)).toThrow(`Field "asOf": ${EXPECTED}, got number NaN`);
		expect(() => call(Number.POSITIVE_INFINITY as never)).toThrow(`Field "asOf": ${EXPECTED}, got number Infinity`);
		expect(() => call(1e20 as never)).toThrow(`Field "asOf": ${EXPECTED}, got number 100000000000000000000`);
		expect(() => call('yesterday' as never)).toThrow(`Field "asOf": ${EXPECTED}, got "yesterday"`);
		expect(() => call(null as never)).toThrow(`Field "asOf": ${EXPECTED}, got null`);
		expect(() => call(undefined as never)).toThrow(`Field "asOf": ${EXPECTED}, got nothing (field missing)`);
	});

	it.each(takesAsOf)('%s reads ISO text and a Date as the same instant as epoch milliseconds', (_name, call) => {
		const fromMillis = call(AS_OF as never);
		expect(call('2026-11-22T09:00:00Z' as never)).toEqual(fromMillis);
		expect(call(new Date(AS_OF) as never)).toEqual(fromMillis);
	});

	it('a number is always milliseconds, even a small one (never read as epoch seconds)', () => {
		expect(requireAsOf(7 * DAY)).toBe(7 * DAY);
		expect(requireAsOf(0)).toBe(0);
		expect(requireAsOf(-8.64e15)).toBe(-8.64e15);
		expect(() => requireAsOf(8.64e15 + 1)).toThrow('Field "asOf"');
	});

	it('scoreLead with an ISO asOf gives a number, not NaN', () => {
		const r = scoreLead(model, { events: [{ type: 'page_view', timestamp: '2026-11-20T09:00:00Z' }] }, { asOf: '2026-11-22T09:00:00Z' as never });
		expect(r.score).toBe(5);
		expect(r.asOf).toBe('2026-11-22T09:00:00.000Z');
	});
});

describe('decayValue never returns NaN', () => {
	it('a curve built in code without `every` decays by one period at a time', () => {
		// 25 % per day, 2 whole days: 100 x 0.75^2 = 56.25; linear 25 % of the original per day: 100 - 50 = 50.
		const compounding = { curve: 'compoundingPercent', percent: 25, unit: 'days' } as DecayCurve;
		const linear = { curve: 'linearPercent', percent: 25, unit: 'days' } as DecayCurve;
		expect(decayValue(compounding, 100, AS_OF - 2 * DAY, AS_OF)).toBe(56.25);
		expect(decayValue(linear, 100, AS_OF - 2 * DAY, AS_OF)).toBe(50);
	});

	it('refuses a value or since that is not a finite number, naming it', () => {
		expect(() => decayValue(halfLife, Number.NaN, AS_OF, AS_OF)).toThrow('Field "value": expected a finite number, got number NaN');
		expect(() => decayValue(halfLife, Number.POSITIVE_INFINITY, AS_OF, AS_OF)).toThrow('Field "value"');
		expect(() => decayValue(halfLife, 10, Number.NaN, AS_OF)).toThrow(`Field "since": ${EXPECTED}, got number NaN`);
	});

	it('names the problems of an unvalidated curve that gives no number', () => {
		expect(() => decayValue({ curve: 'halfLife' } as DecayCurve, 10, AS_OF - DAY, AS_OF)).toThrow('Invalid decay curve: halfLifeDays:');
		expect(() => decayValue({ curve: 'linearPercent', percent: 'x', unit: 'days' } as unknown as DecayCurve, 10, AS_OF - DAY, AS_OF)).toThrow(
			'Invalid decay curve: percent:',
		);
	});
});

describe('one boundary for "within N days": younger than N days counts, exactly N days old is out', () => {
	const visit = (ageMs: number) => ({ events: [{ type: 'page_view', timestamp: AS_OF - ageMs }] });
	it("an engagement rule's withinDays", () => {
		expect(scoreLead(model, visit(30 * DAY - 1), { asOf: AS_OF }).engagementScore).toBe(5);
		expect(scoreLead(model, visit(30 * DAY), { asOf: AS_OF }).engagementScore).toBe(0);
	});
	it('the window curve', () => {
		const window: DecayCurve = { curve: 'window', days: 30 };
		expect(decayValue(window, 5, AS_OF - (30 * DAY - 1), AS_OF)).toBe(5);
		expect(decayValue(window, 5, AS_OF - 30 * DAY, AS_OF)).toBe(0);
	});
});
