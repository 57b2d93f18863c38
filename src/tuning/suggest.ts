import { canonicalJson, compileModel, scoreLead, type CompiledModel } from '../scoring';
import type { CompiledLadder, CompiledStage } from '../stages';
import { buildFeatures, fieldWords, type Candidate, type CandidateOptions, type EventTypes, type FeatureMatrix, type FieldSignal } from './features';
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
/**
 * A field whose values alone rank the training leads at this AUC or above "separates the outcomes almost
 * perfectly": a field filled in once the deal was decided, most likely (the docs call above 0.9 rare).
 */
export const LEAK_AUC = 0.9;
/** Words in a field's name that say it is written once sales has worked the lead. */
export const LEAK_NAME = /(^|[^a-z])(stage|status|won|closed|lost|outcome)([^a-z]|$)/;

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
	/** The field holding the outcome: never learned from, whatever `candidates.exclude` says. */
	outcomeField: string;
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

export function suggestModel(current: CompiledModel, ladder: CompiledLadder, input: readonly HistoricalLead[], types: EventTypes, options: SuggestOptions) {
	const warnings: string[] = [];
	const counts = leadCounts(input);
	checkClasses(counts, 0, warnings);
	const notConverted = counts.total - counts.converted;
	if (counts.total < MIN_LEADS || counts.converted < MIN_EACH_OUTCOME || notConverted < MIN_EACH_OUTCOME) {
		throw new TooFewLeadsError(
			`Too few leads to learn from: ${counts.total} leads, ${counts.converted} converted, ${notConverted} not. Suggesting points needs at least ${MIN_LEADS} leads and ${MIN_EACH_OUTCOME} of each outcome, so that the held-out part and each cross-validation part hold 10 conversions or more; use Evaluate to backtest a model on fewer.`,
		);
	}
	const short = [
		...(counts.total < CONFIDENT_LEADS ? [`${counts.total} leads (fewer than ${CONFIDENT_LEADS})`] : []),
		...(counts.converted < CONFIDENT_CONVERSIONS ? [`${counts.converted} conversions (fewer than ${CONFIDENT_CONVERSIONS})`] : []),
	];
	if (short.length > 0) {
		warnings.push(`Only ${short.join(' and ')}: points learned from so few are rough; compare the held-out AUCs before adopting them.`);
	}
	// The same leads in any order are learned in one order (the text of each lead, keys sorted): the split, the
	// folds and the candidates' order follow from the leads and the seed alone. order[k] is the input index.
	const keys = input.map((l) => canonicalJson(l.lead));
	const order = Int32Array.from(input.keys()).sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : 0));
	const leads = Array.from(order, (i) => input[i]);
	const n = leads.length;
	const y = Uint8Array.from(leads, (l) => l.y);
	const held = stratifiedHoldOut(y, options.holdOut, options.seed);
	const training = held.map((h) => 1 - h);
	const exclude = [...new Set([...options.candidates.exclude, options.outcomeField])];
	const { candidates, matrix, signals } = buildFeatures(
		{ leads: leads.map((l) => l.lead), events: leads.map((l) => l.events), types, y, training, eventsPath: current.paths.events.source },
		{ ...options.candidates, exclude },
	);
	if (candidates.length === 0) {
		throw new TooFewLeadsError(
			`No candidate rule has ${options.candidates.minSupport} or more training leads on both sides: the leads have no field value or event shared by enough of them. Lower Minimum Support, or add fields and events to the leads.`,
		);
	}
	const leaks = leakSuspects(signals);
	for (const leak of leaks) warnings.push(leak.message);
	const scale = Float64Array.from(candidates, (c) => 1 / c.cap);
	const signs = Int8Array.from(candidates, (c) => c.sign ?? 0);

	// Cross-validation on the training part chooses the penalty; the held-out part is never looked at.
	const fold = stratifiedFolds(y, options.folds, options.seed + 1);
	const lambdas = lambdaPath(lambdaMax(matrix, scale, y, training, options.alpha), options.lambdaCount, LAMBDA_RATIO);
	const cvAuc = new Float64Array(lambdas.length);
	for (let f = 0; f < options.folds; f++) {
		const use = training.map((t, i) => (t && fold[i] !== f ? 1 : 0));
		const validation = [...training.keys()].filter((i) => training[i] && fold[i] === f);
		const vy = validation.map((i) => y[i]);
		fitPath(
			matrix,
			scale,
			y,
			use,
			lambdas,
			options.alpha,
			(fit, k) => {
				cvAuc[k] += auc(validation.map((i) => fit.eta[i]), vy) / options.folds;
			},
			signs,
		);
	}
	const best = Math.max(...cvAuc);
	const chosen = cvAuc.findIndex((a) => a >= best - AUC_TOLERANCE);
	const path = lambdas.slice(0, chosen + 1);
	const perPoint = options.pointsPerDoubling / Math.LN2;
	// The held-out figures are those of the fit on the training leads (an honest estimate for new leads); the
	// suggestion is then refitted with the same penalty on every lead, held-out ones included.
	const trained = pointsOf(lastFit(matrix, scale, y, training, path, options.alpha, signs), scale, perPoint);
	const all = new Uint8Array(n).fill(1);
	const refitted = pointsOf(lastFit(matrix, scale, y, all, path, options.alpha, signs), scale, perPoint);
	const trainedSums = sums(matrix, candidates, trained.points);
	const finalSums = sums(matrix, candidates, refitted.points);

	const trainIdx = [...training.keys()].filter((i) => training[i]);
	const heldIdx = [...held.keys()].filter((i) => held[i]);
	const allIdx = [...y.keys()];
	const finalScores = allIdx.map((i) => finalSums.fit[i] + finalSums.engagement[i]);

	const modelOf = (points: Int32Array, name: string, fitOn: number[]) => {
		const kept = candidates.map((c, j) => ({ c, points: points[j] })).filter((r) => r.points !== 0);
		const s = sums(matrix, candidates, points);
		return {
			name,
			version: '1',
			description: `Learned from ${fitOn.length} leads (${counts.scoredFrom.slice(0, 10)} to ${counts.scoredTo.slice(0, 10)}), ${options.pointsPerDoubling} points per doubling of the odds to convert, seed ${options.seed}.`,
			fields: current.model.fields,
			grades: bandsOf(fitOn.map((i) => s.fit[i]), ['A', 'B', 'C', 'D']).map(([grade, minFit]) => ({ grade, minFit })),
			engagementLevels: bandsOf(fitOn.map((i) => s.engagement[i]), ['1', '2', '3', '4']).map(([level, minEngagement]) => ({ level, minEngagement })),
			decimals: 0,
			fitRules: kept.filter((r) => r.c.kind === 'fit').map(({ c, points: p }) => ({ id: c.id, label: c.label, points: p, when: c.when })),
			engagementRules: kept
				.filter((r) => r.c.kind === 'engagement')
				.map(({ c, points: p }) => ({ id: c.id, label: c.label, points: p, decay: 'none' as const, ...c.engagement })),
		};
	};
	const name = options.modelName || `${current.model.name} (tuned)`;
	const model = modelOf(refitted.points, name, allIdx);
	const compiled = compileModel(model);
	const trainedModel = compileModel(modelOf(trained.points, name, trainIdx));

	// The held-out leads are scored by Score Lead itself: the figures are those of the model as it will run.
	const heldScores = heldIdx.map((i) => scoreLead(trainedModel, leads[i].lead, { asOf: leads[i].cutoff }).score);
	const mismatches =
		heldIdx.filter((i, k) => heldScores[k] !== trainedSums.fit[i] + trainedSums.engagement[i]).length +
		heldIdx.filter((i) => scoreLead(compiled, leads[i].lead, { asOf: leads[i].cutoff }).score !== finalScores[i]).length;
	if (mismatches > 0) warnings.push(`${mismatches} held-out leads score differently in Score Lead than in the fit (a field changed type?); the figures use Score Lead's scores.`);
	const heldY = heldIdx.map((i) => y[i]);
	const heldConverted = heldY.reduce((a, b) => a + b, 0);
	const suggestedAuc = auc(heldScores, heldY);
	const heldCurrent = heldIdx.map((i) => leads[i].score);
	const currentAuc = auc(heldCurrent, heldY);
	// A model that gives every lead one score ranks nothing: its AUC of 0.5 is no yardstick.
	const currentRanks = heldCurrent.some((s) => s !== heldCurrent[0]);
	if (!currentRanks) {
		warnings.push(
			`The current model gives every held-out lead the same score (${heldCurrent[0]}): it ranks nothing, so there is no comparison; judge the suggestion by its own held-out AUC.`,
		);
	}
	const y_ = Array.from(y);
	const curve = fitScoreCurve(finalScores, y_);
	const heldOutcomes: Outcomes = { scores: heldScores, y: heldY };
	const bands = scoreBands(heldOutcomes, options.bands);
	const outcomes: Outcomes = { scores: finalScores, y: y_ };
	const stages = ladder.stages.filter((stage) => stage.minTotal !== undefined);
	let target: ThresholdSuggestion | undefined;
	if (options.target) target = suggestThreshold(outcomes, ladder, options.target, counts.weeks, scoreBands(outcomes, options.bands), warnings);
	const stageThresholds = stageEntries(stages, leads.map((l) => l.score), finalScores, target?.suggested ? { stage: target.stage, minTotal: target.suggested.minScore } : undefined, warnings);
	if (options.target && target && !target.suggested && stages.some((s) => s.name === target?.stage)) {
		warnings.push(`${target.stage}'s suggested entry keeps its share of leads instead of the target.`);
	}
	const rate = counts.converted / n;
	const kept = candidates.map((c, j) => ({ c, j, points: refitted.points[j] })).filter((r) => r.points !== 0);
	const rules: SuggestedRule[] = kept.map(({ c, j, points: p }) => ruleRow(c, p, columnSupport(matrix, j, y), n, rate));
	// Results per input lead, in the order the leads came.
	const inputHeld = new Uint8Array(n);
	order.forEach((i, k) => (inputHeld[i] = held[k]));
	const heldScoreOf = new Map(heldIdx.map((k, m) => [order[k], heldScores[m]]));
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
				/** Null when the current model ranks nothing (one score for every lead): the comparison is empty. */
				improvement: currentRanks ? round(suggestedAuc - currentAuc, 4) : null,
				comparison: currentRanks ? ('made' as const) : ('empty' as const),
				suggestedAucInterval: aucInterval(suggestedAuc, heldConverted, heldIdx.length - heldConverted).map((v) => round(v, 4)),
				currentAucInterval: aucInterval(currentAuc, heldConverted, heldIdx.length - heldConverted).map((v) => round(v, 4)),
				bands,
			},
			rules,
			leakSuspects: leaks.map(({ field, auc: a, byName }) => ({ field, auc: a, byName })),
			scale: {
				pointsPerDoubling: options.pointsPerDoubling,
				scoreCurve: { intercept: round(curve[0], 4), slope: round(curve[1], 6) },
				examples: exampleScores(finalScores).map((score) => ({ score, expectedRate: round(1 / (1 + Math.exp(-(curve[0] + curve[1] * score))), 4) })),
			},
			fitting: {
				method: options.alpha === 1 ? 'L1' : options.alpha === 0 ? 'L2' : `L1 and L2 (alpha ${options.alpha})`,
				seed: options.seed,
				folds: options.folds,
				candidates: candidates.length,
				rulesKept: kept.length,
				rulesRoundedToZero: refitted.roundedAway,
				rulesKeptOnTrainingLeads: trained.points.filter((p) => p !== 0).length,
				refittedOn: n,
				lambdas: lambdas.map((lambda, k) => ({ lambda: Number(lambda.toPrecision(4)), crossValidatedAuc: round(cvAuc[k], 4) })),
				chosenLambda: Number(lambdas[chosen].toPrecision(4)),
			},
			thresholds: { stages: stageThresholds, target },
			warnings,
		},
		compiled,
		/** 1 for each input lead (in input order) held out of the training fit. */
		heldOut: inputHeld,
		/** Held-out leads' scores by the training fit, in input order. */
		heldOutScores: [...heldScoreOf.keys()].sort((a, b) => a - b).map((i) => heldScoreOf.get(i) as number),
		gain: { current: heldCurrent, suggested: heldScores, y: heldY },
	};
}

function lastFit(matrix: FeatureMatrix, scale: Float64Array, y: Uint8Array, use: Uint8Array, path: number[], alpha: number, signs: Int8Array): PathFit {
	let last: PathFit | undefined;
	fitPath(matrix, scale, y, use, path, alpha, (fit) => {
		last = fit;
	}, signs);
	return last as PathFit;
}

/** Points: log-odds times pointsPerDoubling / ln 2, per occurrence for counted events, rounded to whole points. */
function pointsOf(fit: PathFit, scale: Float64Array, perPoint: number): { points: Int32Array; roundedAway: number } {
	const points = Int32Array.from(fit.weights, (w, j) => Math.round(w * scale[j] * perPoint));
	return { points, roundedAway: points.filter((p, j) => p === 0 && fit.weights[j] !== 0).length };
}

/** Each lead's fit and engagement score from the matrix: the same sums Score Lead makes. */
function sums(matrix: FeatureMatrix, candidates: readonly Candidate[], points: Int32Array): { fit: Float64Array; engagement: Float64Array } {
	const fit = new Float64Array(matrix.rows);
	const engagement = new Float64Array(matrix.rows);
	candidates.forEach((c, j) => {
		if (points[j] === 0) return;
		const target = c.kind === 'fit' ? fit : engagement;
		for (let k = matrix.colPtr[j]; k < matrix.colPtr[j + 1]; k++) target[matrix.rowIdx[k]] += points[j] * matrix.values[k];
	});
	return { fit, engagement };
}

function columnSupport(matrix: FeatureMatrix, j: number, y: Uint8Array): { support: number; converted: number } {
	let converted = 0;
	for (let k = matrix.colPtr[j]; k < matrix.colPtr[j + 1]; k++) converted += y[matrix.rowIdx[k]];
	return { support: matrix.colPtr[j + 1] - matrix.colPtr[j], converted };
}

/** Fields that look like they were filled in after the outcome was known: by what they predict, or by their name. */
function leakSuspects(signals: readonly FieldSignal[]): Array<{ field: string; auc: number; byName: boolean; message: string }> {
	const out: Array<{ field: string; auc: number; byName: boolean; message: string }> = [];
	for (const s of signals) {
		const separates = s.auc >= LEAK_AUC;
		const name = fieldWords(s.field).toLowerCase().match(LEAK_NAME)?.[2];
		if (!separates && !name) continue;
		const why = [
			...(separates ? [`its values alone separate converted from other leads almost perfectly (AUC ${round(s.auc, 3)} on the training leads)`] : []),
			...(name ? [`its name says "${name}", which sales usually writes once the lead is worked`] : []),
		].join(', and ');
		out.push({
			field: s.field,
			auc: round(s.auc, 4),
			byName: name !== undefined,
			message: `Field "${s.field}" may leak the outcome: ${why}. If it is filled in after first contact, add it to Known Only After Contact.`,
		});
	}
	return out;
}

function ruleRow(c: Candidate, points: number, matched: { support: number; converted: number }, leads: number, rate: number): SuggestedRule {
	const withRate = matched.converted / matched.support;
	const row: SuggestedRule = {
		id: c.id,
		label: c.label,
		kind: c.kind,
		points,
		support: matched.support,
		supportShare: round(matched.support / leads, 4),
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
 * Each stage's entry on the new scale keeps the share of leads it holds today: a stage that took the top 12% of
 * leads under the current model takes about the top 12% under the suggested one. The target stage's entry, when a
 * target set it, is placed first; the others then make way (below it for lower stages, above it for higher ones), so
 * the entries always rise stage after stage and the ladder they make is one Classify Stage accepts.
 */
export function stageEntries(
	stages: readonly CompiledStage[],
	currentScores: readonly number[],
	suggestedScores: readonly number[],
	target: { stage: string; minTotal: number } | undefined,
	warnings: string[],
) {
	const sorted = [...suggestedScores].sort((a, b) => b - a);
	const out = stages.map((stage) => {
		const share = currentScores.filter((s) => s >= (stage.minTotal as number)).length / currentScores.length;
		const minTotal = share === 0 ? sorted[0] + 1 : sorted[Math.max(0, Math.ceil(share * sorted.length) - 1)];
		return { stage: stage.name, currentMinTotal: stage.minTotal as number, share: round(share, 4), minTotal };
	});
	for (let k = 1; k < out.length; k++) out[k].minTotal = Math.max(out[k].minTotal, out[k - 1].minTotal + 1);
	const at = target ? out.findIndex((s) => s.stage === target.stage) : -1;
	if (at < 0) return out;
	const mapped = out.map((s) => s.minTotal);
	out[at].minTotal = (target as { minTotal: number }).minTotal;
	for (let k = at + 1; k < out.length; k++) out[k].minTotal = Math.max(out[k].minTotal, out[k - 1].minTotal + 1);
	for (let k = at - 1; k >= 0; k--) out[k].minTotal = Math.min(out[k].minTotal, out[k + 1].minTotal - 1);
	const moved = out.filter((s, k) => k !== at && s.minTotal !== mapped[k]);
	if (moved.length > 0) {
		warnings.push(
			`To stay in order around ${out[at].stage}'s entry for the target (${out[at].minTotal}), ${moved.map((s) => `${s.stage}'s entry moved from ${mapped[out.indexOf(s)]} to ${s.minTotal}`).join(', ')}; those stages no longer keep their share of leads.`,
		);
	}
	return out;
}

export type SuggestionReport = ReturnType<typeof suggestModel>['report'];
