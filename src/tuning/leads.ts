import { readPath, type FieldPath } from '../fields';
import { isBlank, requireNumber } from '../numbers';
import { DAY_MS, requireInstant, type Instant } from '../time';
import { ruleNames, scoreLead, type CompiledModel } from '../scoring';
import { classifyStage, type CompiledLadder } from '../stages';
import { readLeadEvents, type EventTypes, type LeadEvents } from './features';
import type { OutcomeReader } from './outcome';

/**
 * When each historical lead is scored, so the backtest never sees the future: the outcome date minus a margin,
 * the creation date plus some days (never after the outcome date when there is one), or a date field.
 */
export type CutoffRule =
	| { kind: 'outcomeDate'; outcomeDate: FieldPath; marginDays: number }
	| { kind: 'createdPlus'; created: FieldPath; days: number; outcomeDate?: FieldPath }
	| { kind: 'field'; field: FieldPath };

export interface LeadReading {
	readonly outcome: FieldPath;
	readonly readOutcome: OutcomeReader;
	readonly revenue?: FieldPath;
	readonly cutoff: CutoffRule;
}

/** A lead with its outcome, scored by the current model as of its cutoff. */
export interface HistoricalLead {
	readonly lead: unknown;
	readonly y: 0 | 1;
	readonly revenue: number;
	readonly cutoff: Instant;
	readonly score: number;
	readonly fitScore: number;
	readonly engagementScore: number;
	readonly grade: string;
	readonly stage: string;
	/** Indices (in the current model's rules) of the rules that matched. */
	readonly rules: readonly number[];
	readonly events: LeadEvents;
	/** Events after the cutoff, which the score did not see. */
	readonly dropped: number;
	/** Events without a time, which cannot be placed before or after the cutoff (Score Lead counts them). */
	readonly untimed: number;
}

export function cutoffOf(lead: unknown, rule: CutoffRule): Instant {
	const date = (path: FieldPath) => requireInstant(readPath(lead, path), path.source);
	switch (rule.kind) {
		case 'outcomeDate':
			return date(rule.outcomeDate) - rule.marginDays * DAY_MS;
		case 'createdPlus': {
			const cutoff = date(rule.created) + rule.days * DAY_MS;
			const outcome = rule.outcomeDate ? readPath(lead, rule.outcomeDate) : undefined;
			return isBlank(outcome) ? cutoff : Math.min(cutoff, date(rule.outcomeDate as FieldPath));
		}
		case 'field':
			return date(rule.field);
	}
}

/** Reads one historical lead: outcome, cutoff, revenue, then the current model's score and stage as of the cutoff. */
export function readHistoricalLead(model: CompiledModel, ladder: CompiledLadder, reading: LeadReading, types: EventTypes, lead: unknown): HistoricalLead {
	const y = reading.readOutcome(readPath(lead, reading.outcome), reading.outcome.source);
	const cutoff = cutoffOf(lead, reading.cutoff);
	let revenue = 0;
	if (reading.revenue && y === 1) {
		const raw = readPath(lead, reading.revenue);
		if (!isBlank(raw)) revenue = requireNumber(raw, reading.revenue.source, 'a revenue (a number)');
	}
	const events = readLeadEvents(lead, model.paths, cutoff, types);
	const result = scoreLead(model, lead, { asOf: cutoff, explain: true });
	const stage = classifyStage(
		ladder,
		{ total: result.score, fitScore: result.fitScore, engagementScore: result.engagementScore, grade: result.grade, label: result.label, lead },
		cutoff,
	).stage;
	const ruleIndex = new Map(ruleNames(model).map((name, i) => [name, i]));
	const rules = (result.explanation?.contributions ?? []).flatMap((c) => (ruleIndex.has(c.rule) && c.counted > 0 ? [ruleIndex.get(c.rule) as number] : []));
	return {
		lead,
		y,
		revenue,
		cutoff,
		score: result.score,
		fitScore: result.fitScore,
		engagementScore: result.engagementScore,
		grade: result.grade,
		stage,
		rules,
		events: { types: events.types, ages: events.ages },
		dropped: events.dropped,
		untimed: events.untimed,
	};
}
