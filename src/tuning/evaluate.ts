import { DAY_MS, toIso } from '../time';
import { ruleNames, type CompiledModel } from '../scoring';
import type { CompiledLadder } from '../stages';
import type { HistoricalLead } from './leads';
import {
	auc,
	aucInterval,
	bandInversions,
	calibration,
	fitScoreCurve,
	groupStats,
	round,
	scoreBands,
	thresholds,
	type Band,
	type Outcomes,
	type ThresholdRow,
} from './metrics';

/** Below this many leads of either class, figures are shown with a warning: an AUC from fewer is mostly noise. */
export const MIN_CLASS_FOR_CONFIDENCE = 40;

export interface StageTarget {
	/** The stage whose entry is suggested; the ladder's top stage by default. */
	stage?: string;
	conversionRate?: number;
	leadsPerWeek?: number;
}

export interface EvaluationOptions {
	bands: number;
	target?: StageTarget;
}

export interface LeadCounts {
	total: number;
	converted: number;
	conversionRate: number;
	/** Events after each lead's cutoff, ignored so the score does not see the future. */
	eventsAfterCutoff: number;
	/** Events without a time (counted by Score Lead; cannot be checked against the cutoff). */
	eventsWithoutTime: number;
	scoredFrom: string;
	scoredTo: string;
	weeks: number;
}

export class OneClassError extends Error {}

export function leadCounts(leads: readonly HistoricalLead[]): LeadCounts {
	let converted = 0;
	let dropped = 0;
	let untimed = 0;
	let from = Number.POSITIVE_INFINITY;
	let to = Number.NEGATIVE_INFINITY;
	for (const l of leads) {
		converted += l.y;
		dropped += l.dropped;
		untimed += l.untimed;
		from = Math.min(from, l.cutoff);
		to = Math.max(to, l.cutoff);
	}
	return {
		total: leads.length,
		converted,
		conversionRate: round(converted / leads.length, 4),
		eventsAfterCutoff: dropped,
		eventsWithoutTime: untimed,
		scoredFrom: toIso(from),
		scoredTo: toIso(to),
		weeks: round((to - from) / (7 * DAY_MS), 2),
	};
}

/** Refuses data a ranking cannot be judged on; warns when there is too little to trust. */
export function checkClasses(counts: LeadCounts, minimum: number, warnings: string[]): void {
	const notConverted = counts.total - counts.converted;
	if (counts.converted === 0 || notConverted === 0) {
		throw new OneClassError(
			`All ${counts.total} leads ${counts.converted === 0 ? 'did not convert' : 'converted'}: a model can only be judged or learned from leads of both outcomes. Include closed-lost as well as closed-won leads.`,
		);
	}
	if (counts.converted < minimum || notConverted < minimum) {
		warnings.push(
			`Only ${Math.min(counts.converted, notConverted)} ${counts.converted < notConverted ? 'converted' : 'non-converted'} leads: with fewer than ${minimum} the figures move a lot by chance (see aucInterval).`,
		);
	}
}

export interface ThresholdSuggestion {
	stage: string;
	currentMinTotal: number | null;
	target: StageTarget;
	suggested: ThresholdRow | null;
	/** The threshold rows at each band's lowest score, to see the trade-off. */
	table: ThresholdRow[];
}

export function suggestThreshold(o: Outcomes, ladder: CompiledLadder, target: StageTarget, weeks: number, bands: readonly Band[], warnings: string[]): ThresholdSuggestion {
	const stage = target.stage ? ladder.find(target.stage) : ladder.stages[ladder.stages.length - 1];
	if (!stage) throw new Error(`the ladder has no stage "${target.stage}"`);
	const capacity = target.leadsPerWeek !== undefined;
	if (capacity && weeks <= 0) warnings.push('A capacity target needs leads scored over more than one moment: all cutoffs are the same date.');
	const { rows, suggested: reached } =
		capacity && weeks > 0
			? thresholds(o, { leadsPerWeek: target.leadsPerWeek as number, weeks })
			: thresholds(o, { conversionRate: target.conversionRate ?? 0 });
	let suggested = reached;
	const all = rows[rows.length - 1];
	if (!capacity && all && all.converted / all.leads >= (target.conversionRate ?? 0)) {
		// Every lead already converts at the target rate: "the lowest entry" would put every lead in the stage.
		suggested = undefined;
		warnings.push(
			`The target conversion rate for ${stage.name} (${round((target.conversionRate ?? 0) * 100, 2)}%) is not above the rate of all leads (${round((all.converted / all.leads) * 100, 2)}%): every lead meets it, so it cannot set ${stage.name}'s entry. Choose a rate above ${round((all.converted / all.leads) * 100, 2)}%.`,
		);
	} else if (!suggested) warnings.push(`No score threshold reaches the target for ${stage.name}.`);
	const edges = new Set(bands.map((b) => b.minScore));
	return {
		stage: stage.name,
		currentMinTotal: stage.minTotal ?? null,
		target,
		suggested: suggested ?? null,
		table: rows.filter((r) => edges.has(r.minScore)),
	};
}

/** The backtest of a model on leads with known outcomes. */
export function evaluateModel(model: CompiledModel, ladder: CompiledLadder, leads: readonly HistoricalLead[], options: EvaluationOptions) {
	const warnings: string[] = [];
	const counts = leadCounts(leads);
	checkClasses(counts, MIN_CLASS_FOR_CONFIDENCE, warnings);
	const hasRevenue = leads.some((l) => l.revenue !== 0);
	const o: Outcomes = {
		scores: leads.map((l) => l.score),
		y: leads.map((l) => l.y),
		revenue: hasRevenue ? leads.map((l) => l.revenue) : undefined,
	};
	const value = auc(o.scores, o.y);
	const bands = scoreBands(o, options.bands);
	const curve = fitScoreCurve(o.scores, o.y);
	const overallRate = counts.converted / counts.total;
	// Rules named as Score Lead's explanation names them (its id, else "fit rule 2"), so the two reports line up.
	const names = ruleNames(model);
	const rules = model.rules.slice(0, model.manualRuleIndex + 1).map((rule, i) => ({ rule: names[i], label: rule.label, kind: model.groups[rule.group].kind, support: 0, converted: 0 }));
	for (const l of leads) for (const r of l.rules) {
		rules[r].support++;
		rules[r].converted += l.y;
	}
	const ruleStats = rules
		.filter((r, i) => i < model.manualRuleIndex || r.support > 0)
		.map((r) => {
			const withRate = r.support === 0 ? 0 : r.converted / r.support;
			const without = counts.total - r.support;
			return {
				...r,
				supportShare: round(r.support / counts.total, 4),
				conversionWith: round(withRate, 4),
				conversionWithout: without === 0 ? 0 : round((counts.converted - r.converted) / without, 4),
				lift: round(withRate / overallRate, 2),
			};
		});
	const neverMatched = ruleStats.filter((r) => r.support === 0).map((r) => r.label);
	if (neverMatched.length > 0) warnings.push(`Rules that matched no lead: ${neverMatched.slice(0, 10).join(', ')}${neverMatched.length > 10 ? '...' : ''}.`);
	return {
		operation: 'evaluate' as const,
		model: { name: model.model.name, version: model.model.version, hash: model.hash },
		leads: counts,
		auc: round(value, 4),
		aucInterval: aucInterval(value, counts.converted, counts.total - counts.converted).map((v) => round(v, 4)),
		bands,
		grades: groupStats(o, (i) => leads[i].grade, model.model.grades.map((g) => g.grade)).map(({ group, ...s }) => ({ grade: group, ...s })),
		stages: groupStats(o, (i) => leads[i].stage, ladder.stages.map((s) => s.name)).map(({ group, ...s }) => ({ stage: group, ...s })),
		thresholds: options.target ? suggestThreshold(o, ladder, options.target, counts.weeks, bands, warnings) : undefined,
		calibration: {
			scoreCurve: { intercept: round(curve[0], 4), slope: round(curve[1], 6) },
			bands: calibration(o, curve, options.bands),
			inversions: bandInversions(bands),
		},
		rules: ruleStats,
		warnings,
	};
}

export type EvaluationReport = ReturnType<typeof evaluateModel>;
