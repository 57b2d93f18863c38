import { z } from 'zod/v4';
import { compilePath, readPath } from '../fields';
import { fieldPathSchema, finiteNumber } from '../validation';

/** Ordered routing rules: the first rule whose conditions all hold picks the lead's team (Salesforce style). */

export const ROUTING_OPERATORS = [
	'equals',
	'notEquals',
	'in',
	'notIn',
	'contains',
	'startsWith',
	'greaterThan',
	'greaterOrEqual',
	'lessThan',
	'lessOrEqual',
	'exists',
	'notExists',
] as const;
export type RoutingOperator = (typeof ROUTING_OPERATORS)[number];

const NUMERIC: ReadonlySet<RoutingOperator> = new Set(['greaterThan', 'greaterOrEqual', 'lessThan', 'lessOrEqual']);
const LIST: ReadonlySet<RoutingOperator> = new Set(['in', 'notIn']);
const UNARY: ReadonlySet<RoutingOperator> = new Set(['exists', 'notExists']);

const scalar = z.union([z.string().max(1000), finiteNumber, z.boolean()]);

const conditionSchema = z
	.object({
		field: fieldPathSchema,
		operator: z.enum(ROUTING_OPERATORS),
		// A list for "in"/"notIn" (or comma-separated text), a number for comparisons, nothing for "exists".
		value: z.union([scalar, z.array(scalar).max(1000)]).optional(),
	})
	.superRefine((c, ctx) => {
		if (UNARY.has(c.operator)) return;
		if (c.value === undefined || c.value === '') {
			ctx.addIssue({ code: 'custom', path: ['value'], message: `"${c.operator}" needs a value` });
		} else if (NUMERIC.has(c.operator) && toNumber(c.value) === undefined) {
			ctx.addIssue({ code: 'custom', path: ['value'], message: `"${c.operator}" needs a number, got ${JSON.stringify(c.value)}` });
		} else if (!LIST.has(c.operator) && Array.isArray(c.value)) {
			ctx.addIssue({ code: 'custom', path: ['value'], message: `"${c.operator}" takes one value, not a list` });
		}
	});

export const routingRuleSchema = z.object({
	name: z.string().max(200).optional(),
	when: z.array(conditionSchema).min(1).max(20),
	team: z.string().trim().min(1, 'name the team this rule sends leads to').max(200),
});

export const routingRulesSchema = z.array(routingRuleSchema).max(200, 'at most 200 routing rules');

export type RoutingRuleInput = z.input<typeof routingRuleSchema>;
export type RoutingCondition = z.infer<typeof conditionSchema>;

export interface CompiledRule {
	name: string;
	team: string;
	matches(lead: unknown): boolean;
}

export function compileRules(rules: z.infer<typeof routingRulesSchema>): CompiledRule[] {
	return rules.map((rule, index) => {
		const tests = rule.when.map(compileCondition);
		return {
			name: rule.name || `rule ${index + 1}`,
			team: rule.team,
			matches: (lead) => tests.every((test) => test(lead)),
		};
	});
}

function compileCondition(condition: RoutingCondition): (lead: unknown) => boolean {
	const path = compilePath(condition.field);
	const test = operatorTest(condition.operator, condition.value);
	return (lead) => test(readPath(lead, path));
}

function operatorTest(operator: RoutingOperator, expected: RoutingCondition['value']): (actual: unknown) => boolean {
	const list = Array.isArray(expected) ? expected : typeof expected === 'string' ? expected.split(',') : [expected];
	const number = toNumber(expected);
	const needle = normalise(expected);
	switch (operator) {
		case 'exists':
			return (actual) => isKnown(actual);
		case 'notExists':
			return (actual) => !isKnown(actual);
		case 'equals':
			return (actual) => same(actual, expected);
		case 'notEquals':
			return (actual) => !same(actual, expected);
		case 'in':
			return (actual) => list.some((option) => same(actual, option));
		case 'notIn':
			return (actual) => !list.some((option) => same(actual, option));
		case 'contains':
			return (actual) =>
				Array.isArray(actual) ? actual.some((element) => same(element, expected)) : normalise(actual).includes(needle);
		case 'startsWith':
			return (actual) => normalise(actual).startsWith(needle);
		case 'greaterThan':
			return (actual) => compare(actual, (a) => a > number!);
		case 'greaterOrEqual':
			return (actual) => compare(actual, (a) => a >= number!);
		case 'lessThan':
			return (actual) => compare(actual, (a) => a < number!);
		case 'lessOrEqual':
			return (actual) => compare(actual, (a) => a <= number!);
	}
}

function isKnown(value: unknown): boolean {
	return value !== undefined && value !== null && value !== '';
}

/** Text compares trimmed and case-insensitively ("DE" = "de "); numbers compare as numbers ("250" = 250). */
function same(actual: unknown, expected: unknown): boolean {
	const a = toNumber(actual);
	const e = toNumber(expected);
	if (a !== undefined && e !== undefined) return a === e;
	return isKnown(actual) && normalise(actual) === normalise(expected);
}

function compare(actual: unknown, test: (value: number) => boolean): boolean {
	const value = toNumber(actual);
	return value !== undefined && test(value);
}

function normalise(value: unknown): string {
	if (typeof value === 'string') return value.trim().toLowerCase();
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return '';
}

function toNumber(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const n = Number(value.trim());
	return Number.isFinite(n) ? n : undefined;
}
