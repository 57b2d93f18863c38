import { NodeOperationError } from 'n8n-workflow';
import { generateTuningLeads } from '../../../bench/tuningLeads';
import { TuneModel } from '../../../nodes/TuneModel/TuneModel.node';
import { runNode } from '../../helpers/runNode';

const leads = generateTuningLeads({ count: 400, seed: 3 }).leads;

describe('Tune Model node', () => {
	it('Evaluate: one report paired with every lead, a chart binary, and the events after the cutoff counted', async () => {
		const { outputs } = await runNode(TuneModel, { parameters: { operation: 'evaluate' }, items: leads });
		expect(outputs[0]).toHaveLength(1);
		const [report] = outputs[0];
		expect(report.pairedItem).toEqual(leads.map((_, item) => ({ item })));
		const json = report.json as any;
		const converted = leads.filter((l) => l.converted === 'won').length;
		expect(json.leads).toMatchObject({ total: 400, converted, eventsAfterCutoff: converted });
		expect(json.model.name).toBe('B2B SaaS');
		expect(json.stages.map((s: any) => s.stage)).toEqual(['Cold', 'IQL', 'MQL', 'SQL']);
		expect(json.stages.reduce((n: number, s: any) => n + s.leads, 0)).toBe(400);
		expect(json.thresholds.stage).toBe('SQL');
		expect(report.binary?.chart).toMatchObject({ mimeType: 'image/svg+xml', fileName: 'tune-model.svg' });
		const svg = Buffer.from(report.binary!.chart.data, 'base64').toString('utf8');
		expect(svg.startsWith('<svg')).toBe(true);
	});

	it("Evaluate names each rule as Score Lead's explanation does: its id, else its place", async () => {
		const when = { field: 'jobTitle', operator: 'contains', value: 'vp' };
		const model = { name: 'Named', fitRules: [{ label: 'VP', points: 10, when }, { id: 'vp-again', label: 'VP again', points: 5, when }], engagementRules: [{ label: 'Demo', points: 30, eventType: 'demo_request' }] };
		const { outputs } = await runNode(TuneModel, { parameters: { operation: 'evaluate', modelSource: 'json', modelJson: JSON.stringify(model) }, items: leads });
		expect((outputs[0][0].json as any).rules.map((r: any) => [r.rule, r.label])).toEqual([
			['fit rule 1', 'VP'],
			['vp-again', 'VP again'],
			['engagement rule 1', 'Demo'],
		]);
	});

	it('an unrecognisable outcome is an item error naming the field; with Continue the item carries it and the report goes on', async () => {
		const bad = [...leads.slice(0, 100), { ...leads[100], converted: 'maybe' }, ...leads.slice(101)];
		const failed = await runNode(TuneModel, { parameters: { operation: 'evaluate' }, items: bad });
		expect(failed.error).toBeInstanceOf(NodeOperationError);
		expect(failed.error?.message).toMatch(/^Item 100: Field "converted": expected an outcome/);
		const { outputs } = await runNode(TuneModel, { parameters: { operation: 'evaluate' }, items: bad, onError: 'continueRegularOutput' });
		expect(outputs[0]).toHaveLength(2);
		expect((outputs[0][0].json as any).leads.total).toBe(399);
		expect(outputs[0][1].pairedItem).toEqual({ item: 100 });
		expect(outputs[0][1].json).toMatchObject({ converted: 'maybe', error: { itemIndex: 100, field: 'converted' } });
	});

	it('one outcome only is a clear error', async () => {
		const { error } = await runNode(TuneModel, { parameters: { operation: 'evaluate' }, items: leads.filter((l) => l.converted === 'lost') });
		expect(error?.message).toMatch(/did not convert: a model can only be judged or learned from leads of both outcomes/);
	});

	it('Suggest refuses too few leads, saying what is needed', async () => {
		const { error } = await runNode(TuneModel, { parameters: { operation: 'suggest' }, items: leads.slice(0, 150) });
		expect(error?.message).toMatch(/^Too few leads to learn from: 150 leads, .* needs at least 200 leads and 40 of each outcome/);
	});

	it('Suggest: a model Score Lead takes, held-out AUCs, and a warning below 1,000 leads', async () => {
		const { outputs, run } = await runNode(TuneModel, { parameters: { operation: 'suggest', learning: { includeLeadScores: true } }, items: leads });
		const json = outputs[0][0].json as any;
		expect(json.suggestedModel.name).toBe('B2B SaaS (tuned)');
		expect(json.heldOut.suggestedAuc).toBeGreaterThan(0.5);
		expect(json.leadScores).toHaveLength(400);
		expect(json.warnings[0]).toMatch(/^Only 400 leads \(fewer than 1000\)( and \d+ conversions \(fewer than 120\))?: points learned from so few/);
		expect(JSON.stringify(run.data.resultData.runData['Node Under Test'] ?? run.data.resultData.runData)).toMatch(/points learned from so few/);
		// Revenue is only ever filled in on won leads: left among the fields, it leaks the outcome, and the report says so.
		expect(json.leakSuspects).toEqual([{ field: 'revenue', auc: 1, byName: false }]);
		expect(json.warnings).toContain(
			'Field "revenue" may leak the outcome: its values alone separate converted from other leads almost perfectly (AUC 1 on the training leads). If it is filled in after first contact, add it to Known Only After Contact.',
		);
	});
});
