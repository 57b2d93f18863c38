import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { ApplyDecay } from '../../../nodes/ApplyDecay/ApplyDecay.node';
import { ClassifyStage } from '../../../nodes/ClassifyStage/ClassifyStage.node';
import { RouteToSales } from '../../../nodes/RouteToSales/RouteToSales.node';
import { ScoreLead } from '../../../nodes/ScoreLead/ScoreLead.node';
import { runNode, runNodeError } from '../../helpers/runNode';
import { READS, WRITES } from '../../../nodes/shared/leadRecord';
import { AS_OF, EXPECTED, FIRST_ERRORS, LEADS, PARAMETERS, outcome } from '../../helpers/pipeline';

const jsonOf = (items: INodeExecutionData[]) => items.map((item) => item.json);
const ids = (items: INodeExecutionData[]) => items.map((item) => item.json.id);

/** The pipeline in-process, each node fed the previous node's items (the e2e test runs it in a real n8n). */
async function pipeline(onError?: 'continueRegularOutput') {
	const scored = await runNode(ScoreLead, { parameters: PARAMETERS.scoreLead, items: LEADS, onError });
	const decayed = await runNode(ApplyDecay, { parameters: PARAMETERS.applyDecay, items: jsonOf(scored.outputs[0]), onError });
	const staged = await runNode(ClassifyStage, { parameters: PARAMETERS.classifyStage, items: jsonOf(decayed.outputs[0]), onError });
	return { scored, decayed, staged };
}

describe('the four nodes chained on their defaults (in-process)', () => {
	it('decay reaches the stage, totals stay within the bounds, failed leads travel with their first error', async () => {
		const { staged } = await pipeline('continueRegularOutput');
		const [cold, iql, mql, sql, failed] = staged.outputs;
		expect([ids(cold), ids(iql), ids(mql), ids(sql), ids(failed)]).toEqual([['fred'], ['mia'], ['quinn'], ['cara', 'sam'], ['mal1', 'mal2']]);
		for (const item of [...cold, ...iql, ...mql, ...sql]) {
			expect(outcome(item.json)).toEqual(EXPECTED[item.json.id as keyof typeof EXPECTED]);
		}
		// The failed leads keep all their fields and Score Lead's error: not overwritten by Apply Decay or Classify Stage.
		expect(jsonOf(failed)).toEqual([
			{ ...LEADS[2], error: FIRST_ERRORS.mal1 },
			{ ...LEADS[6], error: FIRST_ERRORS.mal2 },
		]);
	});

	it('Apply Decay is idempotent: run again on its own output, it gives the same items', async () => {
		const { decayed } = await pipeline('continueRegularOutput');
		const again = await runNode(ApplyDecay, { parameters: PARAMETERS.applyDecay, items: jsonOf(decayed.outputs[0]), onError: 'continueRegularOutput' });
		expect(jsonOf(again.outputs[0])).toEqual(jsonOf(decayed.outputs[0]));
	});

	it('Route to Sales routes the decayed stage: the lead gone quiet is P2 (MQL), not P1', async () => {
		const { staged } = await pipeline('continueRegularOutput');
		const routed = await runNode(RouteToSales, { parameters: PARAMETERS.routeToSales, items: jsonOf(staged.outputs[2]) });
		expect(routed.outputs[0][0].json.routing).toMatchObject({ owner: 'ana', priority: { level: 'P2', reason: 'stage MQL' } });
	});

	it('without Continue On Fail, Score Lead stops at the first malformed lead', async () => {
		const error = await runNodeError(ScoreLead, { parameters: PARAMETERS.scoreLead, items: LEADS });
		expect(error.message).toBe(FIRST_ERRORS.mal1.message);
	});
});

describe('flat output works with the next node on defaults', () => {
	const flatParameters = { ...PARAMETERS.scoreLead, output: 'flat' };
	const goodLeads = LEADS.filter((lead) => !String(lead.id).startsWith('mal'));

	it('Score Lead (flat) -> Apply Decay -> Classify Stage', async () => {
		const scored = await runNode(ScoreLead, { parameters: flatParameters, items: goodLeads });
		expect(scored.outputs[0][0].json).toMatchObject({ score: 100, lastActivityAt: EXPECTED.cara.lastActivityAt, scoreBounds: { floor: 0, ceiling: 100 } });
		const decayed = await runNode(ApplyDecay, { parameters: PARAMETERS.applyDecay, items: jsonOf(scored.outputs[0]) });
		const staged = await runNode(ClassifyStage, { parameters: PARAMETERS.classifyStage, items: jsonOf(decayed.outputs[0]) });
		const stageOf = (json: IDataObject) => [json.id, (json.decay as IDataObject).score, (json.leadStage as IDataObject).stage];
		expect(staged.outputs.flat().map((item) => stageOf(item.json))).toEqual([
			['fred', 0, 'Cold'],
			['mia', 40, 'IQL'],
			['quinn', 60, 'MQL'],
			['cara', 100, 'SQL'],
			['sam', 90, 'SQL'],
		]);
	});

	it('Score Lead (flat) -> Classify Stage reads the flat total', async () => {
		const scored = await runNode(ScoreLead, { parameters: flatParameters, items: goodLeads });
		const staged = await runNode(ClassifyStage, { parameters: PARAMETERS.classifyStage, items: jsonOf(scored.outputs[0]) });
		// Undecayed, quinn's 90 is SQL.
		expect(staged.outputs.map(ids)).toEqual([['fred'], ['mia'], [], ['cara', 'quinn', 'sam'], []]);
	});

	it('a record the defaults cannot read fails naming the setting to change', async () => {
		const error = await runNodeError(ClassifyStage, { parameters: PARAMETERS.classifyStage, items: [{ id: 'x', crm: { total: 50 } }] });
		expect(error.message).toBe('Item 0: Field "decay.score, leadScore.score, score": expected a number, got nothing (field missing)');
		expect((error as { description?: string }).description).toContain('Set "Total Score Field" to the field that holds it.');
	});
});

describe('Apply Decay keeps the model bounds and reads the last activity Score Lead records', () => {
	const record = (leadScore: IDataObject) => ({ leadScore });
	it('a lead with no dated activity (lastActivityAt null) keeps its score; a missing one is an error naming the setting', async () => {
		const { outputs } = await runNode(ApplyDecay, {
			parameters: PARAMETERS.applyDecay,
			items: [record({ engagementScore: 12, fitScore: 8, lastActivityAt: null, bounds: { floor: 0, ceiling: 100 } })],
		});
		expect(outputs[0][0].json.decay).toMatchObject({ score: 20, engagementScore: 12, daysInactive: null, lastActivityAt: null, changed: false });
		const error = await runNodeError(ApplyDecay, { parameters: PARAMETERS.applyDecay, items: [record({ engagementScore: 12, fitScore: 8, asOf: AS_OF })] });
		expect(error.message).toBe(
			'Item 0: Field "leadScore.lastActivityAt, lastActivityAt": expected a date (ISO 8601 string, epoch seconds, milliseconds or microseconds), got nothing (field missing)',
		);
		expect((error as { description?: string }).description).toContain('Set "Last Activity Field" to the field that holds it.');
	});

	it('a record without bounds (a CRM field) is not bounded; bad bounds are named', async () => {
		const at = '2026-10-23T09:00:00Z'; // 30 days: one half-life
		const { outputs } = await runNode(ApplyDecay, { parameters: PARAMETERS.applyDecay, items: [record({ engagementScore: 80, fitScore: 50, lastActivityAt: at })] });
		// 80 / 2 + 50 = 90; with bounds 0..100 the base (130) would be 100, here it is 130.
		expect(outputs[0][0].json.decay).toMatchObject({ score: 90, baseScore: 130, pointsRemoved: 40 });
		const error = await runNodeError(ApplyDecay, {
			parameters: PARAMETERS.applyDecay,
			items: [record({ engagementScore: 80, fitScore: 50, lastActivityAt: at, bounds: { floor: 'low' } })],
		});
		expect(error.message).toBe('Item 0: Field "leadScore.bounds, scoreBounds.floor": expected a number or null between -1e12 and 1e12, got "low"');
	});
});

describe('the lead record contract', () => {
	it("every node's default fields are the contract's (nodes/shared/leadRecord.ts, docs/lead-record.md)", () => {
		const defaults = (node: { description: { properties: Array<{ name: string; default?: unknown; options?: unknown[] }> } }) => {
			const all: Record<string, unknown> = {};
			for (const p of node.description.properties) {
				all[p.name] = p.default;
				for (const o of (p.options ?? []) as Array<{ name?: string; default?: unknown }>) if (o.name && 'default' in o) all[`options.${o.name}`] = o.default;
			}
			return all;
		};
		expect(defaults(new ApplyDecay())).toMatchObject({
			scoreField: READS.engagementScore,
			fitScoreField: READS.fitScore,
			lastActivityField: READS.lastActivityAt,
			'options.boundsField': READS.bounds,
			'options.decayFromField': READS.decayFrom,
			'options.scoredAtField': READS.scoredAt,
			'options.outputField': WRITES.applyDecay,
		});
		expect(defaults(new ClassifyStage())).toMatchObject({
			'options.totalField': READS.currentTotal,
			'options.fitScoreField': READS.currentFitScore,
			'options.engagementScoreField': READS.currentEngagementScore,
			'options.gradeField': READS.grade,
			'options.labelField': READS.label,
			'options.previousStageField': READS.stage,
			outputField: WRITES.classifyStage,
		});
		expect(defaults(new RouteToSales())).toMatchObject({
			'options.scoreField': READS.currentTotal,
			'options.stageField': READS.stage,
			'options.gradeField': READS.grade,
			'options.outputField': WRITES.routeToSales,
		});
		expect(defaults(new ScoreLead())).toMatchObject({ outputField: WRITES.scoreLead });
	});
});

describe('decay is never applied twice, and a stale decay is never read', () => {
	const quinn = LEADS.find((lead) => lead.id === 'quinn')!;

	it('a model that fades each event itself: Apply Decay on defaults goes on from the scoring time, not the last activity', async () => {
		// The model halves each event every 30 days, as the B2B preset does. Quinn's demo is 60 days old at As Of:
		// 40 x 0.5^2 = 10, fit 50, total 60. Fading again from the demo would give 10 x 0.25 = 2.5 and 52.5.
		const fading = { ...PARAMETERS.scoreLead, modelJson: JSON.stringify({ ...JSON.parse(PARAMETERS.scoreLead.modelJson), decay: { curve: 'halfLife', halfLifeDays: 30 } }) };
		const scored = await runNode(ScoreLead, { parameters: fading, items: [quinn] });
		expect(scored.outputs[0][0].json.leadScore).toMatchObject({ score: 60, engagementScore: 10, lastActivityAt: '2026-09-23T09:00:00.000Z', decayFrom: '2026-11-22T09:00:00.000Z' });
		const decayed = await runNode(ApplyDecay, { parameters: PARAMETERS.applyDecay, items: jsonOf(scored.outputs[0]) });
		expect(decayed.outputs[0][0].json.decay).toMatchObject({
			score: 60,
			engagementScore: 10,
			daysInactive: 60,
			decayFrom: '2026-11-22T09:00:00.000Z',
			scoredAt: '2026-11-22T09:00:00.000Z',
			changed: false,
		});
		// The nightly job 30 days later, on the stored record: one more half-life from the scoring time, 10 -> 5, total 55.
		const later = await runNode(ApplyDecay, {
			parameters: { ...PARAMETERS.applyDecay, options: { asOf: '2026-12-22T09:00:00Z' } },
			items: jsonOf(scored.outputs[0]),
		});
		expect(later.outputs[0][0].json.decay).toMatchObject({ score: 55, engagementScore: 5, daysInactive: 90 });
	});

	it('a model that keeps events at full value still fades from the last activity (decayFrom is the last activity)', async () => {
		const scored = await runNode(ScoreLead, { parameters: PARAMETERS.scoreLead, items: [quinn] });
		expect(scored.outputs[0][0].json.leadScore).toMatchObject({ lastActivityAt: '2026-09-23T09:00:00.000Z', decayFrom: '2026-09-23T09:00:00.000Z' });
	});

	it('a stored record re-scored without decaying again: Classify Stage and Route to Sales read the new score, not the old decay', async () => {
		const { staged } = await pipeline('continueRegularOutput');
		const stored = staged.outputs[2].find((item) => item.json.id === 'quinn')!.json;
		expect(stored).toMatchObject({ decay: { score: 60, scoredAt: '2026-11-22T09:00:00.000Z' }, leadStage: { stage: 'MQL' } });
		// A week later Quinn books another demo and is scored again: fit 50 + demo 40 = 90. The decay of 60 belongs to
		// the score of Nov 22; reading it would keep Quinn an MQL.
		const week = '2026-11-29T09:00:00Z';
		const again = { ...stored, events: [...(stored.events as IDataObject[]), { type: 'demo_request', timestamp: week }] };
		const rescored = await runNode(ScoreLead, { parameters: { ...PARAMETERS.scoreLead, options: { asOf: week } }, items: [again] });
		expect(rescored.outputs[0][0].json).toMatchObject({ leadScore: { score: 90 }, decay: { score: 60 } });
		const restaged = await runNode(ClassifyStage, { parameters: { options: { asOf: week } }, items: jsonOf(rescored.outputs[0]) });
		const sql = restaged.outputs[3];
		expect(sql.map((item) => [item.json.id, (item.json.leadStage as IDataObject).stage, (item.json.leadStage as IDataObject).previousStage])).toEqual([['quinn', 'SQL', 'MQL']]);
		const routed = await runNode(RouteToSales, { parameters: { ...PARAMETERS.routeToSales, options: { asOf: week } }, items: jsonOf(sql) });
		expect(routed.outputs[0][0].json.routing).toMatchObject({ priority: { level: 'P1', reason: 'stage SQL' } });
		// The item keeps its fields: the stale decay is only not read.
		expect(routed.outputs[0][0].json.decay).toEqual(stored.decay);
	});
});
