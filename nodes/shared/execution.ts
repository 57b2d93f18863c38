import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';
import { ConfigError, InputError } from '../../src/errors';
import { compilePath, pathProblem, type FieldPath } from '../../src/fields';

export interface RoutedJson {
	json: IDataObject;
	/** Which of the node's outputs the item leaves on; 0 when omitted. */
	output?: number;
}

export type ItemHandler = (item: INodeExecutionData, itemIndex: number) => RoutedJson | Promise<RoutedJson>;

/**
 * The loop every node of this package runs: each input item leaves on exactly one output, paired with its input.
 * A failing item either stops the node with an error naming the item, or, with Continue On Fail, leaves on
 * `errorOutput` carrying the error so the rest go on (n8n moves it to the error branch when one is configured).
 */
export async function routeItems(
	ctx: IExecuteFunctions,
	outputCount: number,
	handle: ItemHandler,
	errorOutput = 0,
): Promise<INodeExecutionData[][]> {
	const outputs: INodeExecutionData[][] = Array.from({ length: outputCount }, () => []);
	for (const outcome of await evaluateItems(ctx, handle)) {
		if ('error' in outcome) outputs[errorOutput].push(failedItem(outcome));
		else outputs[outcome.value.output ?? 0].push(pairedWith(outcome.item, outcome.value.json, outcome.itemIndex));
	}
	return outputs;
}

export type ItemOutcome<T> =
	| { itemIndex: number; item: INodeExecutionData; value: T }
	| ({ itemIndex: number; item: INodeExecutionData } & ItemFailure);

export interface ItemFailure {
	/** What the item carries under `json.error`: message, item index, and the field and expectation when known. */
	error: IDataObject;
	/**
	 * Set on the item only when the node has an error output: that is how n8n recognises the item to move there
	 * (keeping the input's fields and the message). n8n would otherwise replace the item's json by the message.
	 */
	nodeError?: NodeOperationError;
}

/**
 * Evaluates every input item, for nodes that must see all items before emitting (account roll-ups).
 * Without Continue On Fail the first failure stops the node; with it, failures are returned as outcomes.
 */
export async function evaluateItems<T>(
	ctx: IExecuteFunctions,
	evaluate: (item: INodeExecutionData, itemIndex: number) => T | Promise<T>,
): Promise<Array<ItemOutcome<T>>> {
	const items = ctx.getInputData();
	const outcomes: Array<ItemOutcome<T>> = [];
	const hasErrorOutput = ctx.getNode().onError === 'continueErrorOutput';
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const item = items[itemIndex];
		try {
			outcomes.push({ itemIndex, item, value: await evaluate(item, itemIndex) });
		} catch (error) {
			if (!ctx.continueOnFail()) throw asNodeError(ctx, error, itemIndex);
			const nodeError = hasErrorOutput ? asNodeError(ctx, error, itemIndex) : undefined;
			outcomes.push({ itemIndex, item, error: errorDetails(error, itemIndex), nodeError });
		}
	}
	return outcomes;
}

/** The input item, carrying its error, as Continue On Fail passes it on (or n8n moves it to the error output). */
export function failedItem(outcome: { itemIndex: number; item: INodeExecutionData } & ItemFailure): INodeExecutionData {
	const failed = pairedWith(outcome.item, { ...outcome.item.json, error: outcome.error }, outcome.itemIndex);
	if (outcome.nodeError) failed.error = outcome.nodeError;
	return failed;
}

export function pairedWith(item: INodeExecutionData, json: IDataObject, itemIndex: number): INodeExecutionData {
	const out: INodeExecutionData = { json, pairedItem: { item: itemIndex } };
	if (item.binary) out.binary = item.binary;
	return out;
}

export function errorDetails(error: unknown, itemIndex: number): IDataObject {
	const details: IDataObject = { message: `Item ${itemIndex}: ${messageOf(error)}`, itemIndex };
	if (error instanceof InputError) {
		details.field = error.field;
		details.expected = error.expected;
	}
	if (error instanceof ConfigError) details.issues = error.issues as unknown as IDataObject[];
	return details;
}

function messageOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/**
 * The error n8n shows: the title says what is wrong in one line; with several problems in a setting the title
 * counts them and the description lists them, one a line, by path.
 */
export function asNodeError(ctx: IExecuteFunctions, error: unknown, itemIndex?: number): NodeOperationError {
	if (error instanceof NodeOperationError) return error;
	let title = messageOf(error);
	let description: string | undefined;
	if (error instanceof InputError) {
		description = `Check the field "${error.field}" of item ${itemIndex}; it should hold ${error.expected}.`;
	} else if (error instanceof ConfigError && error.issues.length > 1) {
		title = `Invalid ${error.subject} (${error.issues.length} problems)`;
		description = error.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('\n');
	}
	const message = itemIndex === undefined ? title : `Item ${itemIndex}: ${title}`;
	return new NodeOperationError(ctx.getNode(), message, { itemIndex, description });
}

/** A field path typed into a setting, checked before any item; a bad one is named by the setting's label. */
export function fieldPathParameter(ctx: IExecuteFunctions, name: string, displayName: string, fallback = ''): FieldPath {
	const path = String(ctx.getNodeParameter(name, 0, fallback)).trim();
	const problem = pathProblem(path);
	if (problem) throw asNodeError(ctx, new ConfigError('setting', [{ path: displayName, message: problem }]));
	return compilePath(path);
}

export { parseJsonSetting } from '../../src/validation';
