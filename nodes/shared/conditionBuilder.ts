import type { IDataObject, INodePropertyOptions, NodeHint } from 'n8n-workflow';
import { describeValue, type ConfigIssue } from '../../src/errors';
import { quoted } from '../../src/validation';
import type { Operator } from '../../src/conditions';

/**
 * Operators as the builders offer them, typed and grouped as n8n's IF and Switch group theirs (by the type of the
 * value compared): the dropdown sorts by name, so "Number: ..." entries sit together, then "Text: ...".
 */
export const OPERATOR_OPTIONS: Array<INodePropertyOptions & { value: Operator }> = [
	{ name: 'Any: Is Empty', value: 'isEmpty', description: 'Missing, null, empty text or an empty list' },
	{ name: 'Any: Is Not Empty', value: 'isNotEmpty' },
	{ name: 'Email: Is Company Email', value: 'isCompanyEmail', description: 'A domain that is not free or disposable mail' },
	{ name: 'Email: Is Free Email (Gmail, Yahoo...)', value: 'isFreeEmail' },
	{ name: 'List: Is Not One Of', value: 'notIn', description: 'Values separated by commas' },
	{ name: 'List: Is One Of', value: 'in', description: 'Values separated by commas' },
	{ name: 'Number: Is Between', value: 'between', description: 'From Min to Max, both included' },
	{ name: 'Number: Is Greater Than', value: 'greaterThan' },
	{ name: 'Number: Is Greater Than or Equal To', value: 'greaterOrEqual' },
	{ name: 'Number: Is Less Than', value: 'lessThan' },
	{ name: 'Number: Is Less Than or Equal To', value: 'lessOrEqual' },
	{ name: 'Text: Contains', value: 'contains' },
	{ name: 'Text: Does Not Contain', value: 'notContains' },
	{ name: 'Text: Ends With', value: 'endsWith' },
	{ name: 'Text: Is Equal To', value: 'equals', description: 'Numbers, numeric text and booleans compare alike' },
	{ name: 'Text: Is Not Equal To', value: 'notEquals' },
	{ name: 'Text: Matches Pattern', value: 'matches', description: 'A regular expression, run on a linear-time matcher' },
	{ name: 'Text: Starts With', value: 'startsWith' },
];

const NUMERIC: ReadonlySet<Operator> = new Set(['greaterThan', 'greaterOrEqual', 'lessThan', 'lessOrEqual']);
const NO_VALUE: ReadonlySet<Operator> = new Set(['isEmpty', 'isNotEmpty', 'isFreeEmail', 'isCompanyEmail']);

export interface UiCondition {
	field: string;
	operator: Operator;
	value?: string;
	/** "Between" as two numbers; the older "min, max" text in `value` is still read when both are missing. */
	min?: number;
	max?: number;
}

/**
 * Turns a condition typed into a node's builder into the core's condition language, reading the value text as the
 * operator needs it ("50, 5000" for between, "a, b" for is one of). Problems are collected, not thrown, each under
 * `place`: the Value box as the panel names it ('fit rule 2 "Senior title": Value').
 */
export function conditionFromUi(c: UiCondition, place: string, issues: ConfigIssue[]): IDataObject {
	const condition: IDataObject = { field: c.field, operator: c.operator };
	const text = (c.value ?? '').trim();
	if (NO_VALUE.has(c.operator)) return condition;
	if (c.operator === 'in' || c.operator === 'notIn') {
		condition.value = text.split(',').map((v) => v.trim()).filter((v) => v !== '');
	} else if (c.operator === 'between' && text === '' && typeof c.min === 'number' && typeof c.max === 'number') {
		condition.value = [c.min, c.max];
	} else if (c.operator === 'between') {
		const bounds = text.split(',').map((v) => Number(v.trim()));
		if (bounds.length !== 2 || bounds.some((b) => !Number.isFinite(b))) {
			issues.push({ path: place, message: `expected two numbers "min, max" (or Min and Max), got ${describeValue(text)}` });
		}
		condition.value = bounds;
	} else if (NUMERIC.has(c.operator)) {
		const n = Number(text);
		if (text === '' || !Number.isFinite(n)) issues.push({ path: place, message: `expected a number, got ${describeValue(text)}` });
		condition.value = n;
	} else {
		condition.value = text;
	}
	return condition;
}

/**
 * A warning n8n shows in the node panel before a run (a description hint: the editor evaluates its condition over
 * the parameters as they are typed), for the builder mistake that is certain before any lead: a number operator
 * whose Value is not a number. The run would stop on it, naming the rule; this says so while the user types.
 * `rows` is an expression giving the builder's rows, `operator` and `value` read them from a row `r`.
 */
export function numericValueHint(when: string, rows: string, operator: string, value: string): NodeHint {
	const numeric = JSON.stringify([...NUMERIC]);
	const bad = `typeof ${value} === 'string' && !${value}.startsWith('=') && !Number.isFinite(Number(${value}.trim() || 'x'))`;
	return {
		type: 'warning',
		location: 'outputPane',
		whenToDisplay: 'beforeExecution',
		message: 'A rule or condition with a number operator (Is Greater Than, Is Less Than...) has a Value that is not a number: the node will stop before any lead, naming it.',
		displayCondition: `={{ ${when} && (${rows} || []).some((r) => ${numeric}.includes(${operator}) && ${bad}) }}`,
	};
}

/**
 * A row of a builder as its errors name it: what it is, its position in its list and its label, as the user sees
 * them in the panel ('fit rule 2 "Senior title"', 'stage 3 "MQL"', 'rep 1 "Ana"').
 */
export function rowName(noun: string, position: number, label: unknown): string {
	const named = typeof label === 'string' && label.trim() !== '' && !label.startsWith('=');
	return named ? `${noun} ${position} ${quoted(label)}` : `${noun} ${position}`;
}

/**
 * What goes in a builder's Field box, as n8n hands it over: a typed path ("company.employees"), a field dragged
 * from the input panel (n8n writes `{{ $json.company.employees }}`), or any other expression. The first two are the
 * same path, read by the core for every item (fast, and a typo can be reported); only the last needs n8n, which
 * evaluates it per item: its result becomes the compared value (see builderFields.ts).
 */
export type LeftValue = { path: string } | { expression: string };

// `{{ $json.a.b }}`, `{{ $json["a"].b }}`, `{{ $json.list[0].c }}`: a property chain and nothing else.
const PLAIN_JSON_PATH = /^=\s*\{\{\s*\$json((?:\s*\.\s*[A-Za-z_$][\w$]*|\s*\[\s*(?:'[^'.\]]+'|"[^".\]]+"|\d+)\s*\])+)\s*;?\s*\}\}\s*$/;
const CHAIN_PART = /\.\s*([A-Za-z_$][\w$]*)|\[\s*(?:'([^'.\]]+)'|"([^".\]]+)"|(\d+))\s*\]/g;

export function leftValue(raw: unknown): LeftValue {
	const text = typeof raw === 'string' ? raw : String(raw ?? '');
	if (!text.startsWith('=')) return { path: text.trim() };
	const plain = PLAIN_JSON_PATH.exec(text);
	if (!plain) return { expression: text };
	const segments = [...plain[1].matchAll(CHAIN_PART)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4]);
	return { path: segments.join('.') };
}
