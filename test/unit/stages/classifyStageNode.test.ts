import fc from 'fast-check';
import { NodeHelpers, Workflow, type INode, type INodeParameters, type INodeTypes } from 'n8n-workflow';
import { ClassifyStage } from '../../../nodes/ClassifyStage/ClassifyStage.node';
import { runNode, runNodeError } from '../../helpers/runNode';
import { NodeOperationError } from 'n8n-workflow';

const AS_OF = '2026-11-22T09:00:00.000Z';
const ENTERED = '2026-10-01T00:00:00.000Z';
const base = { options: { asOf: AS_OF } };
const lead = (score: unknown, stage?: string, extra: Record<string, unknown> = {}) => ({
	leadScore: { score },
	...(stage === undefined ? {} : { leadStage: { stage, stageEnteredAt: ENTERED } }),
	...extra,
});

/** The stage each output holds, by the input item index it carries. */
const indexes = (outputs: Array<Array<{ pairedItem?: unknown }>>) =>
	outputs.map((items) => items.map((i) => (i.pairedItem as { item: number }).item));

/** The outputs the editor draws for these parameters, evaluated by n8n's own expression engine. */
function editorOutputs(parameters: INodeParameters): string[] {
	const nodeType = new ClassifyStage();
	const node: INode = {
		id: 'n',
		name: 'Classify Stage',
		type: 'test.classifyStage',
		typeVersion: 1,
		position: [0, 0],
		parameters: NodeHelpers.getNodeParameters(nodeType.description.properties, parameters, true, false, { typeVersion: 1 } as INode, nodeType.description) ?? {},
	};
	const nodeTypes: INodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) };
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return NodeHelpers.getNodeOutputs(workflow, node, nodeType.description).map((o) => (typeof o === 'string' ? o : (o.displayName ?? '')));
}

describe('Classify Stage node outputs', () => {
	it('follows the default ladder, one output per stage', () => {
		// Failed: where leads that failed go with Continue (regular output), never on a stage's output.
		expect(editorOutputs({})).toEqual(['Cold', 'IQL', 'MQL', 'SQL', 'Failed']);
		expect(editorOutputs({ onlyChanged: true })).toEqual(['Cold', 'IQL', 'MQL', 'SQL', 'Unchanged', 'Failed']);
	});

	it('follows a ladder built in the node or written as JSON', () => {
		const stages = { stage: [{ name: 'Warm', minTotal: 30 }, { name: 'Hot', minTotal: 60 }] };
		expect(editorOutputs({ ladderSource: 'ui', floorStage: 'New', stages })).toEqual(['New', 'Warm', 'Hot', 'Failed']);
		const json = JSON.stringify({ stages: [{ name: 'A' }, { name: 'B', minTotal: 1 }] });
		expect(editorOutputs({ ladderSource: 'json', ladderJson: json })).toEqual(['A', 'B', 'Failed']);
	});

	it('has one output with Single Output, or Changed and Unchanged', () => {
		expect(editorOutputs({ routing: 'single' })).toEqual(['']);
		expect(editorOutputs({ routing: 'single', onlyChanged: true })).toEqual(['Changed', 'Unchanged']);
	});

	it('falls back to one output when the JSON ladder cannot be read yet', () => {
		expect(editorOutputs({ ladderSource: 'json', ladderJson: '{ "stages": [' })).toEqual(['', 'Failed']);
		expect(editorOutputs({ ladderSource: 'json', ladderJson: '={{ $json.ladder }}' })).toEqual(['', 'Failed']);
	});
});

describe('Classify Stage node', () => {
	it('routes each lead to the output of its stage and writes the result', async () => {
		// Default ladder: IQL 20, MQL 50, SQL 75, exits 15, 45, 70.
		const { outputs, error } = await runNode(ClassifyStage, {
			parameters: base,
			items: [lead(10), lead(30), lead(47, 'MQL'), lead(80, 'MQL'), lead(44, 'MQL')],
		});
		expect(error).toBeUndefined();
		expect(indexes(outputs)).toEqual([[0], [1, 4], [2], [3], []]);
		expect(outputs[2][0].json.leadStage).toEqual({
			stage: 'MQL',
			previousStage: 'MQL',
			changed: false,
			direction: 'unchanged',
			stageEnteredAt: ENTERED,
			recycled: false,
			reason: 'kept MQL: total 47 >= exit 45',
		});
		expect(outputs[3][0].json).toMatchObject({
			leadScore: { score: 80 },
			leadStage: { stage: 'SQL', previousStage: 'MQL', changed: true, direction: 'promoted', stageEnteredAt: AS_OF },
		});
		expect(outputs[1][1].json.leadStage).toMatchObject({ stage: 'IQL', direction: 'demoted', reason: 'demoted from MQL: total 44 < exit 45; total 44 >= IQL entry 20' });
	});

	it('with Only Changed, sends unchanged leads to the Unchanged output instead of dropping them', async () => {
		const { outputs } = await runNode(ClassifyStage, {
			parameters: { ...base, onlyChanged: true },
			items: [lead(47, 'MQL'), lead(80, 'MQL'), lead(5, 'Cold'), lead(5)],
		});
		expect(indexes(outputs)).toEqual([[3], [], [], [1], [0, 2], []]);
	});

	it('with Single Output, sends everything to one output, or splits changed from unchanged', async () => {
		const items = [lead(47, 'MQL'), lead(80, 'MQL')];
		expect(indexes((await runNode(ClassifyStage, { parameters: { ...base, routing: 'single' }, items })).outputs)).toEqual([[0, 1]]);
		const split = await runNode(ClassifyStage, { parameters: { ...base, routing: 'single', onlyChanged: true }, items });
		expect(indexes(split.outputs)).toEqual([[1], [0]]);
	});

	it('reads configured field paths and writes to the configured output field, leaving the input untouched', async () => {
		const input = { crm: { total: 62, stage: 'IQL', since: ENTERED, rejected: 'no' } };
		const { outputs } = await runNode(ClassifyStage, {
			parameters: {
				routing: 'single',
				outputField: 'crm.lifecycle',
				options: { asOf: AS_OF, totalField: 'crm.total', previousStageField: 'crm.stage', previousStageEnteredAtField: 'crm.since', recycleField: 'crm.rejected' },
			},
			items: [input],
		});
		expect(outputs[0][0].json.crm).toMatchObject({ total: 62, lifecycle: { stage: 'MQL', previousStage: 'IQL', stageEnteredAt: AS_OF } });
		expect(input.crm).not.toHaveProperty('lifecycle');
	});

	it('keeps the stage with Never Demote until the recycle field is true', async () => {
		const { outputs } = await runNode(ClassifyStage, {
			parameters: { ...base, neverDemote: true, options: { asOf: AS_OF, recycleField: 'recycle' } },
			items: [lead(10, 'SQL'), lead(60, 'SQL', { recycle: true })],
		});
		expect(indexes(outputs)).toEqual([[], [], [1], [0], []]);
		expect(outputs[2][0].json.leadStage).toMatchObject({ direction: 'demoted', recycled: true, reason: 'recycled: total 60 >= MQL entry 50' });
	});

	it('builds the ladder from the editor, with extra conditions', async () => {
		const { outputs } = await runNode(ClassifyStage, {
			parameters: {
				...base,
				ladderSource: 'ui',
				floorStage: 'New',
				margin: 10,
				stages: {
					stage: [
						{ name: 'Nurture', minTotal: 30 },
						{ name: 'Sales Ready', minTotal: 70, conditions: { whenField: 'demo', whenOperator: 'equals', whenValue: 'true', labels: ['A1'] } },
					],
				},
				options: { asOf: AS_OF, labelField: 'grid' },
			},
			items: [
				lead(80, undefined, { demo: true, grid: 'B2' }),
				lead(80, undefined, { demo: false, grid: 'B2' }),
				lead(10, undefined, { grid: 'a1' }),
				lead(21, 'Nurture', { grid: 'C3' }), // 21 >= exit 30 - 10 = 20
			],
		});
		expect(indexes(outputs)).toEqual([[], [1, 3], [0, 2], []]);
		expect(outputs[2][1].json.leadStage).toMatchObject({ reason: 'label A1 selects Sales Ready' });
	});

	it('fails before any item on a bad ladder, listing every problem by path', async () => {
		const ladderJson = JSON.stringify({ stages: [{ name: 'Cold', minTotal: 0 }, { name: 'MQL', minTotal: 50, exitBelow: 60 }, { name: 'mql', minTotal: 40 }] });
		const error = await runNodeError(ClassifyStage, { parameters: { ladderSource: 'json', ladderJson }, items: [lead(50)] });
		expect(error.message).toBe('Invalid stage ladder (4 problems)');
		expect((error as any).description).toBe(
			'stages[0] ("Cold").minTotal: the first stage is the floor every lead falls back to; it takes no entry or exit conditions\n' +
				'stages[1] ("MQL").exitBelow: exit 60 is above the entry 50; a lead would leave the stage it just entered\n' +
				'stages[2] ("mql").name: "mql" is already the name of an earlier stage ("MQL")\n' +
				'stages[2] ("mql").minTotal: entry 40 is not above the entry of "MQL" (50); stages are ordered lowest first',
		);
	});

	it('refuses One Output per Stage with a ladder from an expression', async () => {
		const error = await runNodeError(ClassifyStage, {
			parameters: { ladderSource: 'json', ladderJson: '={{ $json.ladder }}' },
			items: [{ ladder: { stages: [{ name: 'Cold' }] }, leadScore: { score: 1 } }],
		});
		expect(error.message).toBe(
			'Item 0: Invalid setting: Routing: stage "Cold" has no output; One Output per Stage needs the ladder written in the node (not from an expression), or choose Single Output',
		);
	});

	it('classifies per item with a ladder from an expression on Single Output', async () => {
		const ladder = { stages: [{ name: 'Low' }, { name: 'High', minTotal: 10 }] };
		const { outputs } = await runNode(ClassifyStage, {
			parameters: { ...base, routing: 'single', ladderSource: 'json', ladderJson: '={{ $json.ladder }}' },
			items: [{ ladder, leadScore: { score: 12 } }],
		});
		expect(outputs[0][0].json.leadStage).toMatchObject({ stage: 'High' });
	});

	it('names the item and the field of bad data, and with Continue On Fail lets the rest go on', async () => {
		const items = [lead(30), lead('lots'), lead(60, 'Lost')];
		const error = await runNodeError(ClassifyStage, { parameters: base, items });
		expect(error.message).toBe('Item 1: Field "decay.score, leadScore.score, score": expected a number, got "lots"');
		expect((error as NodeOperationError).description).toBe(
			'The setting "Total Score Field" reads the field "decay.score, leadScore.score, score", and item 1 has "lots" there; it should hold a number. Set "Total Score Field" to the field that holds it.',
		);

		// Failed leads leave on Failed, never on Cold where they would pass for cold leads.
		const { outputs } = await runNode(ClassifyStage, { parameters: base, items, continueOnFail: true });
		expect(indexes(outputs)).toEqual([[], [0], [], [], [1, 2]]);
		expect(outputs[4][0].json.error).toMatchObject({ field: 'decay.score, leadScore.score, score', setting: 'Total Score Field', itemIndex: 1 });
		expect(outputs[4][1].json.error).toMatchObject({ field: 'leadStage.stage', itemIndex: 2, node: 'Classify Stage' });
	});

	it('every item leaves on exactly one output, paired with its input', async () => {
		const stageArb = fc.constantFrom(undefined, 'Cold', 'IQL', 'MQL', 'SQL', 'Unknown');
		const itemArb = fc.record({ score: fc.oneof(fc.integer({ min: -20, max: 120 }), fc.constant('x')), stage: stageArb, recycle: fc.boolean() });
		await fc.assert(
			fc.asyncProperty(
				fc.array(itemArb, { maxLength: 12 }),
				fc.constantFrom('perStage', 'single'),
				fc.boolean(),
				fc.boolean(),
				async (specs, routing, onlyChanged, neverDemote) => {
					const { outputs, error } = await runNode(ClassifyStage, {
						parameters: { routing, onlyChanged, neverDemote, options: { asOf: AS_OF, recycleField: 'recycle' } },
						items: specs.map((s) => lead(s.score, s.stage, { recycle: s.recycle })),
						continueOnFail: true,
					});
					expect(error).toBeUndefined();
					expect(indexes(outputs).flat().sort((a, b) => a - b)).toEqual(specs.map((_, i) => i));
				},
			),
			{ numRuns: 40 },
		);
	});
});
