import fc from 'fast-check';
import { compileModel, compileStoredScoreDecay, scoreLead, type DecayCurve, type ScoringModelInput } from '../../../src';

/**
 * For any lead and any curve: Score Lead, then Apply Decay's core on Score Lead's record with the node's defaults.
 * The decayed engagement part never grows in magnitude, and the decayed total lies within the model's bounds.
 */
const scoredAt = Date.parse('2026-11-22T00:00:00Z');
const DAY = 86_400_000;
const TYPES = ['page_view', 'demo_request', 'unsubscribe'];

const leadArb = fc.record({
	title: fc.constantFrom('VP Sales', 'Intern', ''),
	email: fc.constantFrom('a@gmail.com', 'b@acme.io'),
	events: fc.array(
		fc.record({ type: fc.constantFrom(...TYPES), timestamp: fc.integer({ min: 0, max: 400 * DAY }).map((age) => scoredAt - age) }),
		{ maxLength: 12 },
	),
	manualPoints: fc.option(fc.integer({ min: -40, max: 40 }), { nil: undefined }),
});

const points = fc.integer({ min: -50, max: 50 });
const modelArb = fc
	.record({
		fitRules: fc.array(
			fc.record({
				label: fc.constant('f'),
				points,
				when: fc.constantFrom({ field: 'title', operator: 'contains', value: 'vp' }, { field: 'email', operator: 'isFreeEmail' }),
			}),
			{ maxLength: 3 },
		),
		engagementRules: fc.array(fc.record({ label: fc.constant('e'), points, eventType: fc.constantFrom(...TYPES) }), { maxLength: 4 }),
		bounds: fc.tuple(fc.option(fc.integer({ min: -60, max: 40 }), { nil: undefined }), fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined })),
	})
	.map(({ bounds: [a, b], ...rules }) => {
		const [floor, ceiling] = a !== undefined && b !== undefined && a > b ? [b, a] : [a, b];
		return { name: 'generated', ...rules, total: { floor, ceiling } } as ScoringModelInput;
	});

const shared = { graceDays: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }), floor: fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }) };
const period = { percent: fc.integer({ min: 1, max: 100 }), every: fc.integer({ min: 1, max: 6 }), unit: fc.constantFrom('days', 'weeks', 'months') };
const curveArb: fc.Arbitrary<DecayCurve> = fc.oneof(
	fc.record({ curve: fc.constant('halfLife'), halfLifeDays: fc.double({ min: 0.01, max: 400, noNaN: true }), ...shared }),
	fc.record({ curve: fc.constant('compoundingPercent'), ...period, ...shared }),
	fc.record({ curve: fc.constant('linearPercent'), ...period, ...shared }),
	fc.record({ curve: fc.constant('pointsPerDay'), points: fc.double({ min: 0.01, max: 50, noNaN: true }), ...shared }),
	fc.record({ curve: fc.constant('window'), days: fc.double({ min: 0.01, max: 400, noNaN: true }), ...shared }),
) as fc.Arbitrary<DecayCurve>;

/** Apply Decay's defaults on Score Lead's record (nodes/shared/leadRecord.ts). */
const decaySettings = (curve: DecayCurve, decayFit: boolean) => ({
	curve,
	decayFit,
	scoreField: 'leadScore.engagementScore, engagementScore',
	fitScoreField: 'leadScore.fitScore, fitScore',
	lastActivityField: 'leadScore.lastActivityAt, lastActivityAt',
	boundsField: 'leadScore.bounds, scoreBounds',
	outputField: 'decay',
});

describe('decay invariants, for any lead and any curve', () => {
	it('the decayed engagement part never grows in magnitude, and the decayed total lies within the model bounds', () => {
		fc.assert(
			fc.property(
				modelArb,
				leadArb,
				curveArb,
				fc.boolean(),
				fc.integer({ min: 0, max: 800 * DAY }),
				fc.constantFrom('object', 'flat'),
				(model, lead, curve, decayFit, later, shape) => {
					const compiled = compileModel(model);
					const result = scoreLead(compiled, lead, { asOf: scoredAt });
					const record =
						shape === 'object'
							? { leadScore: result }
							: { engagementScore: result.engagementScore, fitScore: result.fitScore, lastActivityAt: result.lastActivityAt, scoreBounds: result.bounds };
					const decayed = compileStoredScoreDecay(decaySettings(curve, decayFit)).decay(record, scoredAt + later);
					const { floor, ceiling } = compiled.model.total;
					expect(Math.abs(decayed.engagementScore!)).toBeLessThanOrEqual(Math.abs(result.engagementScore));
					if (decayFit) expect(Math.abs(decayed.fitScore!)).toBeLessThanOrEqual(Math.abs(result.fitScore));
					expect(decayed.score).toBeGreaterThanOrEqual(floor ?? Number.NEGATIVE_INFINITY);
					expect(decayed.score).toBeLessThanOrEqual(ceiling ?? Number.POSITIVE_INFINITY);
					expect(Number.isFinite(decayed.score)).toBe(true);
					// Same inputs, same result: running Apply Decay again on its own output changes nothing.
					const again = compileStoredScoreDecay(decaySettings(curve, decayFit)).decay({ ...record, decay: decayed }, scoredAt + later);
					expect(again).toEqual(decayed);
				},
			),
			{ numRuns: 500 },
		);
	});
});
