import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { ClassifyStage } from '../../../nodes/ClassifyStage/ClassifyStage.node';
import { RouteToSales } from '../../../nodes/RouteToSales/RouteToSales.node';
import { ScoreLead } from '../../../nodes/ScoreLead/ScoreLead.node';
import { leftValue } from '../../../nodes/shared/conditionBuilder';
import { runNode, runNodeError } from '../../helpers/runNode';

/**
 * A Field box of every builder (Score Lead's rules, Classify Stage's stage conditions, Route to Sales' routing rules)
 * as users fill it in the editor: typed as a path, dragged from the input panel (n8n writes `{{ $json.path }}`), or
 * any other expression. Path and dragged field are read by the core; another expression is evaluated by n8n per lead
 * and its result compared. All three give the same result (nodes/shared/builderFields.ts).
 */
const asOf = '2026-11-22T00:00:00Z';
const LEADS = [
	{ jobTitle: 'VP Marketing', company: { employees: 250 }, events: [{ type: 'page_view', url: '/pricing', timestamp: '2026-11-20T00:00:00Z' }] },
	{ jobTitle: 'Analyst', company: { employees: 20 }, events: [{ type: 'page_view', url: '/blog', timestamp: '2026-11-20T00:00:00Z' }] },
	{ jobTitle: 'vp sales', company: { employees: 5000 }, events: [] },
];

function model(titleField: string, sizeField: string, urlField = 'url'): INodeParameters {
	return {
		modelSource: 'ui',
		fitRules: {
			rule: [
				{ label: 'Senior title', field: titleField, operator: 'contains', value: 'vp', points: 20 },
				{ label: 'Target size', field: sizeField, operator: 'between', valueMin: 50, valueMax: 5000, points: 15 },
			],
		},
		engagementRules: { rule: [{ label: 'Pricing page', eventType: 'page_view', points: 10, propertyField: urlField, propertyOperator: 'contains', propertyValue: '/pricing' }] },
		settings: { halfLifeDays: 0 },
		includeExplanation: false,
		options: { asOf },
	};
}

const scores = (items: INodeExecutionData[]) => items.map((item) => (item.json.leadScore as IDataObject).score);

describe('Score Lead: a rule field typed, dragged or computed', () => {
	// VP Marketing: 20 + 15 + 10 = 45; Analyst: 0 (20 employees, blog); vp sales: 20 + 15 (5000 is within) = 35.
	const expected = [45, 0, 35];

	it('a typed path', async () => {
		const { outputs } = await runNode(ScoreLead, { parameters: model('jobTitle', 'company.employees'), items: LEADS });
		expect(scores(outputs[0])).toEqual(expected);
	});

	it('a dragged field ({{ $json.path }}), events dragged from the first event', async () => {
		const { outputs } = await runNode(ScoreLead, {
			parameters: model('={{ $json.jobTitle }}', '={{ $json.company.employees }}', '={{ $json.events[0].url }}'),
			items: LEADS,
		});
		expect(scores(outputs[0])).toEqual(expected);
	});

	it('another expression, evaluated by n8n for each lead', async () => {
		const { outputs } = await runNode(ScoreLead, {
			parameters: model('={{ $json.title ?? $json.jobTitle }}', '={{ $json.company.employees * 1 }}'),
			items: LEADS,
		});
		expect(scores(outputs[0])).toEqual(expected);
	});

	it('a computed value that is not a number is named by its rule', async () => {
		const error = await runNodeError(ScoreLead, { parameters: model('jobTitle', '={{ $json.jobTitle }}x'), items: LEADS });
		expect(error.message).toBe('Item 0: Field "Field of fit rule 2 (Target size)": expected a number, got "VP Marketingx"');
	});

	it('as an AI Agent tool: a dragged field reads the lead the model passed; another expression is refused by name', async () => {
		class ScoreLeadTool extends ScoreLead {
			description = { ...new ScoreLead().description, name: 'scoreLeadTool' };
		}
		const tool = (title: string) => ({ ...model(title, 'company.employees'), toolLead: LEADS[0] });
		const { outputs } = await runNode(ScoreLeadTool, { parameters: tool('={{ $json.jobTitle }}'), items: [{ toolCallId: 'call_1' }] });
		expect(outputs[0].map((item) => item.json.score)).toEqual([45]);
		const error = await runNodeError(ScoreLeadTool, { parameters: tool('={{ $json.jobTitle.toLowerCase() }}'), items: [{ toolCallId: 'call_1' }] });
		expect(error.message).toBe(
			'Item 0: fit rule 1 "Senior title": Field: as an AI Agent\'s tool this node reads the lead the model passes, and an expression here would read the agent\'s input instead; drag a field or type its path',
		);
	});

	it('an expression other than a dragged field in a Property Field (read in each event) fails the node, naming the rule', async () => {
		const error = await runNodeError(ScoreLead, { parameters: model('jobTitle', 'company.employees', '={{ $json.events[0].url.toLowerCase() }}'), items: LEADS });
		expect(error.message).toBe(
			'Invalid rules: engagement rule 1 "Pricing page": Property Field: an expression is evaluated once per lead, not per event; drag a field of an event or type its path',
		);
	});
});

/** Each lead's json on each output, by output. */
const byOutput = (outputs: INodeExecutionData[][]) => outputs.map((items) => items.map((item) => item.json));

describe('Classify Stage: a stage condition field typed, dragged or computed', () => {
	const leads = [
		{ leadScore: { score: 80 }, contact: { title: 'VP Marketing' } },
		{ leadScore: { score: 80 }, contact: { title: 'Analyst' } },
		{ leadScore: { score: 40 }, contact: { title: 'vp sales' } },
		{ leadScore: { score: 90 }, contact: { title: 'Head of VP relations' } },
	];
	const classify = (field: string) =>
		runNode(ClassifyStage, {
			parameters: {
				ladderSource: 'ui',
				floorStage: 'Cold',
				// SQL needs 75 and a title that starts with "vp" (compared without case).
				stages: { stage: [{ name: 'MQL', minTotal: 50 }, { name: 'SQL', minTotal: 75, conditions: { whenField: field, whenOperator: 'startsWith', whenValue: 'vp' } }] },
				options: { asOf: '2026-11-22T00:00:00Z' },
			},
			items: leads,
		});
	// New leads: promoted from nowhere, entered at As Of.
	const stage = (name: string, reason: string) => ({
		stage: name,
		previousStage: null,
		changed: true,
		direction: 'promoted',
		stageEnteredAt: '2026-11-22T00:00:00.000Z',
		recycled: false,
		reason,
	});
	// Outputs Cold, MQL, SQL, Failed. 80 + VP -> SQL; 80 + Analyst -> MQL; 40 -> Cold; 90 + "Head of VP..." -> MQL.
	const expected = [
		[{ ...leads[2], leadStage: stage('Cold', 'total 40 < MQL entry 50') }],
		[
			{ ...leads[1], leadStage: stage('MQL', 'total 80 >= MQL entry 50') },
			{ ...leads[3], leadStage: stage('MQL', 'total 90 >= MQL entry 50') },
		],
		[{ ...leads[0], leadStage: stage('SQL', 'total 80 >= SQL entry 75, SQL condition met') }],
		[],
	];

	it.each([
		['a typed path', 'contact.title'],
		['a dragged field', '={{ $json.contact.title }}'],
		['another expression, evaluated by n8n for each lead', '={{ $json.contact.title.toLowerCase() }}'],
	])('%s', async (_how, field) => {
		const { outputs, error } = await classify(field);
		expect(error).toBeUndefined();
		// Exactly the lead and its stage: the computed value is read by the ladder, never written to the item.
		expect(byOutput(outputs)).toEqual(expected);
	});

	it('a dragged field keeps the ladder fixed: checked before any item, the unreached stages hinted', async () => {
		const { run } = await runNode(ClassifyStage, {
			parameters: {
				ladderSource: 'ui',
				stages: { stage: [{ name: 'SQL', minTotal: 75, conditions: { whenField: '={{ $json.contact.title }}', whenOperator: 'startsWith', whenValue: 'vp' } }] },
				options: { asOf: '2026-11-22T00:00:00Z' },
			},
			items: [leads[2]],
		});
		expect(run.data.resultData.runData['Classify Stage'][0].hints).toEqual([
			{ type: 'info', location: 'outputPane', message: 'No lead reached SQL in this run. If that is unexpected, check those stages\' thresholds against the scores.' },
		]);
	});
});

describe('Route to Sales: a routing rule field typed, dragged or computed', () => {
	const leads = [{ address: { country: 'DE' } }, { address: { country: 'US' } }, { address: { country: 'ch' } }, { address: { country: 'Deutschland' } }];
	const route = (field: string) =>
		runNode(RouteToSales, {
			parameters: {
				reps: { rep: [{ id: 'ana', name: 'Ana', team: 'DACH' }, { id: 'ben', name: 'Ben', team: 'Rest' }] },
				routingRules: { rule: [{ name: 'DACH', field, operator: 'in', value: 'de, at, ch', team: 'DACH' }] },
				defaultTeam: 'Rest',
				options: { asOf: '2026-11-24T10:00:00Z' },
			},
			items: leads,
		});

	it.each([
		['a typed path', 'address.country'],
		['a dragged field', '={{ $json.address.country }}'],
		['another expression, evaluated by n8n for each lead', '={{ $json.address.country.toLowerCase() }}'],
	])('%s', async (_how, field) => {
		const { outputs, error } = await route(field);
		expect(error).toBeUndefined();
		// DE and ch are in the list (compared without case): Ana (DACH); US and "Deutschland" are not: Ben (Rest).
		expect(outputs[0].map((item) => [item.json.address, (item.json.routing as IDataObject).owner, (item.json.routing as IDataObject).team])).toEqual([
			[{ country: 'DE' }, 'ana', 'DACH'],
			[{ country: 'US' }, 'ben', 'Rest'],
			[{ country: 'ch' }, 'ana', 'DACH'],
			[{ country: 'Deutschland' }, 'ben', 'Rest'],
		]);
		expect(outputs[0].map((item) => Object.keys(item.json))).toEqual(leads.map(() => ['address', 'routing']));
		expect((outputs[0][0].json.routing as IDataObject).reasons).toContain('DACH matched: team DACH');
		expect(outputs[1]).toEqual([]);
	});

	it('an expression n8n cannot evaluate fails the lead, naming the rule', async () => {
		const parameters = {
			reps: { rep: [{ id: 'ana', name: 'Ana', team: 'DACH' }] },
			// A node the workflow does not have: n8n throws (a missing field or a bad JSON.parse only gives no value).
			routingRules: { rule: [{ name: 'DACH', field: "={{ $('CRM').item.json.country }}", operator: 'in', value: 'de, at, ch', team: 'DACH' }] },
			options: { asOf: '2026-11-24T10:00:00Z' },
		};
		const { outputs } = await runNode(RouteToSales, {
			parameters,
			items: [{ email: 'a@x.io' }],
			onError: 'continueRegularOutput',
		});
		expect(outputs[0]).toEqual([]);
		expect(outputs[1].map((item) => (item.json.error as IDataObject).message)).toEqual([
			'Item 0: routing rule 1 "DACH": Field: the expression failed for this lead (Referenced node doesn\'t exist)',
		]);
		// Without Continue On Fail the node stops with the same words, naming the item too.
		const stopped = await runNodeError(RouteToSales, { parameters, items: [{ email: 'a@x.io' }, { email: 'b@x.io' }] });
		expect(stopped.message).toBe('Item 0: routing rule 1 "DACH": Field: the expression failed for this lead (Referenced node doesn\'t exist)');
	});
});

describe('leftValue', () => {
	it.each([
		['jobTitle', { path: 'jobTitle' }],
		[' company.employees ', { path: 'company.employees' }],
		['={{ $json.jobTitle }}', { path: 'jobTitle' }],
		['={{$json.company.employees}}', { path: 'company.employees' }],
		['={{ $json["first name"] }}', { path: 'first name' }],
		["={{ $json['a'].b[2].c }}", { path: 'a.b.2.c' }],
		['={{ $json.jobTitle.toLowerCase() }}', { expression: '={{ $json.jobTitle.toLowerCase() }}' }],
		['={{ $json.a }} {{ $json.b }}', { expression: '={{ $json.a }} {{ $json.b }}' }],
		['={{ $json["a.b"] }}', { expression: '={{ $json["a.b"] }}' }],
	])('%s', (raw, expected) => {
		expect(leftValue(raw)).toEqual(expected);
	});
});
