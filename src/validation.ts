import { z } from 'zod/v4';
import { ConfigError, type ConfigIssue } from './errors';
import { pathProblem } from './fields';

/** Validates a model or setting, turning every zod issue into "path: message" so users see all problems at once. */
export function parseWithSchema<T>(schema: z.ZodType<T>, raw: unknown, subject: string): T {
	const result = schema.safeParse(raw);
	if (result.success) return result.data;
	throw new ConfigError(subject, result.error.issues.map(toIssue));
}

function toIssue(issue: z.core.$ZodIssue): ConfigIssue {
	return { path: formatPath(issue.path), message: issue.message };
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
