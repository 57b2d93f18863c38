import { z } from 'zod/v4';
import { ConfigError, describeValue, type ConfigIssue } from './errors';
import { pathProblem } from './fields';
import { isPoints, POINTS_MESSAGE } from './numbers';

/** Validates a model or setting, turning every zod issue into "path: message" so users see all problems at once. */
export function parseWithSchema<T>(schema: z.ZodType<T>, raw: unknown, subject: string): T {
	const result = schema.safeParse(raw, { reportInput: true });
	if (result.success) return result.data;
	throw new ConfigError(subject, result.error.issues.flatMap((issue) => toIssues(issue, [])));
}

/** For a value that fits no alternative of a union, the alternative it came closest to explains the problem best. */
function toIssues(issue: z.core.$ZodIssue, prefix: readonly PropertyKey[]): ConfigIssue[] {
	const path = [...prefix, ...issue.path];
	if (issue.code === 'invalid_union' && issue.errors.length > 0) {
		const closest = issue.errors.reduce((best, next) => (closeness(next) < closeness(best) ? next : best));
		if (closest.length > 0) return closest.flatMap((inner) => toIssues(inner, path));
	}
	return [{ path: formatPath(path), message: plainMessage(issue) }];
}

/**
 * Fewer problems is closer; at a tie, an alternative of the right type that failed a bound (a list one value too
 * long) is closer than one of another type ("expected a number, got a list of 10001" would mislead).
 */
function closeness(issues: readonly z.core.$ZodIssue[]): number {
	const wrongType = issues.every((i) => i.path.length === 0 && (i.code === 'invalid_type' || i.code === 'invalid_union'));
	return issues.length + (wrongType ? 0.5 : 0);
}

/** zod's type errors ("Invalid input: expected number, received string") in the words the rest of the package uses. */
function plainMessage(issue: z.core.$ZodIssue): string {
	if (issue.code === 'too_big' && issue.origin === 'array' && issue.message.startsWith('Too big')) {
		return `expected at most ${String(issue.maximum)} values, got ${describeValue(issue.input)}`;
	}
	if (issue.code !== 'invalid_type' || !issue.message.startsWith('Invalid input')) return issue.message;
	const words: Record<string, string> = { array: 'a list', object: 'an object', int: 'a whole number', undefined: 'nothing' };
	const expected = words[issue.expected] ?? `a ${issue.expected}`;
	return `expected ${expected}, got ${describeValue(issue.input)}`;
}

export function formatPath(path: readonly PropertyKey[]): string {
	return path.reduce<string>((out, key) => {
		if (typeof key === 'number') return `${out}[${key}]`;
		return out ? `${out}.${String(key)}` : String(key);
	}, '');
}

/** A dot path into item data, checked so it can never reach the prototype chain. */
export const fieldPathSchema = z.string().superRefine((path, ctx) => {
	const problem = pathProblem(path);
	if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const finiteNumber = z.number().refine(Number.isFinite, 'expected a finite number');
/** Points, caps and thresholds: bounded so that no sum or rounding of them can overflow (see MAX_POINTS). */
export const pointsNumber = z.number().refine(isPoints, POINTS_MESSAGE);

/** A JSON setting may arrive as text (pasted) or as a value (from an expression). */
export function parseJsonSetting(raw: unknown, subject: string): unknown {
	if (typeof raw !== 'string') return raw;
	try {
		return JSON.parse(raw);
	} catch (error) {
		throw new ConfigError(subject, [{ path: '', message: `is not valid JSON (${(error as Error).message})` }]);
	}
}

/** Deeper than any model or setting needs; JSON.stringify and zod recurse, and would overflow the stack on a deeper one. */
export const MAX_SETTING_DEPTH = 64;

/** Refuses a setting nested deeper than MAX_SETTING_DEPTH, checked without recursion. */
export function requireShallow(raw: unknown, subject = 'setting'): void {
	const stack: Array<[unknown, number]> = [[raw, 0]];
	while (stack.length > 0) {
		const [value, depth] = stack.pop() as [unknown, number];
		if (value === null || typeof value !== 'object') continue;
		if (depth >= MAX_SETTING_DEPTH) {
			throw new ConfigError(subject, [{ path: '', message: `is nested more than ${MAX_SETTING_DEPTH} levels deep` }]);
		}
		for (const inner of Object.values(value)) if (inner !== null && typeof inner === 'object') stack.push([inner, depth + 1]);
	}
}
