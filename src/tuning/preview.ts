import { scoreLead, type CompiledModel } from '../scoring';
import { classifyStage, type CompiledLadder } from '../stages';
import type { Instant } from '../time';
import { round } from './metrics';

/**
 * Model change preview: every lead scored and staged by the model and ladder in use and by a candidate, before the
 * candidate goes live. Who changes grade or stage (counts per transition), the leads that move most and the rules
 * behind it, and, where outcomes are known, how each stage's conversion would change. Pure: no n8n, no clock.
 */

export interface PreviewLead {
	readonly lead: unknown;
	readonly asOf: Instant;
	/** 1 converted, 0 not, undefined when the outcome is not known (an open lead). */
	readonly y?: 0 | 1;
	/** How the lead is named in the report (its id, else its place). */
	readonly name: string;
}

export interface ModelAndLadder {
	readonly model: CompiledModel;
	readonly ladder: CompiledLadder;
}

export interface PreviewOptions {
	/** How many of the leads that move most are listed. */
	readonly top: number;
}

interface Placement {
	score: number;
	grade: string;
	stage: string;
	/** Points per rule (its id, else its place), with its label. */
	rules: Map<string, { label: string; points: number }>;
}

function place(side: ModelAndLadder, lead: PreviewLead): Placement {
	const result = scoreLead(side.model, lead.lead, { asOf: lead.asOf, explain: true });
	const stage = classifyStage(
		side.ladder,
		{ total: result.score, fitScore: result.fitScore, engagementScore: result.engagementScore, grade: result.grade, label: result.label, lead: lead.lead },
		lead.asOf,
	).stage;
	const rules = new Map<string, { label: string; points: number }>();
	for (const c of result.explanation?.contributions ?? []) if (c.kind !== 'total' && c.points !== 0) rules.set(c.rule, { label: c.label, points: c.points });
	return { score: result.score, grade: result.grade, stage, rules };
}

/** Counts per (from, to) pair, in the order of `order` (a ladder's stages, a model's grades), then as first seen. */
function transitions(pairs: ReadonlyArray<[string, string]>, names: readonly string[], order: readonly string[]): Array<{ from: string; to: string; leads: number; names?: string[] }> {
	const rank = (s: string) => (order.includes(s) ? order.indexOf(s) : order.length);
	const counts = new Map<string, { from: string; to: string; leads: number; names?: string[] }>();
	pairs.forEach(([from, to], i) => {
		const key = JSON.stringify([from, to]);
		const entry = counts.get(key) ?? { from, to, leads: 0, ...(from === to ? {} : { names: [] }) };
		entry.leads++;
		// The leads that move are named (the preview is as long as its input); those that stay are only counted.
		entry.names?.push(names[i]);
		counts.set(key, entry);
	});
	return [...counts.values()].sort((a, b) => rank(a.from) - rank(b.from) || rank(a.to) - rank(b.to) || (a.from + a.to < b.from + b.to ? -1 : 1));
}

/** The rules whose points differ between the two placements of one lead, largest difference first. */
function ruleChanges(before: Placement, after: Placement): Array<{ rule: string; label: string; before: number; after: number }> {
	const names = [...new Set([...before.rules.keys(), ...after.rules.keys()])];
	return names
		.map((rule) => ({
			rule,
			label: (after.rules.get(rule) ?? before.rules.get(rule))?.label ?? rule,
			before: before.rules.get(rule)?.points ?? 0,
			after: after.rules.get(rule)?.points ?? 0,
		}))
		.filter((r) => r.before !== r.after)
		.sort((a, b) => Math.abs(b.after - b.before) - Math.abs(a.after - a.before) || (a.rule < b.rule ? -1 : 1));
}

export function previewModelChange(current: ModelAndLadder, candidate: ModelAndLadder, leads: readonly PreviewLead[], options: PreviewOptions) {
	const before = leads.map((l) => place(current, l));
	const after = leads.map((l) => place(candidate, l));
	const stageOrder = [...new Set([...current.ladder.stages.map((s) => s.name), ...candidate.ladder.stages.map((s) => s.name)])];
	const gradeOrder = [...new Set([...current.model.model.grades.map((g) => g.grade), ...candidate.model.model.grades.map((g) => g.grade)])];
	const moved = leads
		.map((_, i) => ({ i, delta: after[i].score - before[i].score, changed: after[i].stage !== before[i].stage || after[i].grade !== before[i].grade }))
		.filter((m) => m.delta !== 0 || m.changed)
		// Largest change first; a stage or grade change before a score change of the same size; then input order.
		.sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta) || Number(b.changed) - Number(a.changed) || a.i - b.i)
		.slice(0, options.top)
		.map(({ i, delta }) => ({
			item: i,
			lead: leads[i].name,
			before: { score: before[i].score, grade: before[i].grade, stage: before[i].stage },
			after: { score: after[i].score, grade: after[i].grade, stage: after[i].stage },
			change: round(delta, 6),
			rules: ruleChanges(before[i], after[i]),
		}));
	// Conversion per stage among leads with a known outcome, by where each model would put them.
	const known = leads.map((_, i) => i).filter((i) => leads[i].y !== undefined);
	const byStage = stageOrder.map((stage) => {
		const side = (placements: Placement[]) => {
			const members = known.filter((i) => placements[i].stage === stage);
			const converted = members.filter((i) => leads[i].y === 1).length;
			return { leads: members.length, converted, conversionRate: members.length === 0 ? null : round(converted / members.length, 4) };
		};
		const b = side(before);
		const a = side(after);
		return {
			stage,
			current: b,
			candidate: a,
			conversionRateChange: a.conversionRate === null || b.conversionRate === null ? null : round(a.conversionRate - b.conversionRate, 4),
		};
	});
	const names = leads.map((l) => l.name);
	const count = (test: (i: number) => boolean) => leads.filter((_, i) => test(i)).length;
	return {
		operation: 'preview' as const,
		current: { model: current.model.model.name, hash: current.model.hash, stages: current.ladder.stages.map((s) => s.name) },
		candidate: { model: candidate.model.model.name, hash: candidate.model.hash, stages: candidate.ladder.stages.map((s) => s.name) },
		leads: {
			total: leads.length,
			scoreChanged: count((i) => after[i].score !== before[i].score),
			gradeChanged: count((i) => after[i].grade !== before[i].grade),
			stageChanged: count((i) => after[i].stage !== before[i].stage),
			withOutcome: known.length,
		},
		stageTransitions: transitions(leads.map((_, i) => [before[i].stage, after[i].stage]), names, stageOrder),
		gradeTransitions: transitions(leads.map((_, i) => [before[i].grade, after[i].grade]), names, gradeOrder),
		largestChanges: moved,
		conversionByStage: known.length === 0 ? [] : byStage,
	};
}

export type PreviewReport = ReturnType<typeof previewModelChange>;
