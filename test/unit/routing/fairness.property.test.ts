import fc from 'fast-check';
import { compileRouting, emptyRoutingState, routeLead, type RoutingSettingsInput } from '../../../src/routing/route';

const AS_OF = Date.UTC(2026, 10, 24, 10, 0);
const LEADS = 10_000;
const keys = Array.from({ length: LEADS }, (_, i) => `lead-${i}@example.com`);

function owners(input: RoutingSettingsInput, leadKeys: string[] = keys): string[] {
	const routing = compileRouting(input);
	let state = emptyRoutingState();
	return leadKeys.map((email) => {
		const result = routeLead({ email }, routing, state, AS_OF);
		state = result.state;
		return result.decision.owner!;
	});
}

function shares(assigned: string[]): Map<string, number> {
	const counts = new Map<string, number>();
	for (const id of assigned) counts.set(id, (counts.get(id) ?? 0) + 1);
	return new Map([...counts].map(([id, n]) => [id, n / assigned.length]));
}

const weightsArb = fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 6 });
const repsOf = (weights: number[]) => weights.map((weight, i) => ({ id: `r${i}`, weight }));

describe.each(['weightedRoundRobin', 'sticky', 'leastLoaded'] as const)('%s over 10,000 leads', (method) => {
	it("gives each rep its weight's share within 2 percentage points", () => {
		fc.assert(
			fc.property(weightsArb, (weights) => {
				const total = weights.reduce((a, b) => a + b, 0);
				const got = shares(owners({ method, reps: repsOf(weights) }));
				weights.forEach((weight, i) => {
					expect(Math.abs((got.get(`r${i}`) ?? 0) - weight / total)).toBeLessThanOrEqual(0.02);
				});
			}),
			{ numRuns: method === 'sticky' ? 8 : 15 },
		);
	});
});

describe('sticky stability', () => {
	const someKeys = keys.slice(0, 3000);

	it('sends every lead to the same rep on every run, whatever the rep order', () => {
		fc.assert(
			fc.property(weightsArb, (weights) => {
				const reps = repsOf(weights);
				const first = owners({ method: 'sticky', reps }, someKeys);
				expect(owners({ method: 'sticky', reps }, someKeys)).toEqual(first);
				expect(owners({ method: 'sticky', reps: [...reps].reverse() }, someKeys)).toEqual(first);
			}),
			{ numRuns: 5 },
		);
	});

	it('moves only the leads the new rep wins, about weight/total of them, when one rep is added', () => {
		fc.assert(
			fc.property(weightsArb, fc.integer({ min: 1, max: 5 }), (weights, newWeight) => {
				const reps = repsOf(weights);
				const before = owners({ method: 'sticky', reps });
				const after = owners({ method: 'sticky', reps: [...reps, { id: 'new', weight: newWeight }] });
				const moved = before.filter((owner, i) => owner !== after[i]);
				// Every lead that moved went to the new rep; nobody else's leads were reshuffled.
				expect(after.filter((owner, i) => owner !== before[i]).every((owner) => owner === 'new')).toBe(true);
				const fairShare = newWeight / (weights.reduce((a, b) => a + b, 0) + newWeight);
				expect(Math.abs(moved.length / LEADS - fairShare)).toBeLessThanOrEqual(0.02);
			}),
			{ numRuns: 5 },
		);
	});
});

describe('round robin', () => {
	it('gives n reps equal shares, never more than one lead apart', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 500 }), (n, leadCount) => {
				const got = owners({ method: 'roundRobin', reps: repsOf(Array(n).fill(1)) }, keys.slice(0, leadCount));
				const counts = [...shares(got).values()].map((share) => Math.round(share * leadCount));
				expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
			}),
		);
	});
});
