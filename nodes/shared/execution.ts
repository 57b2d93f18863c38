import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';
import { ConfigError, InputError, describeValue, listIssues } from '../../src/errors';
import { isToolRun, toolLead } from './tool';

export interface RoutedJson {
	json: IDataObject;
	/** Which of the node's outputs the item leaves on; 0 when omitted. */
	output?: number;
}

export type ItemHandler = (item: INodeExecutionData, itemIndex: number) => RoutedJson | Promise<RoutedJson>;

/**
 * The loop every node of this package runs: each input item leaves on exactly one output, paired with its input.
 * A failing item either stops the node with an error naming the item, or, with Continue On Fail, leaves on
 * `errorOutput` carrying the error so the rest go on (n8n moves it to the error output when one is configured).
 * An item that an earlier node of this package failed is not processed again: it travels on the same path, keeping
 * its first error (see `evaluateItems`).
 */
export async function routeItems(
	ctx: IExecuteFunctions,
	outputCount: number,
	handle: ItemHandler,
	errorOutput = 0,
	settings?: FieldSettings,
): Promise<INodeExecutionData[][]> {
	const outputs: INodeExecutionData[][] = Array.from({ length: outputCount }, () => []);
	// An AI Agent reads only a tool's first output: as a tool, every item leaves there.
	const tool = isToolRun(ctx);
	for (const outcome of await evaluateItems(ctx, handle, settings)) {
		if ('error' in outcome) outputs[tool ? 0 : errorOutput].push(failedItem(outcome));
		else outputs[tool ? 0 : (outcome.value.output ?? 0)].push(pairedWith(outcome.item, outcome.value.json, outcome.itemIndex));
	}
	return outputs;
}

/**
 * The settings that name a field the node reads, by the field's path as typed ("leadScore.score" -> "Total Score
 * Field"): an item missing that field gets an error saying which setting to change.
 */
export type FieldSettings = Readonly<Record<string, string>>;

/** FieldSettings from [path as typed, setting label] pairs; settings left empty are skipped. */
export function namedFields(pairs: ReadonlyArray<readonly [unknown, string]>): FieldSettings {
	const named: Record<string, string> = {};
	for (const [path, label] of pairs) if (typeof path === 'string' && path.trim() !== '') named[path.trim()] = label;
	return named;
}

export type ItemOutcome<T> =
	| { itemIndex: number; item: INodeExecutionData; value: T }
	| ({ itemIndex: number; item: INodeExecutionData } & ItemFailure);

export interface ItemFailure {
	/**
	 * What the item carries under `json.error`: message, item index, the node that raised it (name and type), and
	 * the field, expectation and setting when known. For an item failed upstream, that node's error, unchanged.
	 */
	error: IDataObject;
	/** Whether the node has n8n's error output ("Continue (using error output)"), where the item then goes. */
	toErrorOutput: boolean;
}

/** Node types of this package (and of its companion n8n-nodes-lead-scoring-redis); a failure carrying one is ours. */
const PACKAGE_PREFIX = /^n8n-nodes-lead-scoring(-redis)?\./;

/**
 * The first error an earlier node of this package put on the item (with Continue On Fail), or undefined. Only our
 * own failures are recognised (by the node type they carry), so a lead that happens to have an `error` field, or
 * an item another node failed, is processed as usual.
 */
export function upstreamFailure(json: IDataObject): IDataObject | undefined {
	const error = json.error;
	if (error === null || typeof error !== 'object' || Array.isArray(error)) return undefined;
	const { nodeType, message } = error as IDataObject;
	return typeof nodeType === 'string' && PACKAGE_PREFIX.test(nodeType) && typeof message === 'string' ? (error as IDataObject) : undefined;
}

/**
 * Evaluates every input item, for nodes that must see all items before emitting (account roll-ups).
 * Without Continue On Fail the first failure stops the node; with it, failures are returned as outcomes.
 * An item failed upstream by one of our nodes is never evaluated: it is a failure here too, keeping its first
 * error, so nothing is processed twice and no error is overwritten; without Continue On Fail it stops the node
 * with that first error. As an AI Agent's tool, each item is the lead the model passed (see tool.ts).
 */
export async function evaluateItems<T>(
	ctx: IExecuteFunctions,
	evaluate: (item: INodeExecutionData, itemIndex: number) => T | Promise<T>,
	settings?: FieldSettings,
): Promise<Array<ItemOutcome<T>>> {
	const items = ctx.getInputData();
	const outcomes: Array<ItemOutcome<T>> = [];
	const toErrorOutput = ctx.getNode().onError === 'continueErrorOutput';
	const tool = isToolRun(ctx);
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		let item = items[itemIndex];
		if (tool) {
			try {
				item = { json: toolLead(ctx, itemIndex), pairedItem: item.pairedItem };
			} catch (error) {
				if (!ctx.continueOnFail()) throw asNodeError(ctx, error, itemIndex, settings);
				outcomes.push({ itemIndex, item, error: errorDetails(ctx, error, itemIndex, settings), toErrorOutput });
				continue;
			}
		}
		const first = upstreamFailure(item.json);
		if (first) {
			if (!ctx.continueOnFail()) throw upstreamError(ctx, first, itemIndex);
			outcomes.push({ itemIndex, item, error: first, toErrorOutput });
			continue;
		}
		try {
			outcomes.push({ itemIndex, item, value: await evaluate(item, itemIndex) });
		} catch (error) {
			if (!ctx.continueOnFail()) throw asNodeError(ctx, error, itemIndex, settings);
			outcomes.push({ itemIndex, item, error: errorDetails(ctx, error, itemIndex, settings), toErrorOutput });
		}
	}
	return outcomes;
}

/**
 * The input item, carrying its error, as Continue On Fail passes it on.
 *
 * For n8n's error output the item holds only `error`: n8n moves an item to the error output when it carries
 * `item.error` or when its json has no key but error/message/details, and only in the second case does it keep the
 * lead: it merges the paired input item's fields back in (WorkflowExecute.handleNodeErrorOutput), whereas for an
 * item with `item.error` it then replaces the json by `{ error: message }` (normalizeNodeErrors).
 */
export function failedItem(outcome: { itemIndex: number; item: INodeExecutionData } & ItemFailure): INodeExecutionData {
	const json = outcome.toErrorOutput ? { error: outcome.error } : { ...outcome.item.json, error: outcome.error };
	return pairedWith(outcome.item, json, outcome.itemIndex);
}

export function pairedWith(item: INodeExecutionData, json: IDataObject, itemIndex: number): INodeExecutionData {
	const out: INodeExecutionData = { json, pairedItem: { item: itemIndex } };
	if (item.binary) out.binary = item.binary;
	return out;
}

/** What a failed item carries under `error`. */
export function errorDetails(ctx: IExecuteFunctions, error: unknown, itemIndex: number, settings?: FieldSettings): IDataObject {
	const node = ctx.getNode();
	const details: IDataObject = { message: `Item ${itemIndex}: ${messageOf(error)}`, itemIndex };
	if (error instanceof InputError) {
		details.field = error.field;
		details.expected = error.expected;
		const setting = settings?.[error.field];
		if (setting) details.setting = setting;
	}
	if (error instanceof ConfigError) details.issues = error.issues as unknown as IDataObject[];
	details.node = node.name;
	details.nodeType = node.type;
	return details;
}

/** The error that stops a node without Continue On Fail on an item an earlier node failed: that first error. */
function upstreamError(ctx: IExecuteFunctions, first: IDataObject, itemIndex: number): NodeOperationError {
	const cause = String(first.message).replace(/^Item \d+: /, '');
	return new NodeOperationError(ctx.getNode(), `Item ${itemIndex} failed earlier in "${String(first.node)}": ${cause}`, {
		itemIndex,
		description: `"${String(first.node)}" continued on fail and passed the item on with its error. Fix the item there, or set On Error of this node to Continue too, so failed items travel on with their first error.`,
	});
}

/** Messages quote data (a bad value, a list of problems): bounded, so an error stays readable whatever the input. */
const MAX_MESSAGE = 500;

function messageOf(error: unknown): string {
	// n8n copies expression results recursively: a value nested 100,000 deep overflows the stack before our checks.
	if (error instanceof RangeError && /call stack/i.test(error.message)) {
		return 'a value is nested too deeply to read (Maximum call stack size exceeded); nest it at most 64 levels deep';
	}
	const message = error instanceof Error ? error.message : String(error);
	return message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}...` : message;
}

/**
 * The error n8n shows: the title says what is wrong in one line; with several problems in a setting the title
 * counts them and the description lists them, one a line, by path.
 */
export function asNodeError(ctx: IExecuteFunctions, error: unknown, itemIndex?: number, settings?: FieldSettings): NodeOperationError {
	if (error instanceof NodeOperationError) return error;
	let title = messageOf(error);
	let description: string | undefined;
	if (error instanceof InputError) {
		const setting = settings?.[error.field];
		description = setting
			? `The setting "${setting}" reads the field "${error.field}", and item ${itemIndex} has ${describeValue(error.received)} there; it should hold ${error.expected}. Set "${setting}" to the field that holds it.`
			: `Check the field "${error.field}" of item ${itemIndex}; it should hold ${error.expected}.`;
	} else if (error instanceof ConfigError && error.issues.length > 1) {
		title = `Invalid ${error.subject} (${error.issues.length} problems)`;
		description = listIssues(error.issues, '\n');
	}
	const message = itemIndex === undefined ? title : `Item ${itemIndex}: ${title}`;
	return new NodeOperationError(ctx.getNode(), message, { itemIndex, description });
}

export { parseJsonSetting } from '../../src/validation';
