/** One problem in a model, ladder or settings object, located by its path ("rules[3].operator"). */
export interface ConfigIssue {
	path: string;
	message: string;
}

/** A model or setting that cannot be used: raised once, before any lead is processed, listing every problem. */
export class ConfigError extends Error {
	constructor(
		readonly subject: string,
		readonly issues: ConfigIssue[],
	) {
		super(`Invalid ${subject}: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`);
		this.name = 'ConfigError';
	}
}

/** A lead (or other item) whose field does not hold what the operation needs. */
export class InputError extends Error {
	constructor(
		readonly field: string,
		readonly expected: string,
		readonly received: unknown,
	) {
		super(`Field "${field}": expected ${expected}, got ${describeValue(received)}`);
		this.name = 'InputError';
	}
}

export function describeValue(value: unknown): string {
	if (value === undefined) return 'nothing (field missing)';
	if (value === null) return 'null';
	if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}...` : value}"`;
	if (Array.isArray(value)) return `a list of ${value.length}`;
	if (typeof value === 'object') return 'an object';
	return `${typeof value} ${String(value)}`;
}
