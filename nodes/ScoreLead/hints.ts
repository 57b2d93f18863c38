import type { IDataObject, IExecuteFunctions, NodeExecutionHint } from 'n8n-workflow';
import { compilePath, readPath } from '../../src/fields';
import type { Condition } from '../../src/conditions';
import { EVENT_CLOCK_TOLERANCE_MS, type CompiledModel, type ScoreResult } from '../../src';

/** One scored lead, as the hints look at it: the lead the core read, the model and the result. */
export interface ScoredForHints {
	lead: IDataObject;
	model: CompiledModel;
	result: ScoreResult;
	itemIndex: number;
}

/**
 * Execution hints (shown above the output panel) for results that are plausible numbers but silently wrong: a
 * fit rule reading a field no lead has (a typo, a CRM that says `title`), no rule matching any lead, every lead on
 * the same score. Only for runs with at least one scored lead, and "the same score" only with two or more.
 */
export function scoreHints(scored: ScoredForHints[]): NodeExecutionHint[] {
	if (scored.length === 0) return [];
	const hints: NodeExecutionHint[] = [];
	for (const { model, leads } of byModel(scored)) {
		model.model.fitRules.forEach((rule, index) => {
			const missing = conditionFields(rule.when).filter((field) => {
				const path = compilePath(field);
				return leads.every((lead) => readPath(lead, path) === undefined);
			});
			if (missing.length > 0) {
				const fields = missing.map((f) => `"${f}"`).join(', ');
				hints.push({
					type: 'warning',
					location: 'outputPane',
					message: `Fit rule "${rule.label}" (rule ${index + 1}) reads ${fields}, which no lead has: check the field name (drag it from the input panel).`,
				});
			}
		});
	}
	const ahead = scored.filter(({ result }) => result.eventsAfterAsOf !== undefined);
	if (ahead.length > 0) {
		const count = ahead.reduce((sum, { result }) => sum + (result.eventsAfterAsOf?.count ?? 0), 0);
		const { itemIndex, result } = ahead[0];
		const first = result.eventsAfterAsOf as NonNullable<ScoreResult['eventsAfterAsOf']>;
		hints.push({
			type: 'warning',
			location: 'outputPane',
			message:
				`${count} event${count === 1 ? '' : 's'} on ${ahead.length} lead${ahead.length === 1 ? '' : 's'} ${count === 1 ? 'is' : 'are'} dated more than ` +
				`${EVENT_CLOCK_TOLERANCE_MS / 60_000} minutes after As Of (${result.asOf}) and gave no points; the first: item ${itemIndex}, ` +
				`${first.firstField} = ${quoted(first.firstValue)}. Check the sender's clock, the time unit or zone of that field, or As Of.`,
		});
	}
	// No rule gave any lead points (the summary may still say "raised to floor 10"): read the reasons, not the words.
	if (scored.every(({ result }) => result.topReasons.length === 0)) {
		hints.push({ type: 'warning', location: 'outputPane', message: 'No rule matched any lead: every score is the model\'s floor. Check the rules\' fields and values against the input.' });
	} else if (scored.length > 1 && scored.every(({ result }) => result.score === scored[0].result.score)) {
		hints.push({ type: 'info', location: 'outputPane', message: `Every lead scored ${scored[0].result.score}: the rules do not tell these leads apart.` });
	}
	return hints;
}

function byModel(scored: ScoredForHints[]): Array<{ model: CompiledModel; leads: IDataObject[] }> {
	const groups = new Map<string, { model: CompiledModel; leads: IDataObject[] }>();
	for (const { model, lead } of scored) {
		const group = groups.get(model.hash) ?? { model, leads: [] };
		group.leads.push(lead);
		groups.set(model.hash, group);
	}
	return [...groups.values()];
}

/** The field paths a condition reads, each once. */
function conditionFields(condition: Condition): string[] {
	const fields = new Set<string>();
	const visit = (c: Condition) => {
		if ('all' in c) c.all.forEach(visit);
		else if ('any' in c) c.any.forEach(visit);
		else if ('not' in c) visit(c.not);
		else fields.add(c.field);
	};
	visit(condition);
	return [...fields];
}

/** A value as the hint shows it: text in quotes, at most 40 characters. */
function quoted(value: unknown): string {
	const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
	return text.length > 42 ? `${text.slice(0, 40)}...` : text;
}

export function addHints(ctx: IExecuteFunctions, hints: NodeExecutionHint[]): void {
	if (hints.length > 0) ctx.addExecutionHints(...hints);
}
