/**
 * Runs one node class through n8n's real execution engine, in-process (n8n-core's WorkflowExecute), so that
 * parameters and their expressions, Continue On Fail / On Error, pairedItem checks, the error output and
 * workflow static data behave as they do in n8n. Use it for node tests; use test/e2e for a real n8n process.
 *
 * The items come from a node before it ("Input", already run), as in a real workflow: n8n's error output merges
 * the paired input item back into a failed item only when the node has a predecessor, and then replaces the json
 * of any item carrying `item.error` by `{ error: message }`. A node alone on the execution stack would hide both.
 *
 *   const { outputs } = await runNode(ScoreLead, { parameters: { preset: 'b2bSaas' }, items: [{ email: 'a@x.com' }] });
 *   const error = await runNodeError(ScoreLead, { parameters: { modelSource: 'json', modelJson: '{' }, items: [{}] });
 */
import { Container } from '@n8n/di';
import { ErrorReporter, ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import {
	NodeHelpers,
	Workflow,
	createRunExecutionData,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type INodeTypes,
	type IRun,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

export interface RunNodeOptions {
	/** The node's parameters as the editor stores them; a string starting with '=' is an expression. */
	parameters?: INodeParameters;
	/** The input items: plain objects become `{ json }`, full items (with `json`) pass as they are. */
	items?: Array<IDataObject | INodeExecutionData>;
	/** The node's "On Error" setting; `continueOnFail: true` is the older spelling of 'continueRegularOutput'. */
	onError?: INode['onError'];
	continueOnFail?: boolean;
	/** The workflow's static data before the run (e.g. `{ 'node:Route To Sales': { pointer: 1 } }`); not mutated. */
	staticData?: IDataObject;
	/** n8n's execution mode; 'manual' is a test run in the editor, 'webhook' and 'trigger' are production. */
	mode?: WorkflowExecuteMode;
	/** The node's name in the workflow (static data keys and error messages use it); defaults to the displayName. */
	nodeName?: string;
	typeVersion?: number;
	/** Decrypted credentials by type, e.g. `{ leadScoringRedisApi: { host, port } }`; the node gets them as n8n would. */
	credentials?: Record<string, IDataObject>;
}

export interface RunNodeResult {
	/** One array of items per output of the node, as n8n passes them on (plus the error output when onError says so). */
	outputs: INodeExecutionData[][];
	/** The workflow's static data after the run: what n8n would save for a production execution. */
	staticData: IDataObject;
	/**
	 * The error the node threw (e.g. a NodeOperationError, with `context.itemIndex`). With On Error set to
	 * continue, n8n then goes on and puts `{ error: message }` on the first output, so check `outputs` too.
	 */
	error?: Error;
	/** n8n's run record (`run.data.resultData.error` is the error as n8n stores it), for hints or status. */
	run: IRun;
}

/** The name of the node the items come from. */
export const INPUT_NODE = 'Input';

// n8n reports node errors to its error tracker, which would log each one; tests assert on them instead.
Container.set(ErrorReporter, { error: () => undefined, warn: () => undefined, info: () => undefined } as never);

export async function runNode(nodeClass: new () => INodeType, options: RunNodeOptions = {}): Promise<RunNodeResult> {
	const nodeType = new nodeClass();
	let thrown: Error | undefined;
	const typeVersion = options.typeVersion ?? latestVersion(nodeType);
	const node: INode = {
		id: 'node-under-test',
		name: options.nodeName ?? nodeType.description.displayName,
		// The package's own type name: failures carry it, so the next node can tell they were ours.
		type: `n8n-nodes-lead-scoring.${nodeType.description.name}`,
		typeVersion,
		position: [0, 0],
		// n8n fills in defaults for parameters the editor did not store; do the same so tests pass only what matters.
		parameters:
			NodeHelpers.getNodeParameters(
				nodeType.description.properties,
				options.parameters ?? {},
				true,
				false,
				{ typeVersion } as INode,
				nodeType.description,
			) ?? {},
		...(options.credentials
			? { credentials: Object.fromEntries(Object.keys(options.credentials).map((type) => [type, { id: `${type}-id`, name: type }])) }
			: {}),
		...(options.onError ? { onError: options.onError } : {}),
		...(options.continueOnFail ? { continueOnFail: true } : {}),
	};
	const inputNode: INode = { id: 'input', name: INPUT_NODE, type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [-200, 0], parameters: {} };
	const workflow = new Workflow({
		id: 'test-workflow',
		name: 'Test workflow',
		nodes: [inputNode, node],
		connections: { [INPUT_NODE]: { main: [[{ node: node.name, type: 'main', index: 0 }]] } },
		active: false,
		nodeTypes: nodeTypesWith(catchingErrors(nodeType, (error) => (thrown = error))),
		staticData: structuredClone(options.staticData ?? {}),
	});
	const items = (options.items ?? [{}]).map(asItem);
	const mode = options.mode ?? 'manual';
	const runData = createRunExecutionData({
		resultData: {
			runData: {
				[INPUT_NODE]: [{ startTime: 0, executionTime: 0, executionIndex: 0, source: [], data: { main: [items] } }],
			},
		},
		executionData: {
			nodeExecutionStack: [
				{ node, data: { main: [items] }, source: { main: [{ previousNode: INPUT_NODE, previousNodeOutput: 0, previousNodeRun: 0 }] } },
			],
		},
	});
	const additionalData = {
		hooks: new ExecutionLifecycleHooks(mode, 'test-execution', { id: workflow.id, name: workflow.name } as never),
		executionId: 'test-execution',
		variables: {},
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		restApiUrl: 'http://127.0.0.1:5678/rest',
		currentNodeParameters: undefined,
		credentialsHelper: {
			getDecrypted: async (_data: unknown, _node: unknown, type: string) => options.credentials?.[type] ?? {},
			isCredentialUsableByNode: () => true,
		},
	} as unknown as IWorkflowExecuteAdditionalData;

	const run = await new WorkflowExecute(additionalData, mode, runData).processRunExecutionData(workflow);
	const task = run.data.resultData.runData[node.name]?.[0];
	return {
		outputs: (task?.data?.main ?? []).map((output) => output ?? []),
		staticData: workflow.staticData as IDataObject,
		error: thrown ?? run.data.resultData.error ?? task?.error,
		run,
	};
}

/** Runs the node and returns the error it stopped with; fails the test if it did not stop. */
export async function runNodeError(nodeClass: new () => INodeType, options: RunNodeOptions = {}): Promise<Error> {
	const { error, outputs } = await runNode(nodeClass, options);
	if (!error) throw new Error(`expected the node to fail, but it returned ${JSON.stringify(outputs)}`);
	return error;
}

function asItem(item: IDataObject | INodeExecutionData): INodeExecutionData {
	const isFullItem = typeof item.json === 'object' && item.json !== null && !Array.isArray(item.json);
	return isFullItem ? (item as INodeExecutionData) : { json: item as IDataObject };
}

function latestVersion(nodeType: INodeType): number {
	const version = nodeType.description.version;
	return Array.isArray(version) ? Math.max(...version) : version;
}

/** n8n keeps only a plain copy of a node's error; keep the thrown instance so tests can check its class. */
function catchingErrors(nodeType: INodeType, onError: (error: Error) => void): INodeType {
	const execute = nodeType.execute;
	if (!execute) return nodeType;
	const wrapped: INodeType = Object.create(nodeType);
	wrapped.execute = async function (this) {
		try {
			return await execute.call(this);
		} catch (error) {
			onError(error as Error);
			throw error;
		}
	};
	return wrapped;
}

/** The node under test, and a pass-through type for the input node (which never runs: its output is given). */
function nodeTypesWith(nodeType: INodeType): INodeTypes {
	const passThrough: INodeType = {
		description: { ...nodeType.description, displayName: 'Input', name: 'noOp', properties: [], outputs: ['main'] } as INodeType['description'],
	};
	const byName = (type: string) => (type === 'n8n-nodes-base.noOp' ? passThrough : nodeType);
	return {
		getByName: byName,
		getByNameAndVersion: (type, version) => NodeHelpers.getVersionedNodeType(byName(type), version),
		getKnownTypes: () => ({}),
	};
}
