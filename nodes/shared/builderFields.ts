import { type IDataObject, type IExecuteFunctions, type INodeParameters } from 'n8n-workflow';
import { ConfigError, type ConfigIssue } from '../../src/errors';
import { leftValue, rowName } from './conditionBuilder';
import { asNodeError } from './execution';
import { holdsExpression } from './settings';
import { isToolRun } from './tool';

/**
 * Where a builder keeps the Field box of each row: Score Lead's fit rules, Classify Stage's stage conditions,
 * Route to Sales' routing rules. (Read by `builderFields`.)
 */
export interface FieldBox {
	/** The fixedCollection parameter and the name of its rows: `fitRules` > `rule`. */
	parameter: string;
	rows: string;
	/** The Field's key in a row; a dot reads into a collection of the row (`conditions.whenField`). */
	key: string;
	/** The Field as the panel labels it, and the row as errors name it (noun, position, label: see `rowName`). */
	label: string;
	noun: string;
	labelKey: string;
	/**
	 * The Field is read inside each element of a list of the lead (an engagement rule's event), given by this
	 * parameter (default `fallback`): a field dragged from the first event (`{{ $json.events[0].url }}`) is `url`
	 * there. n8n cannot evaluate an expression per event, so any other expression is refused.
	 */
	inEach?: { parameter: string; fallback: string };
}

/** The Field boxes of one node for one run, read the way n8n's IF and Switch read theirs. */
export interface BuilderFields {
	/**
	 * A builder parameter as the core must read it for an item: n8n's value, with every Field box holding the path
	 * the core reads (a typed or dragged field) or the name of the value n8n computed (any other expression).
	 */
	read(parameter: string, itemIndex: number): IDataObject;
	/** The lead the core reads for an item: its json plus the values n8n computed for Field expressions. */
	leadOf(json: IDataObject, itemIndex: number): IDataObject;
	/**
	 * The node's parameters with every Field box as the core reads it, to tell a setting that is the same for every
	 * item from one that is not: a dragged field or a computed Field alone leaves the model, ladder or rules one and
	 * the same for the whole run (compiled once, checked before any item).
	 */
	readonly nodeParameters: INodeParameters;
}

/**
 * n8n hands a node the *value* of an expression: a field dragged into a Field box (`{{ $json.jobTitle }}`) arrives as
 * "VP Marketing", and a rule looking for a field of that name never matches. So each box is read as typed, before n8n
 * evaluates it (`rawExpressions`):
 * - a path ("company.employees") or a dragged field (`{{ $json.company.employees }}`): the same path, read by the core
 *   for every item: fast, and a missing field can be reported;
 * - any other expression (`{{ $json.title.toLowerCase() }}`): evaluated by n8n for each item; the rule reads its
 *   result under a name of its own ('Field of fit rule 2 (Senior title)'), which `leadOf` adds to the lead the core
 *   sees (never to the item the node puts out).
 */
export function builderFields(ctx: IExecuteFunctions, boxes: readonly FieldBox[]): BuilderFields {
	const lefts: Array<{ box: FieldBox; index: number; name: string; target: string; computed: boolean }> = [];
	const issues: ConfigIssue[] = [];
	const asTyped = new Map<string, IDataObject>();
	for (const box of boxes) {
		const raw = structuredClone(ctx.getNodeParameter(box.parameter, 0, {}, { rawExpressions: true })) as IDataObject;
		asTyped.set(box.parameter, raw);
		rowsOf(raw, box).forEach((row, index) => {
			const typed = readKey(row, box.key);
			if (typeof typed !== 'string' || !typed.startsWith('=')) return;
			const left = leftValue(typed);
			const name = rowName(box.noun, index + 1, row[box.labelKey]);
			if ('path' in left) {
				lefts.push({ box, index, name, target: box.inEach ? inEach(ctx, box.inEach, left.path) : left.path, computed: false });
			} else if (box.inEach) {
				issues.push({ path: `${name}: ${box.label}`, message: 'an expression is evaluated once per lead, not per event; drag a field of an event or type its path' });
			} else {
				lefts.push({ box, index, name, target: computedName(name), computed: true });
			}
		});
	}
	if (issues.length > 0) throw asNodeError(ctx, new ConfigError('rules', issues));

	const rewrite = (parameter: string, value: IDataObject): IDataObject => {
		for (const left of lefts) {
			if (left.box.parameter !== parameter) continue;
			const row = rowsOf(value, left.box)[left.index];
			if (row) writeKey(row, left.box.key, left.target);
		}
		return value;
	};
	const nodeParameters = { ...ctx.getNode().parameters };
	// A parameter whose only expressions were Field boxes is the same for every item: read once, as typed.
	const fixed = new Map<string, IDataObject>();
	for (const [parameter, raw] of asTyped) {
		if (!lefts.some((left) => left.box.parameter === parameter)) continue;
		const rewritten = rewrite(parameter, raw);
		nodeParameters[parameter] = rewritten as INodeParameters[string];
		if (!holdsExpression(rewritten)) fixed.set(parameter, rewritten);
	}
	const computed = lefts.filter((left) => left.computed);

	return {
		nodeParameters,
		read(parameter, itemIndex) {
			const value = fixed.get(parameter);
			return value ? structuredClone(value) : rewrite(parameter, structuredClone(ctx.getNodeParameter(parameter, itemIndex, {})) as IDataObject);
		},
		leadOf(json, itemIndex) {
			if (computed.length === 0) return json;
			if (isToolRun(ctx)) {
				// As a tool the lead is the one the model passed; n8n would evaluate the expression on the agent's input.
				const message = `${computed[0].name}: ${computed[0].box.label}: as an AI Agent's tool this node reads the lead the model passes, and an expression here would read the agent's input instead; drag a field or type its path`;
				// A plain error: the item loop names the item ("Item 0: ..."), with or without Continue On Fail.
				throw new Error(message);
			}
			const values: IDataObject = {};
			for (const left of computed) {
				// Only this box is evaluated, so an expression that fails for this lead is named by its rule.
				let failure: string | undefined;
				try {
					values[left.target] = ctx.getNodeParameter(`${left.box.parameter}.${left.box.rows}[${left.index}].${left.box.key}`, itemIndex) as IDataObject[string];
				} catch (error) {
					failure = (error as Error).message;
				}
				// A plain error, as for any bad lead: the item loop turns it into the node's error naming the item.
				if (failure !== undefined) throw new Error(`${left.name}: ${left.box.label}: the expression failed for this lead (${failure})`);
			}
			return { ...json, ...values };
		},
	};
}

/** How the name of a value n8n computed for a Field starts (a model shown as JSON can tell such a rule by it). */
export const COMPUTED_FIELD_PREFIX = 'Field of ';

/** The field a computed value is read from: the row's name without what a path would split on (dots, brackets, commas). */
function computedName(rowName: string): string {
	return `${COMPUTED_FIELD_PREFIX}${rowName.replace(/"(.*)"$/, '($1)')}`.replace(/[.,[\]]/g, ' ');
}

function rowsOf(parameter: IDataObject, box: FieldBox): IDataObject[] {
	const rows = parameter?.[box.rows];
	return Array.isArray(rows) ? (rows as IDataObject[]) : [];
}

function readKey(row: IDataObject, key: string): unknown {
	return key.split('.').reduce<unknown>((value, segment) => (value !== null && typeof value === 'object' ? (value as IDataObject)[segment] : undefined), row);
}

function writeKey(row: IDataObject, key: string, value: string): void {
	const segments = key.split('.');
	const parent = segments.slice(0, -1).reduce<IDataObject>((at, segment) => (at[segment] ??= {}) as IDataObject, row);
	parent[segments[segments.length - 1]] = value;
}

/** A field dragged from the first of the lead's events (`events.0.url`) is read in each event (`url`). */
function inEach(ctx: IExecuteFunctions, list: { parameter: string; fallback: string }, path: string): string {
	const prefix = `${String(ctx.getNodeParameter(list.parameter, 0, list.fallback) || list.fallback).trim()}.`;
	const inElement = path.startsWith(prefix) ? /^\d+\.(.+)$/.exec(path.slice(prefix.length)) : null;
	return inElement ? inElement[1] : path;
}
