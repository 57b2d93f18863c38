import { NodeHelpers, NodeOperationError, Workflow, type INode, type INodeExecutionData } from 'n8n-workflow';
import { ApplyDecay } from '../../../nodes/ApplyDecay/ApplyDecay.node';
import { runNode, runNodeError } from '../../helpers/runNode';

const AS_OF = '2026-01-31T00:00:00.000Z';
/** As Score Lead leaves a lead: the engagement and fit parts and the moment they were scored (the last activity). */
const scored = (engagementScore: unknown, fitScore: unknown, asOf: unknown, extra: Record<string, unknown> = {}) => ({
	leadScore: { engagementScore, fitScore, lastActivityAt: asOf },
	...extra,
});

const jsonOf = (items: INodeExecutionData[]) => items.map((item) => item.json);

describe('Apply Decay node', () => {
	it('fades the engagement part with the default 30-day half-life and keeps fit', async () => {
		const { outputs, error } = await runNode(ApplyDecay, {
			parameters: { options: { asOf: AS_OF } },
			items: [scored(40, 20, '2026-01-01T00:00:00Z'), scored(40, 20, '2025-12-02T00:00:00Z')],
		});
		expect(error).toBeUndefined();
		expect(outputs).toHaveLength(1);
		// 30 days = one half-life: 40 -> 20, plus fit 20 = 40. 60 days = two: 40 -> 10, plus 20 = 30.
		expect(outputs[0].map((item) => item.json.decay)).toEqual([
			expect.objectContaining({ score: 40, baseScore: 60, engagementScore: 20, fitScore: 20, pointsRemoved: 20, daysInactive: 30, changed: true }),
			expect.objectContaining({ score: 30, baseScore: 60, engagementScore: 10, pointsRemoved: 30, daysInactive: 60, decayedAt: AS_OF }),
		]);
		expect(outputs[0][0].json.decay).toMatchObject({ curve: { curve: 'halfLife', halfLifeDays: 30 }, curveSummary: 'halves every 30 days' });
		expect(outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('gives the same result when run twice at the same asOf', async () => {
		const parameters = { curve: 'linearPercent', percent: 50, every: 1, unit: 'months', options: { asOf: AS_OF } };
		const items = [scored(10, 5, '2025-12-31T00:00:00Z'), scored(10, 5, '2025-11-30T00:00:00Z'), scored(10, 5, '2026-01-30T00:00:00Z')];
		const once = await runNode(ApplyDecay, { parameters, items });
		const twice = await runNode(ApplyDecay, { parameters, items: jsonOf(once.outputs[0]) });
		// One calendar month: 10 - 50 % of 10 = 5 (+5 fit = 10); two: 0 (+5 = 5); one day: no whole month, 15.
		expect(once.outputs[0].map((item) => (item.json.decay as { score: number }).score)).toEqual([10, 5, 15]);
		expect(jsonOf(twice.outputs[0])).toEqual(jsonOf(once.outputs[0]));
	});

	it('sends leads whose score did not change to the Unchanged output, none lost', async () => {
		const { outputs } = await runNode(ApplyDecay, {
			parameters: {
				curve: 'pointsPerDay',
				points: 2,
				graceDays: 7,
				separateUnchanged: true,
				options: { asOf: AS_OF, currentScoreField: 'crm.score' },
			},
			items: [
				scored(30, 0, '2026-01-21T00:00:00Z', { crm: { score: 24 } }), // 10 days, 3 after grace: 30 - 6 = 24, as stored
				scored(30, 0, '2026-01-21T00:00:00Z', { crm: { score: 26 } }), // yesterday's 26 becomes 24
				scored(30, 0, '2026-01-28T00:00:00Z', { crm: { score: '' } }), // in grace, 30, never stored: changed
				scored(30, 0, '2026-01-28T00:00:00Z', { crm: { score: 30 } }), // in grace, 30 as stored
			],
		});
		expect(outputs).toHaveLength(2);
		expect(outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 2 }]);
		expect(outputs[1].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 3 }]);
		expect(outputs[0].map((item) => (item.json.decay as { score: number }).score)).toEqual([24, 30]);
	});

	it('declares the Unchanged output only when asked', () => {
		const outputsFor = (separateUnchanged: boolean) => {
			const node = new ApplyDecay();
			const parameters = NodeHelpers.getNodeParameters(node.description.properties, { separateUnchanged }, true, false, null, node.description);
			const instance: INode = { id: '1', name: 'Apply Decay', type: 'applyDecay', typeVersion: 1, position: [0, 0], parameters: parameters ?? {} };
			const workflow = new Workflow({
				nodes: [instance],
				connections: {},
				active: false,
				nodeTypes: { getByName: () => node, getByNameAndVersion: () => node, getKnownTypes: () => ({}) },
			});
			return NodeHelpers.getNodeOutputs(workflow, instance, node.description);
		};
		expect(outputsFor(false)).toEqual(['main']);
		expect(outputsFor(true)).toEqual([
			{ type: 'main', displayName: 'Changed' },
			{ type: 'main', displayName: 'Unchanged' },
		]);
	});

	it('reads a stored total, text numbers and epoch seconds from CRM fields, a curve given as JSON', async () => {
		const { outputs } = await runNode(ApplyDecay, {
			parameters: {
				scoreField: 'properties.lead_score',
				fitScoreField: '',
				lastActivityField: 'properties.last_activity',
				curve: 'json',
				curveJson: '{ "curve": "compoundingPercent", "percent": 25, "every": 30, "unit": "days" }',
				options: { asOf: AS_OF, outputField: 'properties.decay' },
			},
			// 1764547200 s = 2025-12-01T00:00:00Z: 61 days before asOf, two whole 30-day periods.
			items: [{ properties: { lead_score: '100', last_activity: 1764547200 } }],
		});
		// 100 x 0.75 x 0.75 = 56.25
		expect(outputs[0][0].json).toEqual({
			properties: {
				lead_score: '100',
				last_activity: 1764547200,
				decay: expect.objectContaining({ score: 56.25, baseScore: 100, pointsRemoved: 43.75, daysInactive: 61, lastActivityAt: '2025-12-01T00:00:00.000Z' }),
			},
		});
	});

	it('takes a curve per item from an expression, failing only the items whose curve is bad', async () => {
		const { outputs, error } = await runNode(ApplyDecay, {
			parameters: { curve: 'json', curveJson: '={{ $json.decayCurve }}', fitScoreField: '', options: { asOf: AS_OF } },
			continueOnFail: true,
			items: [
				scored(40, 0, '2026-01-01T00:00:00Z', { decayCurve: { curve: 'window', days: 30 } }), // 30 days old: gone
				scored(40, 0, '2026-01-01T00:00:00Z', { decayCurve: { curve: 'window', days: -1 } }),
				scored(40, 0, '2026-01-01T00:00:00Z', { decayCurve: { curve: 'pointsPerDay', points: 1 } }), // 40 - 30 = 10
			],
		});
		expect(error).toBeUndefined();
		expect(outputs[0].map((item) => (item.json.decay as { score: number } | undefined)?.score)).toEqual([0, undefined, 10]);
		expect(outputs[0][1].json.error).toMatchObject({
			message: 'Item 1: Invalid decay settings (value {"curve":{"curve":"window","days":-1},"scoreField":"leadScor...): curve.days: Too small: expected number to be >0',
		});
	});

	it('leaves the input item untouched when writing into one of its objects', async () => {
		const input = scored(40, 20, '2026-01-01T00:00:00Z');
		const { outputs } = await runNode(ApplyDecay, { parameters: { options: { asOf: AS_OF, outputField: 'leadScore.decay' } }, items: [{ json: input }] });
		expect(outputs[0][0].json.leadScore).toHaveProperty('decay.score', 40);
		expect(input.leadScore).not.toHaveProperty('decay');
	});

	it('stops at a bad item naming the item, the field and what was expected', async () => {
		const error = await runNodeError(ApplyDecay, {
			parameters: { options: { asOf: AS_OF } },
			items: [scored(40, 20, '2026-01-01T00:00:00Z'), scored(40, 20, 'soon')],
		});
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(
			'Item 1: Field "leadScore.lastActivityAt, lastActivityAt": expected a date (ISO 8601 string, epoch seconds, milliseconds or microseconds), got "soon"',
		);
		expect((error as NodeOperationError).context.itemIndex).toBe(1);
	});

	it('with Continue On Fail, passes a bad item on with its error (on Unchanged, away from the CRM update) and goes on', async () => {
		const { outputs, error } = await runNode(ApplyDecay, {
			parameters: { separateUnchanged: true, options: { asOf: AS_OF } },
			continueOnFail: true,
			items: [scored('lots', 20, '2026-01-01T00:00:00Z'), scored(40, 20, '2026-01-01T00:00:00Z')],
		});
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(1);
		expect(outputs[0][0].json.decay).toMatchObject({ score: 40 });
		expect(outputs[0][0].pairedItem).toEqual({ item: 1 });
		expect(outputs[1]).toHaveLength(1);
		expect(outputs[1][0].json.error).toMatchObject({
			field: 'leadScore.engagementScore, engagementScore',
			expected: 'a number (the stored score) between -1e12 and 1e12',
			setting: 'Score Field',
			itemIndex: 0,
			node: 'Apply Decay',
		});
		expect(outputs[1][0].pairedItem).toEqual({ item: 0 });
	});

	it('fails before any item on a bad curve, listing every problem', async () => {
		const error = await runNodeError(ApplyDecay, {
			parameters: { curve: 'compoundingPercent', percent: 0, every: 1.5, options: { asOf: AS_OF, outputField: 'leadScore' } },
			items: [scored(40, 20, '2026-01-01T00:00:00Z')],
		});
		expect(error.message).toBe('Invalid decay settings (3 problems)');
		const lines = String((error as NodeOperationError).description).split('\n');
		expect(lines).toHaveLength(3);
		expect(lines.join('\n')).toContain('curve.percent: expected a percentage above 0');
		expect(lines.join('\n')).toContain('curve.every: expected a whole number of periods');
		expect(lines.join('\n')).toContain('outputField: would overwrite the input field "leadScore.engagementScore"');
		expect((error as NodeOperationError).context.itemIndex).toBeUndefined();
	});
});
