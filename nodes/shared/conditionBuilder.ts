import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';
import type { ConfigIssue } from '../../src/errors';
import type { Operator } from '../../src/conditions';

/** Operators as the rule builder offers them, in plain words. */
export const OPERATOR_OPTIONS: Array<INodePropertyOptions & { value: Operator }> = [
	{ name: 'Equals', value: 'equals' },
	{ name: 'Not Equals', value: 'notEquals' },
	{ name: 'Is One Of (Comma-Separated)', value: 'in' },
	{ name: 'Is Not One Of (Comma-Separated)', value: 'notIn' },
	{ name: 'Contains', value: 'contains' },
	{ name: 'Does Not Contain', value: 'notContains' },
	{ name: 'Starts With', value: 'startsWith' },
	{ name: 'Ends With', value: 'endsWith' },
	{ name: 'Matches Pattern', value: 'matches' },
	{ name: 'Greater Than', value: 'greaterThan' },
	{ name: 'Greater Than or Equal', value: 'greaterOrEqual' },
	{ name: 'Less Than', value: 'lessThan' },
	{ name: 'Less Than or Equal', value: 'lessOrEqual' },
	{ name: 'Between (Min,Max)', value: 'between' },
	{ name: 'Is Empty', value: 'isEmpty' },
	{ name: 'Is Not Empty', value: 'isNotEmpty' },
	{ name: 'Is Free Email (Gmail, Yahoo...)', value: 'isFreeEmail' },
	{ name: 'Is Company Email', value: 'isCompanyEmail' },
];

const NUMERIC: ReadonlySet<Operator> = new Set(['greaterThan', 'greaterOrEqual', 'lessThan', 'lessOrEqual']);
const NO_VALUE: ReadonlySet<Operator> = new Set(['isEmpty', 'isNotEmpty', 'isFreeEmail', 'isCompanyEmail']);

export interface UiCondition {
	field: string;
	operator: Operator;
	value?: string;
}

/**
 * Turns a condition typed into a node's builder into the core's condition language, reading the value text as the
 * operator needs it ("50, 5000" for between, "a, b" for is one of). Problems are collected, not thrown.
 */
export function conditionFromUi(c: UiCondition, path: string, issues: ConfigIssue[]): IDataObject {
	const condition: IDataObject = { field: c.field, operator: c.operator };
	const text = (c.value ?? '').trim();
	if (NO_VALUE.has(c.operator)) return condition;
	if (c.operator === 'in' || c.operator === 'notIn') {
		condition.value = text.split(',').map((v) => v.trim()).filter((v) => v !== '');
	} else if (c.operator === 'between') {
		const bounds = text.split(',').map((v) => Number(v.trim()));
		if (bounds.length !== 2 || bounds.some((b) => !Number.isFinite(b))) {
			issues.push({ path: `${path}.value`, message: `expected two numbers "min, max", got "${text}"` });
		}
		condition.value = bounds;
	} else if (NUMERIC.has(c.operator)) {
		const n = Number(text);
		if (text === '' || !Number.isFinite(n)) issues.push({ path: `${path}.value`, message: `expected a number, got "${text}"` });
		condition.value = n;
	} else {
		condition.value = text;
	}
	return condition;
}
