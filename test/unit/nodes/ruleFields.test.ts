import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { ScoreLead } from '../../../nodes/ScoreLead/ScoreLead.node';
import { leftValue } from '../../../nodes/shared/conditionBuilder';
import { runNode, runNodeError } from '../../helpers/runNode';

/**
 * A rule's Field as users give it in the editor: typed as a path, dragged from the input panel (n8n writes
 * `{{ $json.path }}`), or any other expression. Path and dragged field are read by the core; another expression is
 * evaluated by n8n per lead and its result compared. All three give the same score.
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
		expect(error.message).toBe('Item 0: Field "Field of fit rule 2": expected a number, got "VP Marketingx"');
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
