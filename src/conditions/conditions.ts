import { z } from '../zod';
import { compilePath, readPath, type FieldPath } from '../fields';
import { isBlank, numberFrom, requireNumber } from '../numbers';
import { fieldPathSchema, finiteNumber } from '../validation';
import { emailDomain, isDisposableMailDomain, isFreeMailDomain } from './freeMailDomains';
import { compilePattern, MAX_INPUT_LENGTH, PatternBudgetError, type SafePattern } from './safePattern';

/**
 * The condition language shared by fit rules, event filters and stage requirements:
 * field conditions combined with all / any / not groups.
 */
export const OPERATORS = [
	'equals',
	'notEquals',
	'in',
	'notIn',
	'contains',
	'notContains',
	'startsWith',
	'endsWith',
	'matches',
	'greaterThan',
	'greaterOrEqual',
	'lessThan',
	'lessOrEqual',
	'between',
	'isEmpty',
	'isNotEmpty',
	'isFreeEmail',
	'isCompanyEmail',
] as const;
export type Operator = (typeof OPERATORS)[number];

export const MAX_LIST_VALUES = 10_000;
export const MAX_CONDITION_DEPTH = 8;
const MAX_TEXT_VALUE = 1_000;

const scalar = z.union([z.string().max(MAX_TEXT_VALUE), finiteNumber, z.boolean(), z.null()]);

export const fieldConditionSchema = z
	.object({
		field: fieldPathSchema,
		operator: z.enum(OPERATORS),
		value: z.union([scalar, z.array(scalar).max(MAX_LIST_VALUES)]).optional(),
		caseSensitive: z.boolean().optional(),
	})
	.strict()
	.superRefine((c, ctx) => {
		const problem = valueProblem(c.operator, c.value) ?? patternProblem(c.operator, c.value, !c.caseSensitive);
		if (problem) ctx.addIssue({ code: 'custom', path: ['value'], message: problem });
	});

function patternProblem(operator: Operator, value: unknown, caseInsensitive: boolean): string | undefined {
	if (operator !== 'matches') return undefined;
	try {
		compilePattern(value as string, { caseInsensitive });
		return undefined;
	} catch (error) {
		// Only the pattern that crossed the model's budget is named: the ones after it were not even built.
		if (error instanceof PatternBudgetError && !error.crossed) return undefined;
		return (error as Error).message;
	}
}

export type FieldCondition = z.infer<typeof fieldConditionSchema>;
export type Condition = FieldCondition | { all: Condition[] } | { any: Condition[] } | { not: Condition };

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
	z.union([
		fieldConditionSchema,
		z.object({ all: z.array(conditionSchema).min(1).max(100) }).strict(),
		z.object({ any: z.array(conditionSchema).min(1).max(100) }).strict(),
		z.object({ not: conditionSchema }).strict(),
	]),
);

function valueProblem(operator: Operator, value: unknown): string | undefined {
	switch (operator) {
		case 'in':
		case 'notIn':
			return Array.isArray(value) ? undefined : `operator "${operator}" needs a list of values`;
		case 'between':
			return Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number') && value[0] <= value[1]
				? undefined
				: 'operator "between" needs [min, max] numbers with min <= max';
		case 'greaterThan':
		case 'greaterOrEqual':
		case 'lessThan':
		case 'lessOrEqual':
			return typeof value === 'number' ? undefined : `operator "${operator}" needs a number`;
		case 'contains':
		case 'notContains':
		case 'startsWith':
		case 'endsWith':
		case 'matches':
			return typeof value === 'string' && value.length > 0 ? undefined : `operator "${operator}" needs a non-empty text`;
		case 'equals':
		case 'notEquals':
			return value === undefined || Array.isArray(value) ? `operator "${operator}" needs a single value` : undefined;
		default:
			return undefined;
	}
}

/** A compiled condition: a plain predicate over one object (a lead or an event). */
export type Predicate = (data: unknown) => boolean;

/** Compiles a validated condition; `path` names it in errors ("fitRules[2].when"). */
export function compileCondition(condition: Condition, depth = 0): Predicate {
	if (depth > MAX_CONDITION_DEPTH) throw new Error(`conditions are nested deeper than ${MAX_CONDITION_DEPTH} levels`);
	if ('all' in condition) {
		const parts = condition.all.map((c) => compileCondition(c, depth + 1));
		return (data) => parts.every((p) => p(data));
	}
	if ('any' in condition) {
		const parts = condition.any.map((c) => compileCondition(c, depth + 1));
		return (data) => parts.some((p) => p(data));
	}
	if ('not' in condition) {
		const inner = compileCondition(condition.not, depth + 1);
		return (data) => !inner(data);
	}
	return compileFieldCondition(condition);
}

function compileFieldCondition(condition: FieldCondition): Predicate {
	const path = compilePath(condition.field);
	const test = compileTest(condition, path);
	return (data) => test(readPath(data, path));
}

type ValueTest = (fieldValue: unknown) => boolean;

/**
 * Text work: what "matches" and "contains" conditions spend on one lead, counted so a lead can be refused before it
 * blocks n8n (10,000 events against 2,000 pattern rules took 237 s). Each test costs TEXT_TEST_STEPS; a pattern
 * scan costs PATTERN_SCAN_STEPS more plus the characters it may scan; "contains" one step per two characters of the
 * text (String.includes reads about three characters in the time a pattern reads one, measured on 1,000). The
 * scoring of a lead starts a new count (startTextWork) and compares it with MAX_TEXT_WORK_PER_LEAD after each rule.
 * A count, not a clock: the same lead and model always give the same verdict, whatever the machine.
 */
export const textWork = { steps: 0, lead: 0 };
/** The text work one lead may take: under 0.5 s of matching on this project's 2-core machine (see BENCHMARKS.md). */
export const MAX_TEXT_WORK_PER_LEAD = 100_000_000;
/**
 * In characters' worth of pattern scanning (about 4 ns each, measured): a test's call and field read cost about 20;
 * a scan starts on its own pattern's tables, cold in memory when 2,000 rules have 2,000 patterns: about 80 more.
 */
export const TEXT_TEST_STEPS = 20;
export const PATTERN_SCAN_STEPS = 80;

/** Starts counting the text work of a new lead; pattern results remembered for the last one are forgotten. */
export function startTextWork(): void {
	textWork.steps = 0;
	textWork.lead++;
}

/**
 * The last input and answer of each pattern, shared by every rule with the same pattern (a model builds each
 * distinct pattern once): rules that test one event field with one pattern scan it once. Forgotten at each new lead,
 * so what a lead is charged depends on that lead alone.
 */
interface PatternMemo {
	input: string | undefined;
	result: boolean;
	lead: number;
}
const memos = new WeakMap<SafePattern, PatternMemo>();

function rememberedTest(pattern: SafePattern): (input: string) => boolean {
	let memo = memos.get(pattern);
	if (memo === undefined) {
		memo = { input: undefined, result: false, lead: -1 };
		memos.set(pattern, memo);
	}
	const known = memo;
	return (input) => {
		textWork.steps += TEXT_TEST_STEPS;
		if (known.lead === textWork.lead && known.input === input) return known.result;
		textWork.steps += PATTERN_SCAN_STEPS + Math.min(input.length, MAX_INPUT_LENGTH);
		known.input = input;
		known.result = pattern.test(input);
		known.lead = textWork.lead;
		return known.result;
	};
}

/**
 * Lower-cases a field once per lead, not once per rule: the rules of a model read the same string from the same
 * lead (2,000 "contains" rules on a 1 MB job title would otherwise fold it 2,000 times). Long strings only: short
 * ones fold faster than they compare.
 */
const FOLD_SLOTS = 4;
const foldedFrom: string[] = [];
const foldedTo: string[] = [];
let nextFoldSlot = 0;

function lowerCase(s: string): string {
	if (s.length < 256) return s.toLowerCase();
	for (let i = 0; i < foldedFrom.length; i++) if (foldedFrom[i] === s) return foldedTo[i];
	const folded = s.toLowerCase();
	foldedFrom[nextFoldSlot] = s;
	foldedTo[nextFoldSlot] = folded;
	nextFoldSlot = (nextFoldSlot + 1) % FOLD_SLOTS;
	return folded;
}

function compileTest(condition: FieldCondition, path: FieldPath): ValueTest {
	const fold = condition.caseSensitive ? (s: string) => s : lowerCase;
	const text = (v: unknown): string | undefined =>
		typeof v === 'string' ? fold(v) : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
	const value = condition.value;
	switch (condition.operator) {
		case 'equals':
			return equalsTest(value as Exclude<typeof value, unknown[]>, fold);
		case 'notEquals': {
			const equals = equalsTest(value as Exclude<typeof value, unknown[]>, fold);
			return (v) => !equals(v);
		}
		case 'in':
		case 'notIn': {
			const members = new Set((value as unknown[]).map((m) => memberKey(m, fold)));
			const isIn: ValueTest = (v) => anyElement(v, (e) => !isBlank(e) && members.has(memberKey(e, fold)));
			return condition.operator === 'in' ? isIn : (v) => !isIn(v);
		}
		case 'contains':
		case 'notContains': {
			const needle = fold(value as string);
			const contains: ValueTest = (v) =>
				anyElement(v, (e) => {
					const haystack = text(e);
					if (haystack === undefined) return false;
					textWork.steps += TEXT_TEST_STEPS + ((haystack.length + 1) >> 1);
					return haystack.includes(needle);
				});
			return condition.operator === 'contains' ? contains : (v) => !contains(v);
		}
		case 'startsWith': {
			const needle = fold(value as string);
			return (v) => text(v)?.startsWith(needle) ?? false;
		}
		case 'endsWith': {
			const needle = fold(value as string);
			return (v) => text(v)?.endsWith(needle) ?? false;
		}
		case 'matches': {
			const test = rememberedTest(compilePattern(value as string, { caseInsensitive: !condition.caseSensitive }));
			return (v) => {
				const s = typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
				return s !== undefined && test(s);
			};
		}
		case 'greaterThan':
			return numericTest(path, (n) => n > (value as number));
		case 'greaterOrEqual':
			return numericTest(path, (n) => n >= (value as number));
		case 'lessThan':
			return numericTest(path, (n) => n < (value as number));
		case 'lessOrEqual':
			return numericTest(path, (n) => n <= (value as number));
		case 'between': {
			const [min, max] = value as [number, number];
			return numericTest(path, (n) => n >= min && n <= max);
		}
		case 'isEmpty':
			return isEmpty;
		case 'isNotEmpty':
			return (v) => !isEmpty(v);
		case 'isFreeEmail':
			return (v) => {
				const domain = emailDomain(v);
				return domain !== undefined && isFreeMailDomain(domain);
			};
		case 'isCompanyEmail':
			return (v) => {
				const domain = emailDomain(v);
				return domain !== undefined && !isFreeMailDomain(domain) && !isDisposableMailDomain(domain);
			};
	}
}

function equalsTest(expected: string | number | boolean | null | undefined, fold: (s: string) => string): ValueTest {
	if (expected === null || expected === undefined) return (v) => v === null || v === undefined;
	const key = memberKey(expected, fold);
	return (v) => !isBlank(v) && memberKey(v, fold) === key;
}

/**
 * How values compare in equals and in lists: numbers and numeric text by their number ("50" = 50 = "50.0"),
 * booleans and "true"/"false" alike, other text trimmed and folded (case-insensitive unless asked).
 */
function memberKey(value: unknown, fold: (s: string) => string): unknown {
	const n = numberFrom(value);
	if (n !== undefined) return n;
	if (typeof value === 'boolean') return String(value);
	if (typeof value === 'string') return fold(value.trim());
	return value;
}

/** Lists (tags, interests) match when any element matches; single values are tested directly. */
function anyElement(value: unknown, test: (element: unknown) => boolean): boolean {
	return Array.isArray(value) ? value.some(test) : test(value);
}

/** A missing or empty field simply does not match; a field that holds something that is not a number is bad input. */
function numericTest(path: FieldPath, test: (n: number) => boolean): ValueTest {
	return (v) => !isBlank(v) && test(requireNumber(v, path.source));
}

/** Whether a condition spends text work ("matches", "contains", "notContains" anywhere in it). */
export function usesTextWork(condition: Condition): boolean {
	if ('all' in condition) return condition.all.some(usesTextWork);
	if ('any' in condition) return condition.any.some(usesTextWork);
	if ('not' in condition) return usesTextWork(condition.not);
	return condition.operator === 'matches' || condition.operator === 'contains' || condition.operator === 'notContains';
}

export function isEmpty(v: unknown): boolean {
	if (v === undefined || v === null) return true;
	if (typeof v === 'string') return v.trim() === '';
	if (Array.isArray(v)) return v.length === 0;
	if (typeof v === 'object') return Object.keys(v as object).length === 0;
	return false;
}
