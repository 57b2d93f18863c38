import { compileModel, scoreLead, type CompiledModel } from '../scoring';
import type { CompiledLadder } from '../stages';
import { buildFeatures, type Candidate, type CandidateOptions, type EventTypes } from './features';
import { fitPath, lambdaMax, lambdaPath, type PathFit } from './logistic';
import { auc, aucInterval, fitScoreCurve, round, scoreBands, type Outcomes } from './metrics';
import { checkClasses, leadCounts, suggestThreshold, type StageTarget, type ThresholdSuggestion } from './evaluate';
import type { HistoricalLead } from './leads';
import { stratifiedFolds, stratifiedHoldOut } from './random';

/**
 * Learning points from outcomes needs, at the least, 200 leads and 40 of each outcome: with a quarter held out
 * and the rest cut in three for cross-validation, every part then has 10 conversions or more. Below 10 a
 * part's AUC moves by 0.1 or more by chance alone, so the choice of penalty and the held-out comparison mean
 * nothing. Salesforce Einstein asks for 1,000 leads and 120 conversions; below that the result carries a warning.
 */
export const MIN_LEADS = 200;
export const MIN_EACH_OUTCOME = 40;
export const CONFIDENT_LEADS = 1_000;
export const CONFIDENT_CONVERSIONS = 120;
/** The simplest model whose cross-validated AUC is within this of the best is chosen (fewer, steadier points). */
export const AUC_TOLERANCE = 0.002;
/**
 * Penalties tried run from the smallest that keeps every rule at 0 down to a hundredth of it: below that the
 * rules' points barely move (measured: cross-validated AUC within 0.001) while the fits get slower.
 */
export const LAMBDA_RATIO = 1e-2;

export class TooFewLeadsError extends Error {}

export interface SuggestOptions {
	seed: number;
	/** Share of leads held out to compare the suggested and the current model. */
	holdOut: number;
	folds: number;
	/** 1: L1 only (fewest rules), 0: L2 only (every rule, shrunk), between: both. */
	alpha: number;
	lambdaCount: number;
	/** Points per doubling of the odds to convert. */
	pointsPerDoubling: number;
	candidates: CandidateOptions;
	bands: number;
	target?: StageTarget;
	modelName?: string;
}

export interface SuggestedRule {
	id: string;
	label: string;
	kind: 'fit' | 'engagement';
	/** Points per occurrence for a counted event; points for the rule otherwise. */
	points: number;
	maxOccurrences?: number;
	support: number;
	supportShare: number;
	conversionWith: number;
	lift: number;
}

export function suggestModel(current: CompiledModel, ladder: CompiledLadder, leads: readonly HistoricalLead[], types: EventTypes, options: SuggestOptions) {
	const warnings: string[] = [];
	const counts = leadCounts(leads);
	checkClasses(counts, 0, warnings);
	const notConverted = counts.total - counts.converted;
	if (counts.total < MIN_LEADS || counts.converted < MIN_EACH_OUTCOME || notConverted < MIN_EACH_OUTCOME) {
		throw new TooFewLeadsError(
			`Too few leads to learn from: ${counts.total} leads, ${counts.converted} converted, ${notConverted} not. Suggesting points needs at least ${MIN_LEADS} leads and ${MIN_EACH_OUTCOME} of each outcome, so that the held-out part and each cross-validation part hold 10 conversions or more; use Evaluate to backtest a model on fewer.`,
		);
	}
	if (counts.total < CONFIDENT_LEADS || counts.converted < CONFIDENT_CONVERSIONS) {
		warnings.push(
			`${counts.total} leads and ${counts.converted} conversions: points learned from fewer than ${CONFIDENT_LEADS} leads and ${CONFIDENT_CONVERSIONS} conversions are rough; compare the held-out AUCs before adopting them.`,
		);
	}
	const n = leads.length;
	const y = Uint8Array.from(leads, (l) => l.y);
	const held = stratifiedHoldOut(y, options.holdOut, options.seed);
	const training = held.map((h) => 1 - h);
	const { candidates, matrix } = buildFeatures(
		{ leads: leads.map((l) => l.lead), events: leads.map((l) => l.events), types, y, training, eventsPath: current.paths.events.source },
		options.candidates,
	);
	if (candidates.length === 0) {
		throw new TooFewLeadsError(
			`No candidate rule has ${options.candidates.minSupport} or more training leads on both sides: the leads have no field value or event shared by enough of them. Lower Minimum Support, or add fields and events to the leads.`,
		);
	}
	const scale = Float64Array.from(candidates, (c) => 1 / c.cap);

	// Cross-validation on the training part chooses the penalty; the held-out part is never looked at.
	const fold = stratifiedFolds(y, options.folds, options.seed + 1);
	const lambdas = lambdaPath(lambdaMax(matrix, scale, y, training, options.alpha), options.lambdaCount, LAMBDA_RATIO);
	const cvAuc = new Float64Array(lambdas.length);
	for (let f = 0; f < options.folds; f++) {
		const use = training.map((t, i) => (t && fold[i] !== f ? 1 : 0));
		const validation = [...training.keys()].filter((i) => training[i] && fold[i] === f);
		const vy = validation.map((i) => y[i]);
		fitPath(matrix, scale, y, use, lambdas, options.alpha, (fit, k) => {
			cvAuc[k] += auc(validation.map((i) => fit.eta[i]), vy) / options.folds;
		});
	}
	const best = Math.max(...cvAuc);
	const chosen = cvAuc.findIndex((a) => a >= best - AUC_TOLERANCE);
	let final: PathFit | undefined;
	fitPath(matrix, scale, y, training, lambdas.slice(0, chosen + 1), options.alpha, (fit) => {
		final = fit;
	});
	const fit = final as PathFit;

	// Points: log-odds times pointsPerDoubling / ln 2, per occurrence for counted events, rounded to whole points.
	const perPoint = options.pointsPerDoubling / Math.LN2;
	const points = Array.from(fit.weights, (w, j) => Math.round(w * scale[j] * perPoint) + 0);
	const kept = candidates.map((c, j) => ({ c, j, points: points[j] })).filter((r) => r.points !== 0);
	const dropped = candidates.filter((_, j) => fit.weights[j] !== 0 && points[j] === 0).length;

	// Training scores from the matrix (the same sums Score Lead makes), for grades, levels and thresholds.
	const fit_ = new Float64Array(n);
	const engagement = new Float64Array(n);
	for (const { c, j, points: p } of kept) {
		const target = c.kind === 'fit' ? fit_ : engagement;
		for (let k = matrix.colPtr[j]; k < matrix.colPtr[j + 1]; k++) target[matrix.rowIdx[k]] += p * matrix.values[k];
	}
	const trainIdx = [...training.keys()].filter((i) => training[i]);
	const heldIdx = [...held.keys()].filter((i) => held[i]);
	const trainingScores = trainIdx.map((i) => fit_[i] + engagement[i]);

	const model = {
		name: options.modelName || `${current.model.name} (tuned)`,
		version: '1',
		description: `Learned from ${trainIdx.length} leads (${counts.scoredFrom.slice(0, 10)} to ${counts.scoredTo.slice(0, 10)}), ${options.pointsPerDoubling} points per doubling of the odds to convert, seed ${options.seed}.`,
		fields: current.model.fields,
		grades: bandsOf(trainIdx.map((i) => fit_[i]), ['A', 'B', 'C', 'D']).map(([grade, minFit]) => ({ grade, minFit })),
		engagementLevels: bandsOf(trainIdx.map((i) => engagement[i]), ['1', '2', '3', '4']).map(([level, minEngagement]) => ({ level, minEngagement })),
		decimals: 0,
		fitRules: kept.filter((r) => r.c.kind === 'fit').map(({ c, points: p }) => ({ id: c.id, label: c.label, points: p, when: c.when })),
		engagementRules: kept
			.filter((r) => r.c.kind === 'engagement')
			.map(({ c, points: p }) => ({ id: c.id, label: c.label, points: p, decay: 'none' as const, ...c.engagement })),
	};
	const compiled = compileModel(model);

	// The held-out leads are scored by Score Lead itself: the figures are those of the model as it will run.
	const heldScores = heldIdx.map((i) => scoreLead(compiled, leads[i].lead, { asOf: leads[i].cutoff }).score);
	const mismatches = heldIdx.filter((i, k) => heldScores[k] !== fit_[i] + engagement[i]).length;
	if (mismatches > 0) warnings.push(`${mismatches} held-out leads score differently in Score Lead than in the fit (a field changed type?); the figures use Score Lead's scores.`);
	const heldY = heldIdx.map((i) => y[i]);
	const heldConverted = heldY.reduce((a, b) => a + b, 0);
	const suggestedAuc = auc(heldScores, heldY);
	const currentAuc = auc(heldIdx.map((i) => leads[i].score), heldY);
	const curve = fitScoreCurve(trainingScores, trainIdx.map((i) => y[i]));
	const heldOutcomes: Outcomes = { scores: heldScores, y: heldY };
	const bands = scoreBands(heldOutcomes, options.bands);
	const trainingOutcomes: Outcomes = { scores: trainingScores, y: trainIdx.map((i) => y[i]) };
	const stageThresholds = mapThresholds(
		ladder,
		trainIdx.map((i) => leads[i].score),
		trainingScores,
	);
	let target: ThresholdSuggestion | undefined;
	if (options.target) {
		target = suggestThreshold(trainingOutcomes, ladder, options.target, counts.weeks * (trainIdx.length / n), scoreBands(trainingOutcomes, options.bands), warnings);
		const entry = stageThresholds.find((s) => s.stage === target?.stage);
		if (entry && target.suggested) entry.minTotal = target.suggested.minScore;
	}
	const rate = trainingRate(trainIdx, y);
	const rules: SuggestedRule[] = kept.map(({ c, points: p }) => ruleRow(c, p, trainIdx.length, rate));
	return {
		report: {
			operation: 'suggest' as const,
			model: { name: current.model.name, version: current.model.version, hash: current.hash },
			suggestedModel: model,
			suggestedModelHash: compiled.hash,
			leads: { ...counts, training: trainIdx.length, heldOut: heldIdx.length, heldOutConverted: heldConverted },
			heldOut: {
				suggestedAuc: round(suggestedAuc, 4),
				currentAuc: round(currentAuc, 4),
				improvement: round(suggestedAuc - currentAuc, 4),
				suggestedAucInterval: aucInterval(suggestedAuc, heldConverted, heldIdx.length - heldConverted).map((v) => round(v, 4)),
				currentAucInterval: aucInterval(currentAuc, heldConverted, heldIdx.length - heldConverted).map((v) => round(v, 4)),
				bands,
			},
			rules,
			scale: {
				pointsPerDoubling: options.pointsPerDoubling,
				scoreCurve: { intercept: round(curve[0], 4), slope: round(curve[1], 6) },
				examples: exampleScores(trainingScores).map((score) => ({ score, expectedRate: round(1 / (1 + Math.exp(-(curve[0] + curve[1] * score))), 4) })),
			},
			fitting: {
				method: options.alpha === 1 ? 'L1' : options.alpha === 0 ? 'L2' : `L1 and L2 (alpha ${options.alpha})`,
				seed: options.seed,
				folds: options.folds,
				candidates: candidates.length,
				rulesKept: kept.length,
				rulesRoundedToZero: dropped,
				lambdas: lambdas.map((lambda, k) => ({ lambda: Number(lambda.toPrecision(4)), crossValidatedAuc: round(cvAuc[k], 4) })),
				chosenLambda: Number(lambdas[chosen].toPrecision(4)),
			},
			thresholds: { stages: stageThresholds, target },
			warnings,
		},
		compiled,
		heldOut: held,
		heldOutScores: heldScores,
		gain: { current: heldIdx.map((i) => leads[i].score), suggested: heldScores, y: heldY },
	};
}

function trainingRate(trainIdx: readonly number[], y: Uint8Array): number {
	let c = 0;
	for (const i of trainIdx) c += y[i];
	return c / trainIdx.length;
}

function ruleRow(c: Candidate, points: number, trainingLeads: number, rate: number): SuggestedRule {
	const withRate = c.converted / c.support;
	const row: SuggestedRule = {
		id: c.id,
		label: c.label,
		kind: c.kind,
		points,
		support: c.support,
		supportShare: round(c.support / trainingLeads, 4),
		conversionWith: round(withRate, 4),
		lift: round(withRate / rate, 2),
	};
	if (c.engagement && c.cap > 1) row.maxOccurrences = c.cap;
	return row;
}

/** Band floors at the 75th, 50th and 25th percentile and the minimum, strictly descending, renamed in order. */
function bandsOf(values: number[], names: string[]): Array<[string, number]> {
	const sorted = [...values].sort((a, b) => a - b);
	const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
	const floors = [at(0.75), at(0.5), at(0.25), sorted[0]].filter((v, k, all) => k === 0 || v < all[k - 1]);
	return floors.map((v, k) => [names[k], v]);
}

/** A few round scores across the training range, to read the score curve as rates. */
function exampleScores(scores: number[]): number[] {
	const sorted = [...scores].sort((a, b) => a - b);
	return [...new Set([0.1, 0.5, 0.9, 0.99].map((q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]))];
}

/**
 * Each stage's entry on the new scale keeps the share of training leads it holds today: a stage that took the top
 * 12% of leads under the current model takes about the top 12% under the suggested one. Entries stay increasing.
 */
function mapThresholds(ladder: CompiledLadder, currentScores: number[], suggestedScores: number[]) {
	const sorted = [...suggestedScores].sort((a, b) => b - a);
	const out: Array<{ stage: string; currentMinTotal: number; share: number; minTotal: number }> = [];
	let previous = Number.NEGATIVE_INFINITY;
	for (const stage of ladder.stages) {
		if (stage.minTotal === undefined) continue;
		const share = currentScores.filter((s) => s >= (stage.minTotal as number)).length / currentScores.length;
		let minTotal = share === 0 ? sorted[0] + 1 : sorted[Math.max(0, Math.ceil(share * sorted.length) - 1)];
		if (minTotal <= previous) minTotal = previous + 1;
		previous = minTotal;
		out.push({ stage: stage.name, currentMinTotal: stage.minTotal, share: round(share, 4), minTotal });
	}
	return out;
}

export type SuggestionReport = ReturnType<typeof suggestModel>['report'];
