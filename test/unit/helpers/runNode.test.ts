import {
	NodeConnectionTypes,
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { runNode, runNodeError } from '../../helpers/runNode';

/** Adds `amount` to `json.n`, sends odd results to output 1, fails items without a number, counts runs in static data. */
class AddNumber implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Add Number',
		name: 'addNumber',
		group: ['transform'],
		version: 1,
		description: 'Test node',
		defaults: { name: 'Add Number' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		properties: [
			{ displayName: 'Amount', name: 'amount', type: 'number', default: 10 },
			{ displayName: 'Label', name: 'label', type: 'string', default: 'sum' },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const counter = this.getWorkflowStaticData('node');
		counter.runs = ((counter.runs as number | undefined) ?? 0) + 1;
		const even: INodeExecutionData[] = [];
		const odd: INodeExecutionData[] = [];
		this.getInputData().forEach((item, itemIndex) => {
			try {
				const n = item.json.n;
				if (typeof n !== 'number') throw new NodeOperationError(this.getNode(), 'n must be a number', { itemIndex });
				const sum = n + (this.getNodeParameter('amount', itemIndex) as number);
				const out = { json: { [this.getNodeParameter('label', itemIndex) as string]: sum }, pairedItem: { item: itemIndex } };
				(sum % 2 === 0 ? even : odd).push(out);
			} catch (error) {
				if (!this.continueOnFail()) throw error;
				even.push({ json: { error: (error as Error).message }, pairedItem: { item: itemIndex } });
			}
		});
		return [even, odd];
	}
}

/** Fails every item by setting `item.error`, as some n8n nodes do with Continue On Fail. */
class ItemErrorNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Item Error',
		name: 'itemError',
		group: ['transform'],
		version: 1,
		description: 'Test node',
		defaults: { name: 'Item Error' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [
			this.getInputData().map((item, itemIndex) => ({
				json: { ...item.json, error: 'bad n' },
				error: new NodeOperationError(this.getNode(), 'bad n', { itemIndex }),
				pairedItem: { item: itemIndex },
			})),
		];
	}
}

describe('runNode (n8n-core WorkflowExecute in-process)', () => {
	it('applies parameter defaults, evaluates expressions per item and returns every output', async () => {
		const { outputs, error } = await runNode(AddNumber, {
			parameters: { label: '={{ $json.name }}' },
			items: [
				{ n: 1, name: 'a' },
				{ n: 2, name: 'b' },
			],
		});
		expect(error).toBeUndefined();
		// amount defaults to 10: 1 + 10 = 11 (odd, output 1), 2 + 10 = 12 (even, output 0).
		expect(outputs).toEqual([
			[{ json: { b: 12 }, pairedItem: { item: 1 } }],
			[{ json: { a: 11 }, pairedItem: { item: 0 } }],
		]);
	});

	it('returns the NodeOperationError that stopped the node, with its item index', async () => {
		const error = await runNodeError(AddNumber, { items: [{ n: 1 }, { n: 'x' }] });
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('n must be a number');
		expect((error as NodeOperationError).context.itemIndex).toBe(1);
	});

	it('runNodeError fails when the node succeeds', async () => {
		await expect(runNodeError(AddNumber, { items: [{ n: 1 }] })).rejects.toThrow('expected the node to fail');
	});

	it('with Continue On Fail keeps going and the failed item carries its error', async () => {
		const { outputs, error } = await runNode(AddNumber, {
			continueOnFail: true,
			parameters: { amount: 1 },
			items: [{ n: 'x' }, { n: 3 }],
		});
		expect(error).toBeUndefined();
		// 3 + 1 = 4 is even: output 0, after the failed item 0.
		expect(outputs[0]).toEqual([
			{ json: { error: 'n must be a number' }, pairedItem: { item: 0 } },
			{ json: { sum: 4 }, pairedItem: { item: 1 } },
		]);
		expect(outputs[1]).toEqual([]);
	});

	it("with On Error 'continueErrorOutput' n8n moves items whose json is only an error to an extra output, merging the input back in", async () => {
		const { outputs } = await runNode(AddNumber, {
			onError: 'continueErrorOutput',
			parameters: { amount: 1 },
			items: [{ n: 'x', name: 'Ada' }, { n: 3 }],
		});
		expect(outputs).toEqual([
			[{ json: { sum: 4 }, pairedItem: { item: 1 } }],
			[],
			// n8n (WorkflowExecute.handleNodeErrorOutput) spreads the paired input item under the error item's json.
			[{ json: { n: 'x', name: 'Ada', error: 'n must be a number' }, pairedItem: { item: 0 } }],
		]);
	});

	it('as in n8n, an item carrying `item.error` keeps only the message, on the error output and on the regular one', async () => {
		// What n8n does to such items after the node (WorkflowExecute.normalizeNodeErrors): json becomes { error: message }.
		const withItemError = (onError: 'continueErrorOutput' | 'continueRegularOutput') =>
			runNode(ItemErrorNode, { onError, items: [{ n: 'x', name: 'Ada' }] });
		expect((await withItemError('continueErrorOutput')).outputs).toEqual([[], [{ json: { error: 'bad n' }, error: expect.anything(), pairedItem: { item: 0 } }]]);
		expect((await withItemError('continueRegularOutput')).outputs[0].map((item) => item.json)).toEqual([{ error: 'bad n' }]);
	});

	it('carries workflow static data in and out without mutating the given object', async () => {
		const before = { 'node:Add Number': { runs: 2 } };
		const { staticData } = await runNode(AddNumber, { staticData: before, items: [{ n: 0 }] });
		expect(staticData).toEqual({ 'node:Add Number': { runs: 3 } });
		expect(before).toEqual({ 'node:Add Number': { runs: 2 } });
	});
});
