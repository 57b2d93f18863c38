import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';
import { ConfigError, InputError } from '../../../src/errors';
import { DAY_MS } from '../../../src/time';
import { compileStoredScoreDecay, type DecayCurve, type StoredScoreSettings } from '../../../src/decay';
import { withField } from '../../../src/fields';

const ACTIVITY = '2026-01-01T00:00:00.000Z';
const at = (iso: string) => Date.parse(iso);
const daysAfterActivity = (days: number) => at(ACTIVITY) + days * DAY_MS;
const quarterPerMonth: DecayCurve = { curve: 'compoundingPercent', percent: 25, every: 30, unit: 'days' };

const settings = (overrides: Partial<StoredScoreSettings> = {}): StoredScoreSettings => ({
	curve: quarterPerMonth,
	scoreField: 'leadScore.engagementScore',
	fitScoreField: 'leadScore.fitScore',
	lastActivityField: 'leadScore.asOf',
	outputField: 'decay',
	...overrides,
});
const lead = (engagementScore: unknown, fitScore: unknown = 30, asOf: unknown = ACTIVITY) => ({
	leadScore: { engagementScore, fitScore, asOf },
});

function configError(raw: unknown): ConfigError {
	try {
		compileStoredScoreDecay(raw);
	} catch (error) {
		if (error instanceof ConfigError) return error;
		throw error;
	}
	throw new Error('expected a ConfigError');
}

describe('decayStoredScore', () => {
	it('decays the engagement part and adds the fit part unchanged', () => {
		const result = compileStoredScoreDecay(settings()).decay(lead(40), daysAfterActivity(60));
		// Two whole 30-day periods: 40 x 0.75 x 0.75 = 22.5; fit 30 stays; base 40 + 30 = 70.
		expect(result).toEqual({
			score: 52.5,
			baseScore: 70,
			engagementScore: 22.5,
			fitScore: 30,
			pointsRemoved: 17.5,
			daysInactive: 60,
			changed: true,
			lastActivityAt: ACTIVITY,
			decayFrom: ACTIVITY,
			decayedAt: '2026-03-02T00:00:00.000Z',
			curve: quarterPerMonth,
			curveSummary: 'minus 25 % of the current value per 30 days',
		});
	});

	it('goes on from the record\'s decay-from moment (the later of it and the last activity) and copies scoredAt', () => {
		const decayer = compileStoredScoreDecay(settings({ decayFromField: 'leadScore.decayFrom', scoredAtField: 'leadScore.scoredAt' }));
		const from = (decayFrom: unknown) => ({ leadScore: { engagementScore: 40, fitScore: 30, asOf: ACTIVITY, decayFrom, scoredAt: '2026-01-31T00:00:00Z' } });
		// From day 30: one whole 30-day period by day 60, 40 x 0.75 = 30; inactivity still counts from the activity.
		expect(decayer.decay(from('2026-01-31T00:00:00Z'), daysAfterActivity(60))).toMatchObject({
			engagementScore: 30,
			score: 60,
			daysInactive: 60,
			decayFrom: '2026-01-31T00:00:00.000Z',
			scoredAt: '2026-01-31T00:00:00.000Z',
		});
		// Missing: from the last activity (two periods); before the activity: the activity; null: nothing fades.
		expect(decayer.decay({ leadScore: { engagementScore: 40, fitScore: 30, asOf: ACTIVITY } }, daysAfterActivity(60))).toMatchObject({ engagementScore: 22.5, decayFrom: ACTIVITY });
		expect(decayer.decay(from('2025-12-01T00:00:00Z'), daysAfterActivity(60))).toMatchObject({ engagementScore: 22.5, decayFrom: ACTIVITY });
		expect(decayer.decay(from(null), daysAfterActivity(60))).toMatchObject({ engagementScore: 40, score: 70, decayFrom: null });
		expect(() => decayer.decay(from('soon'), daysAfterActivity(60))).toThrow('Field "leadScore.decayFrom": expected');
	});

	it('decays the fit part too when asked, rounding each part', () => {
		const result = compileStoredScoreDecay(settings({ decayFit: true })).decay(lead(40), daysAfterActivity(60));
		// Fit 30 x 0.5625 = 16.875 -> 16.88 (2 places); total 22.5 + 16.88 = 39.38; removed 70 - 39.38 = 30.62.
		expect(result).toMatchObject({ engagementScore: 22.5, fitScore: 16.88, score: 39.38, pointsRemoved: 30.62 });
	});

	it('decays a single stored total when no fit field is mapped', () => {
		const result = compileStoredScoreDecay(settings({ scoreField: 'total', fitScoreField: undefined, lastActivityField: 'lastSeen' })).decay(
			{ total: '80', lastSeen: 1767225600 }, // a text number and epoch seconds (2026-01-01T00:00:00Z), as CRMs send them
			daysAfterActivity(30.5),
		);
		// One whole period: 80 x 0.75 = 60; 30.5 days inactive count as 30 whole days.
		expect(result).toMatchObject({ score: 60, baseScore: 80, pointsRemoved: 20, daysInactive: 30 });
		expect(result).not.toHaveProperty('engagementScore');
		expect(result).not.toHaveProperty('fitScore');
	});

	it('reports a fading negative score as negative points removed', () => {
		const curve: DecayCurve = { curve: 'halfLife', halfLifeDays: 10 };
		const result = compileStoredScoreDecay(settings({ curve, fitScoreField: undefined })).decay(lead(-20), daysAfterActivity(10));
		// -20 x 0.5 = -10; removed = -20 - (-10) = -10 (the score went up by 10).
		expect(result).toMatchObject({ score: -10, pointsRemoved: -10, changed: true });
	});

	it('counts a lead as unchanged when the score is what was stored back last time', () => {
		const decayer = compileStoredScoreDecay(settings({ fitScoreField: undefined, currentScoreField: 'crm.currentScore' }));
		const asOf = daysAfterActivity(45); // one whole period: 40 x 0.75 = 30
		expect(decayer.decay({ ...lead(40), crm: { currentScore: 30 } }, asOf)).toMatchObject({ score: 30, changed: false });
		expect(decayer.decay({ ...lead(40), crm: { currentScore: 40 } }, asOf)).toMatchObject({ score: 30, changed: true });
		expect(decayer.decay({ ...lead(40), crm: { currentScore: '' } }, asOf)).toMatchObject({ changed: true }); // never stored
	});

	it('compares with the stored score when no current score is mapped', () => {
		const decayer = compileStoredScoreDecay(settings());
		expect(decayer.decay(lead(40), daysAfterActivity(29))).toMatchObject({ score: 70, pointsRemoved: 0, changed: false });
	});

	it('names the field and what was expected for bad item data', () => {
		const decayer = compileStoredScoreDecay(settings());
		expect(() => decayer.decay(lead('n/a'), 0)).toThrow(
			new InputError('leadScore.engagementScore', 'a number (the stored score) between -1e12 and 1e12', 'n/a'),
		);
		expect(() => decayer.decay({ leadScore: { engagementScore: 40, asOf: ACTIVITY } }, 0)).toThrow(/leadScore\.fitScore.*nothing \(field missing\)/);
		expect(() => decayer.decay(lead(40, 30, 'last tuesday'), 0)).toThrow(/Field "leadScore\.asOf": expected a date/);
		// A long run of digits ending in a letter is refused at once (a backtracking pattern needs about 10 s here).
		expect(() => decayer.decay(lead(`${'1'.repeat(100_000)}x`), 0)).toThrow(/leadScore\.engagementScore/);
		expect(decayer.decay(lead(' 4.5e1 ', '-2.'), at(ACTIVITY)).baseScore).toBe(43); // 45 + (-2), as text
	});
});

describe('compileStoredScoreDecay settings', () => {
	it('lists every problem by path before any lead is read', () => {
		const error = configError({ ...settings(), curve: { curve: 'halfLife', halfLifeDays: 0 }, scoreField: 'a.__proto__', decimals: 11 });
		expect(error.issues.map((i) => i.path).sort()).toEqual(['curve.halfLifeDays', 'decimals', 'scoreField']);
	});

	it('refuses an output field that would overwrite an input, which would decay twice on the next run', () => {
		const error = configError(settings({ outputField: 'leadScore' }));
		expect(error.issues).toHaveLength(1); // the first input it would replace is named
		expect(error.issues[0]).toEqual({
			path: 'outputField',
			message: 'would overwrite the input field "leadScore.engagementScore", so a second run would decay the result again; choose another field',
		});
		expect(() => compileStoredScoreDecay(settings({ outputField: 'leadScoreDecay' }))).not.toThrow();
		// writing inside the stored score would turn the number into an object
		expect(configError(settings({ outputField: 'leadScore.engagementScore.decayed' })).issues[0].message).toMatch(
			/^would overwrite the input field "leadScore.engagementScore"/,
		);
	});
});

describe('idempotence', () => {
	const curveArb: fc.Arbitrary<DecayCurve> = fc.oneof(
		fc.record({ curve: fc.constant('halfLife' as const), halfLifeDays: fc.integer({ min: 1, max: 90 }) }),
		fc.record({
			curve: fc.constantFrom('compoundingPercent' as const, 'linearPercent' as const),
			percent: fc.integer({ min: 1, max: 100 }),
			every: fc.integer({ min: 1, max: 6 }),
			unit: fc.constantFrom('days' as const, 'weeks' as const, 'months' as const),
			graceDays: fc.integer({ min: 0, max: 30 }),
		}),
		fc.record({ curve: fc.constant('pointsPerDay' as const), points: fc.integer({ min: 1, max: 5 }), floor: fc.integer({ min: 0, max: 10 }) }),
		fc.record({ curve: fc.constant('window' as const), days: fc.integer({ min: 1, max: 120 }) }),
	);

	it('gives the same item when run again at the same asOf, and decays from the base on a later day', () => {
		fc.assert(
			fc.property(
				curveArb,
				fc.integer({ min: -200, max: 200 }),
				fc.integer({ min: 0, max: 100 }),
				fc.integer({ min: 0, max: 400 * DAY_MS }),
				fc.integer({ min: 0, max: 400 * DAY_MS }),
				(curve, engagement, fit, age, laterBy) => {
					const decayer = compileStoredScoreDecay(settings({ curve }));
					const run = (json: IDataObject, asOf: number) => withField(json, decayer.outputField, decayer.decay(json, asOf));
					const asOf = daysAfterActivity(0) + age;
					const once = run(lead(engagement, fit), asOf);
					expect(run(once, asOf)).toEqual(once);
					expect(run(once, asOf + laterBy)).toEqual(run(lead(engagement, fit), asOf + laterBy));
				},
			),
		);
	});
});
