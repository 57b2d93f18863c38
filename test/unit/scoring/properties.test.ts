import fc from 'fast-check';
import { compileModel, rollUpAccounts, scoreLead, type ScoringModelInput } from '../../../src';

const asOf = Date.parse('2026-11-22T00:00:00Z');
const DAY = 86_400_000;
const TYPES = ['page_view', 'form_submit', 'email_click', 'demo_request'];

const eventArb = fc.record({
	type: fc.constantFrom(...TYPES, 'unknown_type'),
	url: fc.constantFrom('/pricing', '/blog', '/careers'),
	timestamp: fc.integer({ min: 0, max: 400 }).map((d) => asOf - d * DAY),
});
const leadArb = fc.record({
	title: fc.constantFrom('VP Sales', 'Intern', 'Engineer', ''),
	employees: fc.integer({ min: 0, max: 10_000 }),
	events: fc.array(eventArb, { maxLength: 25 }),
	manualPoints: fc.option(fc.integer({ min: -20, max: 20 }), { nil: undefined }),
});

const optionalLimit = fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined });
const engagementRuleArb = (points: fc.Arbitrary<number>) =>
	fc.record({
		label: fc.constant('r'),
		points,
		eventType: fc.constantFrom(...TYPES),
		maxOccurrences: optionalLimit,
		oncePerDays: optionalLimit,
		withinDays: fc.option(fc.integer({ min: 1, max: 365 }), { nil: undefined }),
	});

const modelArb = (points: fc.Arbitrary<number>) =>
	fc.record({
		name: fc.constant('generated'),
		groups: fc.tuple(fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }), fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined })).map(([fitCap, engagementCap]) => [
			{ name: 'fit', kind: 'fit' as const, cap: fitCap },
			{ name: 'engagement', kind: 'engagement' as const, cap: engagementCap },
		]),
		decay: fc.option(fc.constant({ curve: 'halfLife' as const, halfLifeDays: 30 }), { nil: undefined }),
		fitRules: fc.array(
			fc.record({
				label: fc.constant('f'),
				points,
				when: fc.oneof(
					fc.constant({ field: 'title', operator: 'contains' as const, value: 'vp' }),
					fc.constant({ field: 'employees', operator: 'greaterThan' as const, value: 100 }),
					fc.constant({ field: 'title', operator: 'isEmpty' as const }),
				),
			}),
			{ maxLength: 4 },
		),
		engagementRules: fc.array(engagementRuleArb(points), { maxLength: 6 }),
	}) as fc.Arbitrary<ScoringModelInput>;

const anyPoints = fc.integer({ min: -30, max: 30 });

describe('scoring invariants', () => {
	it('the total equals the sum of the explained contributions after caps', () => {
		fc.assert(
			fc.property(modelArb(anyPoints), leadArb, fc.option(fc.integer({ min: 0, max: 80 }), { nil: undefined }), (model, lead, ceiling) => {
				const compiled = compileModel({ ...model, total: { ceiling } });
				const r = scoreLead(compiled, lead, { asOf, explain: true });
				const contributions = r.explanation?.contributions ?? [];
				const sum = contributions.reduce((s, c) => s + c.points, 0);
				expect(r.score).toBeCloseTo(sum, 9);
				const fit = contributions.filter((c) => c.kind === 'fit').reduce((s, c) => s + c.points, 0);
				expect(r.fitScore).toBeCloseTo(fit, 9);
			}),
		);
	});

	it('the top reasons are the largest |points| rules, worded as in the summary; entries add up and show every cut', () => {
		fc.assert(
			fc.property(modelArb(anyPoints), leadArb, fc.option(fc.integer({ min: 0, max: 80 }), { nil: undefined }), (model, lead, ceiling) => {
				const compiled = compileModel({ ...model, total: { ceiling } });
				const r = scoreLead(compiled, lead, { asOf, explain: true });
				const entries = r.explanation?.contributions ?? [];
				const rules = entries.filter((c) => c.kind !== 'total');
				// The reasons' sizes are the three largest |points| among the rules (0 is no reason), largest first.
				const sizes = rules.map((c) => Math.abs(c.points)).filter((p) => p !== 0).sort((a, b) => b - a).slice(0, 3);
				expect(r.topReasons.map((reason) => Math.abs(Number(reason.split(' ')[0])))).toEqual(sizes);
				// ...and each is a part of the summary (generated labels hold no comma).
				for (const reason of r.topReasons) expect(r.summary.split(', ')).toContain(reason);
				// The same reasons without the explanation.
				expect(scoreLead(compiled, lead, { asOf }).topReasons).toEqual(r.topReasons);
				for (const c of entries) {
					expect(c.text.startsWith(c.kind === 'total' ? 'Score ' : c.rule === 'manual' ? `${c.label}, ` : `${c.label}: `)).toBe(true);
					expect(c.text).toContain(`${c.points >= 0 ? '+' : ''}${c.points}`);
					expect(c.counted).toBeLessThanOrEqual(c.matched);
				}
				for (const c of rules.filter((c) => c.rule !== 'manual')) {
					const place = /^(fit|engagement) rule (\d+)$/.exec(c.rule);
					expect(place).not.toBeNull();
					const rule = (place![1] === 'fit' ? model.fitRules! : model.engagementRules!)[Number(place![2]) - 1] as { points: number; maxOccurrences?: number; oncePerDays?: number };
					// A match that did not count is shown as a cut, by the limit that made it.
					if (c.counted < c.matched) {
						expect(rule.maxOccurrences !== undefined || rule.oncePerDays !== undefined).toBe(true);
						expect(c.text).toContain(`${c.counted} of ${c.matched} events counted (`);
					}
					// Before its group's cut, an undecayed entry holds exactly its counted matches' points.
					if (model.decay === undefined) expect(c.points - c.cut).toBeCloseTo(c.counted * rule.points, 9);
					if (c.cut !== 0) expect(c.text).toContain(`cut from ${c.points - c.cut >= 0 ? '+' : ''}${Math.round((c.points - c.cut) * 100) / 100}: `);
				}
				// Points add up to the score; without the cuts, to what the rules gave before any cap.
				expect(entries.reduce((s, c) => s + c.points, 0)).toBeCloseTo(r.score, 9);
				const total = entries.find((c) => c.kind === 'total');
				expect(total?.points ?? 0).toBeCloseTo(r.score - (r.fitScore + r.engagementScore), 9);
			}),
		);
	});

	it('caps are never exceeded', () => {
		fc.assert(
			fc.property(modelArb(anyPoints), leadArb, (model, lead) => {
				const r = scoreLead(compileModel(model), lead, { asOf, explain: true });
				for (const group of model.groups ?? []) {
					const sum = (r.explanation?.contributions ?? []).filter((c) => c.group === group.name).reduce((s, c) => s + c.points, 0);
					if (group.cap !== undefined) expect(sum).toBeLessThanOrEqual(group.cap + 1e-9);
				}
			}),
		);
	});

	it('adding an event that matches only positive rules never lowers the score', () => {
		fc.assert(
			fc.property(modelArb(fc.integer({ min: 0, max: 30 })), leadArb, eventArb, (model, lead, extra) => {
				const compiled = compileModel(model);
				const before = scoreLead(compiled, lead, { asOf }).score;
				const after = scoreLead(compiled, { ...lead, events: [...lead.events, extra] }, { asOf }).score;
				expect(after).toBeGreaterThanOrEqual(before);
			}),
		);
	});

	it('results, account roll-ups included, do not depend on the order of leads or events', () => {
		fc.assert(
			fc.property(
				modelArb(anyPoints),
				fc.array(fc.tuple(leadArb, fc.constantFrom('a.io', 'b.io', 'c.io')), { minLength: 1, maxLength: 8 }),
				fc.integer(),
				(model, leads, seed) => {
					const compiled = compileModel(model);
					const run = (list: typeof leads) =>
						list.map(([lead, account], index) => ({ account, index, result: scoreLead(compiled, lead, { asOf, explain: true }) }));
					// order[k] is the original position of the lead that comes k-th after shuffling
					const order = shuffle(
						leads.map((_, i) => i),
						seed,
					);
					const shuffled = order.map((i) => [{ ...leads[i][0], events: shuffle(leads[i][0].events, seed + 1) }, leads[i][1]] as (typeof leads)[number]);
					const original = run(leads);
					const reordered = run(shuffled);
					order.forEach((i, k) => expect(reordered[k].result).toEqual(original[i].result));
					const accounts = (list: ReturnType<typeof run>) =>
						rollUpAccounts(compiled, list)
							.map(({ leadIndexes: _omit, ...a }) => a)
							.sort((a, b) => a.account.localeCompare(b.account));
					expect(accounts(reordered)).toEqual(accounts(original));
				},
			),
		);
	});
});

function shuffle<T>(list: readonly T[], seed: number): T[] {
	const out = [...list];
	let state = seed >>> 0 || 1;
	for (let i = out.length - 1; i > 0; i--) {
		state = (Math.imul(state, 1103515245) + 12345) >>> 0;
		const j = state % (i + 1);
		[out[i], out[j]] = [out[j], out[i]];
	}
	return out;
}
