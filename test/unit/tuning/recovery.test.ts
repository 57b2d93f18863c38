import { generateTuningLeads } from '../../../bench/tuningLeads';
import { compileModel, scoreLead } from '../../../src';
import { auc, suggestModel } from '../../../src/tuning';
import { B2B, LADDER, SUGGEST, historical } from '../../helpers/tuning';

const DAY_MS = 86_400_000;
const cutoffOf = (lead: Record<string, unknown>) => Date.parse(lead.outcomeDate as string) - 7 * DAY_MS;
const outcome = (lead: Record<string, unknown>) => (lead.converted === 'won' ? 1 : 0);

/**
 * Leads drawn from a known points model (bench/tuningLeads.js) with logistic noise: the suggested model must rank
 * about as well as the model that generated them, and agree with it on the direction of the strongest rules.
 */
describe.each([5_000, 50_000])('recovery from a known model, %i leads', (count) => {
	const generated = generateTuningLeads({ count, seed: 7 });
	const { leads, types } = historical(generated.leads);
	const { report, heldOut, heldOutScores } = suggestModel(B2B, LADDER, leads, types, { ...SUGGEST, candidates: { ...SUGGEST.candidates, numericCuts: 9 } });

	it("held-out AUC within 0.01 of the generating model's on the same held-out leads, and on fresh leads", () => {
		const heldIdx = [...heldOut.keys()].filter((i) => heldOut[i]);
		const heldY = heldIdx.map((i) => leads[i].y);
		const generatingHeldOut = auc(heldIdx.map((i) => generated.logits[i]), heldY);
		expect(auc(heldOutScores, heldY)).toBeCloseTo(report.heldOut.suggestedAuc, 4);
		// Score Lead gives every held-out lead exactly the score the fit's rules add up to.
		expect(report.warnings.filter((w) => /score differently/.test(w))).toEqual([]);
		expect(Math.abs(report.heldOut.suggestedAuc - generatingHeldOut)).toBeLessThan(0.01);

		const fresh = generateTuningLeads({ count: 20_000, seed: 99 });
		const suggested = compileModel(report.suggestedModel);
		const freshY = fresh.leads.map(outcome);
		const freshAuc = auc(fresh.leads.map((lead) => scoreLead(suggested, lead, { asOf: cutoffOf(lead) }).score), freshY);
		expect(auc(fresh.logits, freshY) - freshAuc).toBeLessThan(0.01);
		// The hand-made preset knows none of this data's signals beyond title and mail: the suggestion must beat it.
		expect(report.heldOut.improvement).toBeGreaterThan(0.02);
	});

	it("the strongest rules have the generating model's signs; the outcome event after the cutoff is never learned", () => {
		const points = new Map(report.rules.map((r) => [r.label, r.points]));
		// Generating log-odds: demo request +1.6, VP +1.4, intern -1.3, director +0.9, free mail -0.8, software +0.8.
		expect(points.get('demo_request (at least once)')).toBeGreaterThan(0);
		expect(points.get('Job title: vp')).toBeGreaterThan(0);
		expect(points.get('Job title: intern')).toBeLessThan(0);
		expect(points.get('Job title: director')).toBeGreaterThan(0);
		expect(points.get('Email is a free mail address')).toBeLessThan(0);
		const strongest = [...report.rules].sort((a, b) => Math.abs(b.points) - Math.abs(a.points)).slice(0, 3).map((r) => r.label);
		expect(strongest.sort()).toEqual(['Job title: intern', 'Job title: vp', 'demo_request (at least once)']);
		expect(report.rules.some((r) => r.label.includes('contract_signed'))).toBe(false);
		expect(report.leads.eventsAfterCutoff).toBe(report.leads.converted);
		// The country never mattered: no noise field gets points.
		expect(report.rules.filter((r) => r.label.startsWith('Country') && Math.abs(r.points) > 1)).toEqual([]);
	});

	it('deterministic: the same leads and seed give the same model', () => {
		if (count > 5_000) return;
		const again = suggestModel(B2B, LADDER, leads, types, { ...SUGGEST, candidates: { ...SUGGEST.candidates, numericCuts: 9 } });
		expect(again.report).toEqual(report);
	});
});
