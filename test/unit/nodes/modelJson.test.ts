import { NodeHelpers, type IDataObject, type INode, type INodeExecutionData, type INodeParameters } from 'n8n-workflow';
import { generateTuningLeads } from '../../../bench/tuningLeads';
import { ScoreLead } from '../../../nodes/ScoreLead/ScoreLead.node';
import { TuneModel } from '../../../nodes/TuneModel/TuneModel.node';
import { runNode, type RunNodeResult } from '../../helpers/runNode';

/**
 * Model Source: Options > Include Model as JSON puts the model a Rule Builder (or a preset) scored with on every
 * item, as Model (JSON) reads it. Pasted back as the JSON source, it gives the same results, fingerprint included.
 */
const asOf = '2026-11-22T00:00:00Z';
const at = '2026-11-20T00:00:00Z';
const pricing = { type: 'page_view', url: '/pricing', timestamp: at };
const LEADS = [
	{ jobTitle: 'VP Marketing', email: 'a@acme.io', company: { employees: 250, industry: 'Software' }, events: [pricing, pricing, pricing, { type: 'demo_request', timestamp: at }] },
	{ jobTitle: 'Analyst', email: 'b@gmail.com', company: { employees: 20, industry: 'Retail' }, events: [{ type: 'page_view', url: '/blog', timestamp: at }] },
	{ jobTitle: 'vp sales', email: 'c@corp.com', company: { employees: 5000, industry: 'saas' }, events: [pricing] },
];

const builder: INodeParameters = {
	modelSource: 'ui',
	fitRules: {
		rule: [
			{ label: 'Senior title', field: '={{ $json.jobTitle }}', operator: 'contains', value: 'vp', points: 20 },
			{ label: 'Target size', field: 'company.employees', operator: 'between', valueMin: 50, valueMax: 5000, points: 15 },
			{ label: 'Industry', field: 'company.industry', operator: 'in', value: 'software, saas', points: 10 },
			{ label: 'Free mail', field: 'email', operator: 'isFreeEmail', points: -10 },
		],
	},
	engagementRules: {
		rule: [
			{ label: 'Pricing page', eventType: 'page_view', points: 10, propertyField: 'url', propertyOperator: 'contains', propertyValue: '/pricing', maxOccurrences: 2 },
			{ label: 'Demo request', eventType: 'demo_request', points: 25 },
		],
	},
	settings: { fitCap: 40, engagementCap: 30, halfLifeDays: 0, decimals: 0, modelName: 'Acme model' },
};

const run = (parameters: INodeParameters) => runNode(ScoreLead, { parameters: { ...parameters, options: { asOf, includeModelJson: true } }, items: LEADS });
const results = ({ outputs }: RunNodeResult) => outputs[0].map((item) => item.json.leadScore as IDataObject);
const pasted = (item: INodeExecutionData): INodeParameters => ({ modelSource: 'json', modelJson: JSON.stringify(item.json.scoringModel, null, 2) });

describe('Score Lead: Include Model as JSON', () => {
	it('a Rule Builder model pasted back as JSON scores every lead the same, with the same fingerprint', async () => {
		const fromBuilder = await run(builder);
		// Lead 1: fit 20 + 15 + 10 = 45, capped at 40; engagement 2 of 3 pricing views (20) + demo 25 = 45, capped at 30.
		// Lead 2: -10 for free mail (no Total Floor set). Lead 3: fit 45 capped at 40; one pricing view 10.
		expect(results(fromBuilder).map((r) => r.score)).toEqual([70, -10, 50]);
		const model = fromBuilder.outputs[0][0].json.scoringModel as IDataObject;
		expect(model).toMatchObject({ name: 'Acme model', decimals: 0 });
		// The dragged field is stored as its path, so the JSON source reads the same field.
		expect((model.fitRules as IDataObject[])[0]).toMatchObject({ label: 'Senior title', when: { field: 'jobTitle', operator: 'contains', value: 'vp' } });

		const fromJson = await run(pasted(fromBuilder.outputs[0][0]));
		expect(results(fromJson)).toEqual(results(fromBuilder));
		expect(fromJson.outputs[0].map((item) => item.json.scoringModel)).toEqual(fromBuilder.outputs[0].map((item) => item.json.scoringModel));
	});

	it('a preset comes out as JSON to start a model of your own from', async () => {
		const fromPreset = await run({ modelSource: 'preset', preset: 'b2bSaas' });
		const fromJson = await run(pasted(fromPreset.outputs[0][2]));
		expect(results(fromJson)).toEqual(results(fromPreset));
		expect((results(fromPreset)[0].model as IDataObject).name).toBe('B2B SaaS');
	});

	it('off by default: the items carry no model', async () => {
		const { outputs } = await runNode(ScoreLead, { parameters: { ...builder, options: { asOf } }, items: LEADS });
		expect(outputs[0].every((item) => !('scoringModel' in item.json))).toBe(true);
	});

	it('a Field computed by another expression is a value only the builder fills: a hint says to give a path', async () => {
		const rule = { label: 'Senior title', field: '={{ $json.title ?? $json.jobTitle }}', operator: 'contains', value: 'vp', points: 20 };
		const result = await run({ modelSource: 'ui', fitRules: { rule: [rule] }, settings: { halfLifeDays: 0 } });
		const hints = (result.run.data.resultData.runData['Score Lead'][0].hints ?? []) as unknown as IDataObject[];
		expect(hints.map((h) => h.message)).toContainEqual(
			'In scoringModel, fit rule "Senior title" (rule 1) reads "Field of fit rule 1 (Senior title)", a value only the Rule Builder computes from its expression: give its "field" a path before using the model as JSON.',
		);
	});
});

describe('Tune Model: Include Model as JSON', () => {
	it('the report carries the model it evaluated, the same JSON Score Lead gives', async () => {
		const leads = generateTuningLeads({ count: 200, seed: 3 }).leads;
		const { outputs } = await runNode(TuneModel, { parameters: { operation: 'evaluate', ...builder, options: { chartField: '', includeModelJson: true } }, items: leads });
		const scored = await run(builder);
		expect(outputs[0][0].json.scoringModel).toEqual(scored.outputs[0][0].json.scoringModel);
		const plain = await runNode(TuneModel, { parameters: { operation: 'evaluate', ...builder, options: { chartField: '' } }, items: leads });
		expect(plain.outputs[0][0].json).not.toHaveProperty('scoringModel');
	});
});

describe('Model Source: what switching does (the notice says it)', () => {
	// What n8n 2.41's editor does when a parameter changes (useNodeSettingsParameters.updateNodeParameter): it
	// rebuilds the node's parameters with NodeHelpers.getNodeParameters(properties, parameters, true, false), which
	// keeps only the parameters on show.
	const { description } = new ScoreLead();
	const node = { name: 'Score Lead', type: 'n8n-nodes-lead-scoring.scoreLead', typeVersion: 1, parameters: {} } as unknown as INode;
	const afterChange = (parameters: INodeParameters) => NodeHelpers.getNodeParameters(description.properties, parameters, true, false, node, description) as IDataObject;

	it('switching to JSON drops the rules at once; switching back shows an empty builder', () => {
		const switched = afterChange({ ...builder, modelSource: 'json' });
		expect(switched.fitRules).toBeUndefined();
		expect(switched.engagementRules).toBeUndefined();
		expect(switched.modelJson).toEqual(expect.stringContaining('"name": "My model"'));
		expect(afterChange({ ...switched, modelSource: 'ui' }).fitRules).toEqual({});
	});

	it('the notice shows with the Rule Builder only', () => {
		const notice = description.properties.find((p) => p.name === 'modelSourceNotice');
		expect(notice).toMatchObject({ type: 'notice', displayOptions: { show: { modelSource: ['ui'] } } });
		expect(notice?.displayName).toContain('deletes these rules');
		expect(afterChange(builder).fitRules).toMatchObject(builder.fitRules as IDataObject);
	});
});
