/**
 * One problem in a model, ladder or settings object, located by where it is: a rule, stage or rep by its label
 * (`fitRules[3] ("Senior title").when.operator` in JSON, `fit rule 4 "Senior title": Operator` in a builder), a
 * setting by its label in the node panel. Never by an index alone (see PathNamer in validation.ts).
 */
export interface ConfigIssue {
	path: string;
	message: string;
}

/** How many problems a message lists; the `issues` keep them all. A model of 2,000 bad rules gives a short error. */
export const MAX_LISTED_ISSUES = 10;

/** "place: problem" for each issue, at most MAX_LISTED_ISSUES, then how many more. */
export function listIssues(issues: readonly ConfigIssue[], separator: string): string {
	const listed = issues.slice(0, MAX_LISTED_ISSUES).map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
	if (issues.length > MAX_LISTED_ISSUES) listed.push(`and ${issues.length - MAX_LISTED_ISSUES} more`);
	return listed.join(separator);
}

/** A model or setting that cannot be used: raised once, before any lead is processed, listing every problem. */
export class ConfigError extends Error {
	constructor(
		readonly subject: string,
		readonly issues: ConfigIssue[],
	) {
		super(`Invalid ${subject}: ${listIssues(issues, '; ')}`);
		this.name = 'ConfigError';
	}
}

/**
 * A lead whose text conditions ("matches", "contains") need more work than one lead may take (MAX_TEXT_WORK_PER_LEAD):
 * that lead alone fails, naming the rule that crossed the limit, so Continue On Fail moves it and the others score.
 */
export class TextWorkError extends Error {
	constructor(
		/** The rule's condition, named as in a model error: `engagementRules[12] ("Pricing page").where`. */
		readonly rule: string,
		readonly limit: number,
	) {
		super(
			`${rule}: matching text for this lead takes more than ${limit} steps, the limit per lead that keeps n8n responsive; ` +
				'test long event fields with fewer "matches" or "contains" rules, or send fewer events per lead',
		);
		this.name = 'TextWorkError';
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
