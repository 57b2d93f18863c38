import { z } from './zod';
import { ConfigError, describeValue, type ConfigIssue } from './errors';
import { pathProblem } from './fields';
import { isPoints, POINTS_MESSAGE } from './numbers';

/**
 * Names a place in a model or setting for an error, from its path (`['fitRules', 0, 'when', 'value']`) and the whole
 * input it points into (`root`), which holds the labels. The core names by JSON path with labels (`labelledPath`);
 * a node's builder passes one that speaks its panel's words ('fit rule 1 "Senior title": Value').
 */
export type PathNamer = (path: readonly PropertyKey[], root: unknown) => string;

/**
 * Validates a model or setting, turning every zod issue into "place: message" so users see all problems at once,
 * each place named by `name` (by default its JSON path with the label of every rule, stage or rep on the way).
 */
export function parseWithSchema<T>(schema: z.ZodType<T>, raw: unknown, subject: string, name: PathNamer = labelledPath): T {
	requireShallow(raw, subject, name);
	const result = schema.safeParse(raw, { reportInput: true });
	if (result.success) return result.data;
	throw new ConfigError(subject, result.error.issues.flatMap((issue) => toIssues(issue, [], raw, name)));
}

/** For a value that fits no alternative of a union, the alternative it came closest to explains the problem best. */
function toIssues(issue: z.core.$ZodIssue, prefix: readonly PropertyKey[], raw: unknown, name: PathNamer): ConfigIssue[] {
	const path = [...prefix, ...issue.path];
	if (issue.code === 'invalid_union' && issue.errors.length > 0) {
		const closest = issue.errors.reduce((best, next) => (closeness(next) < closeness(best) ? next : best));
		if (closest.length > 0) return closest.flatMap((inner) => toIssues(inner, path, raw, name));
	}
	return [{ path: name(path, raw), message: plainMessage(issue) }];
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

/** The keys that name a list's element, in order: a rule's label, a stage's, rep's or group's name, a rep's id, a grade. */
const NAME_KEYS = ['label', 'name', 'id', 'grade', 'level'] as const;

/** Labels quoted in errors are cut here, so a message stays short whatever the model holds. */
const MAX_QUOTED_NAME = 40;

/** The name of a list element (a rule, stage, rep), or undefined when it has none; quoted and bounded. */
export function elementName(element: unknown): string | undefined {
	if (element === null || typeof element !== 'object' || Array.isArray(element)) return undefined;
	for (const key of NAME_KEYS) {
		const value = Object.prototype.hasOwnProperty.call(element, key) ? (element as Record<string, unknown>)[key] : undefined;
		if ((typeof value === 'string' && value.trim() !== '') || typeof value === 'number') return quoted(String(value));
	}
	return undefined;
}

export function quoted(name: string): string {
	const text = name.trim().replace(/\s+/g, ' ');
	return `"${text.length > MAX_QUOTED_NAME ? `${text.slice(0, MAX_QUOTED_NAME).trimEnd()}...` : text}"`;
}

/**
 * A JSON path in which every element of a list of objects carries its label, so a rule is never named by an index
 * alone: `fitRules[0] ("Senior title").when.value`, `stages[2] ("MQL").minTotal`, `reps[1] ("Ben").timeZone`.
 * An element without one says so (`rules[3] (no name)`), unless it sits inside a named one (`when[1]` of a rule);
 * values in a list of values (`labels[2]`) keep the index.
 */
export function labelledPath(path: readonly PropertyKey[], root: unknown): string {
	let out = '';
	let current: unknown = root;
	let named = false;
	for (const key of path) {
		const inside: unknown = current !== null && typeof current === 'object' && Object.prototype.hasOwnProperty.call(current, key) ? (current as Record<PropertyKey, unknown>)[key] : undefined;
		if (typeof key === 'number') {
			out += `[${key}]`;
			const name = elementName(inside);
			// Inside a named rule, an unnamed element (a condition of a routing rule) is placed well enough by its index.
			if (name !== undefined || (!named && inside !== null && typeof inside === 'object' && !Array.isArray(inside))) out += ` (${name ?? 'no name'})`;
			named = true;
		} else {
			out += out ? `.${String(key)}` : String(key);
		}
		current = inside;
	}
	return out;
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

/** How many keys of the path to a too-deep place an error names: enough to name the rule, stage or rep it is in. */
const NAMED_DEPTH = 2;

/**
 * Refuses a setting nested deeper than MAX_SETTING_DEPTH, checked without recursion, so no later recursion (zod,
 * JSON.stringify, compiling conditions) can overflow the stack with a bare RangeError. With `name`, the error names
 * the element the deep value is in (`fitRules[0] ("Senior title")`).
 */
export function requireShallow(raw: unknown, subject = 'setting', name?: PathNamer): void {
	const stack: Array<[unknown, number, readonly PropertyKey[]]> = [[raw, 0, []]];
	while (stack.length > 0) {
		const [value, depth, at] = stack.pop() as [unknown, number, readonly PropertyKey[]];
		if (value === null || typeof value !== 'object') continue;
		if (depth >= MAX_SETTING_DEPTH) {
			throw new ConfigError(subject, [{ path: name ? name(at, raw) : '', message: `is nested more than ${MAX_SETTING_DEPTH} levels deep` }]);
		}
		const visit = (inner: unknown, key: PropertyKey) => {
			if (inner !== null && typeof inner === 'object') stack.push([inner, depth + 1, depth < NAMED_DEPTH ? [...at, key] : at]);
		};
		// Lists of 10,000 values are common (an "in" list): walked by index, not through Object.entries.
		if (Array.isArray(value)) for (let i = 0; i < value.length; i++) visit(value[i], i);
		else for (const key of Object.keys(value)) visit((value as Record<string, unknown>)[key], key);
	}
}
