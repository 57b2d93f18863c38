/**
 * The figures a backtest reports, computed from scores and outcomes only (no model, no n8n): ROC AUC with ties,
 * bands by score with lift and gain, conversion per group, stage thresholds for a target, and calibration.
 */

export const round = (n: number, decimals: number): number => {
	const f = 10 ** decimals;
	return Math.round(n * f) / f + 0;
};

/** Leads ordered best score first; ties keep input order (the order never changes a figure, ties are grouped). */
function byScoreDescending(scores: ArrayLike<number>): Int32Array {
	const order = Int32Array.from({ length: scores.length }, (_, i) => i);
	return order.sort((a, b) => scores[b] - scores[a] || a - b);
}

/**
 * ROC AUC: the chance that a converted lead scores above a lead that did not convert, a tie counting half
 * (Mann-Whitney with mid-ranks). NaN when either class is missing.
 */
export function auc(scores: ArrayLike<number>, y: ArrayLike<number>): number {
	const order = byScoreDescending(scores);
	let positives = 0;
	let negatives = 0;
	for (let i = 0; i < y.length; i++) {
		if (y[i] === 1) positives++;
		else negatives++;
	}
	if (positives === 0 || negatives === 0) return Number.NaN;
	// Walking from the best score down, each negative is beaten by every positive above it, and ties with the
	// positives of its own score group for half.
	let positivesAbove = 0;
	let wins = 0;
	for (let start = 0; start < order.length; ) {
		let end = start;
		let groupPositives = 0;
		let groupNegatives = 0;
		while (end < order.length && scores[order[end]] === scores[order[start]]) {
			if (y[order[end]] === 1) groupPositives++;
			else groupNegatives++;
			end++;
		}
		wins += groupNegatives * (positivesAbove + groupPositives / 2);
		positivesAbove += groupPositives;
		start = end;
	}
	return wins / (positives * negatives);
}

/** A 95% interval for an AUC (Hanley and McNeil, 1982): how far chance alone could move it with this many leads. */
export function aucInterval(value: number, positives: number, negatives: number): [number, number] {
	if (!Number.isFinite(value) || positives === 0 || negatives === 0) return [Number.NaN, Number.NaN];
	const q1 = value / (2 - value);
	const q2 = (2 * value * value) / (1 + value);
	const variance =
		(value * (1 - value) + (positives - 1) * (q1 - value * value) + (negatives - 1) * (q2 - value * value)) / (positives * negatives);
	const half = 1.96 * Math.sqrt(Math.max(variance, 0));
	return [Math.max(0, value - half), Math.min(1, value + half)];
}

export interface Outcomes {
	readonly scores: ArrayLike<number>;
	readonly y: ArrayLike<number>;
	/** Revenue of each lead (0 when unknown or not converted). */
	readonly revenue?: ArrayLike<number>;
}

export interface GroupStats {
	leads: number;
	converted: number;
	conversionRate: number;
	/** Conversion rate of the group divided by the overall rate: 2 means twice as likely as the average lead. */
	lift: number;
	revenue?: number;
	revenuePerLead?: number;
}

export interface Band extends GroupStats {
	/** 1 is the best-scored band. */
	band: number;
	minScore: number;
	maxScore: number;
	/** Share of all leads in this band and the bands above it. */
	cumulativeLeadShare: number;
	/** Share of all conversions found in this band and the bands above it (the gain curve). */
	cumulativeConversionShare: number;
}

function stats(leads: number, converted: number, revenue: number | undefined, overallRate: number): GroupStats {
	const rate = leads === 0 ? 0 : converted / leads;
	const out: GroupStats = {
		leads,
		converted,
		conversionRate: round(rate, 4),
		lift: overallRate === 0 ? 0 : round(rate / overallRate, 2),
	};
	if (revenue !== undefined) {
		out.revenue = round(revenue, 2);
		out.revenuePerLead = leads === 0 ? 0 : round(revenue / leads, 2);
	}
	return out;
}

function overall(o: Outcomes): { leads: number; converted: number; rate: number } {
	let converted = 0;
	for (let i = 0; i < o.y.length; i++) converted += o.y[i];
	return { leads: o.y.length, converted, rate: o.y.length === 0 ? 0 : converted / o.y.length };
}

/**
 * Splits leads into about `count` bands of equal size, best scores first. Leads with the same score always share a
 * band (a band grows past its size to take all ties), so there may be fewer bands than asked.
 */
export function scoreBands(o: Outcomes, count: number): Band[] {
	const order = byScoreDescending(o.scores);
	const total = overall(o);
	const bands: Band[] = [];
	let taken = 0;
	let convertedAbove = 0;
	while (taken < order.length) {
		const target = Math.round(((bands.length + 1) * order.length) / count);
		let end = Math.max(target, taken + 1);
		while (end < order.length && o.scores[order[end]] === o.scores[order[end - 1]]) end++;
		let converted = 0;
		let revenue = 0;
		for (let k = taken; k < end; k++) {
			converted += o.y[order[k]];
			if (o.revenue) revenue += o.revenue[order[k]];
		}
		convertedAbove += converted;
		bands.push({
			band: bands.length + 1,
			minScore: o.scores[order[end - 1]],
			maxScore: o.scores[order[taken]],
			...stats(end - taken, converted, o.revenue ? revenue : undefined, total.rate),
			cumulativeLeadShare: round(end / order.length, 4),
			cumulativeConversionShare: total.converted === 0 ? 0 : round(convertedAbove / total.converted, 4),
		});
		taken = end;
	}
	return bands;
}

/** Conversion, lift and revenue per group (grade, stage), in the order of `order` and then as first seen. */
export function groupStats(o: Outcomes, groupOf: (i: number) => string, order: readonly string[] = []): Array<GroupStats & { group: string }> {
	const total = overall(o);
	const acc = new Map<string, { leads: number; converted: number; revenue: number }>(order.map((g) => [g, { leads: 0, converted: 0, revenue: 0 }]));
	for (let i = 0; i < o.y.length; i++) {
		const g = groupOf(i);
		let a = acc.get(g);
		if (!a) acc.set(g, (a = { leads: 0, converted: 0, revenue: 0 }));
		a.leads++;
		a.converted += o.y[i];
		if (o.revenue) a.revenue += o.revenue[i];
	}
	return [...acc].map(([group, a]) => ({ group, ...stats(a.leads, a.converted, o.revenue ? a.revenue : undefined, total.rate) }));
}

export interface ThresholdRow {
	/** Leads scoring at least this. */
	minScore: number;
	leads: number;
	converted: number;
	conversionRate: number;
	/** Share of all conversions among them. */
	conversionShare: number;
	/** How many leads a week would reach it, over the weeks the history covers. */
	leadsPerWeek?: number;
}

export type ThresholdTarget = { conversionRate: number } | { leadsPerWeek: number; weeks: number };

/**
 * Every distinct score as a candidate entry threshold, best first, with what a stage starting there would hold.
 * The suggestion is the lowest threshold that meets the target: for a conversion rate, the most leads whose rate
 * is still at least the target; for a capacity, the most leads that stay within it. Undefined when none does.
 */
export function thresholds(o: Outcomes, target: ThresholdTarget): { rows: ThresholdRow[]; suggested?: ThresholdRow } {
	const order = byScoreDescending(o.scores);
	const total = overall(o);
	const weeks = 'weeks' in target ? target.weeks : undefined;
	const rows: ThresholdRow[] = [];
	let converted = 0;
	for (let k = 0; k < order.length; k++) {
		converted += o.y[order[k]];
		if (k + 1 < order.length && o.scores[order[k + 1]] === o.scores[order[k]]) continue;
		const leads = k + 1;
		const row: ThresholdRow = {
			minScore: o.scores[order[k]],
			leads,
			converted,
			conversionRate: round(converted / leads, 4),
			conversionShare: total.converted === 0 ? 0 : round(converted / total.converted, 4),
		};
		if (weeks !== undefined) row.leadsPerWeek = round(leads / weeks, 1);
		rows.push(row);
	}
	let suggested: ThresholdRow | undefined;
	for (const row of rows) {
		const meets = 'conversionRate' in target ? row.converted / row.leads >= target.conversionRate : row.leads / target.weeks <= target.leadsPerWeek;
		if (meets) suggested = row;
	}
	return { rows, suggested };
}

/**
 * A logistic curve from score to conversion, fitted by Newton's method on (intercept, slope): what a score
 * "means" as a chance to convert. Returns [intercept, slope].
 */
export function fitScoreCurve(scores: ArrayLike<number>, y: ArrayLike<number>): [number, number] {
	const n = y.length;
	let mean = 0;
	for (let i = 0; i < n; i++) mean += scores[i] / n;
	let sd = 0;
	for (let i = 0; i < n; i++) sd += (scores[i] - mean) ** 2 / n;
	sd = Math.sqrt(sd) || 1;
	let a = 0;
	let b = 0;
	// Fitted on standardised scores (well conditioned), with a tiny ridge so separable data still converges.
	for (let iter = 0; iter < 50; iter++) {
		let ga = 0, gb = 0, haa = 1e-6, hab = 0, hbb = 1e-6;
		for (let i = 0; i < n; i++) {
			const x = (scores[i] - mean) / sd;
			const p = 1 / (1 + Math.exp(-(a + b * x)));
			const w = p * (1 - p);
			ga += y[i] - p;
			gb += (y[i] - p) * x;
			haa += w;
			hab += w * x;
			hbb += w * x * x;
		}
		gb -= 1e-6 * b;
		const det = haa * hbb - hab * hab;
		const da = (hbb * ga - hab * gb) / det;
		const db = (haa * gb - hab * ga) / det;
		a += da;
		b += db;
		if (Math.abs(da) + Math.abs(db) < 1e-10) break;
	}
	return [a - (b * mean) / sd, b / sd];
}

export interface CalibrationRow {
	band: number;
	minScore: number;
	maxScore: number;
	leads: number;
	/** The conversion rate the score curve expects for these leads. */
	expectedRate: number;
	observedRate: number;
}

/** Expected (from the score curve) against observed conversion per score band. */
export function calibration(o: Outcomes, curve: [number, number], count: number): CalibrationRow[] {
	const order = byScoreDescending(o.scores);
	const rows: CalibrationRow[] = [];
	let start = 0;
	for (const band of scoreBands(o, count)) {
		let expected = 0;
		for (let k = start; k < start + band.leads; k++) expected += 1 / (1 + Math.exp(-(curve[0] + curve[1] * o.scores[order[k]])));
		rows.push({
			band: band.band,
			minScore: band.minScore,
			maxScore: band.maxScore,
			leads: band.leads,
			expectedRate: round(expected / band.leads, 4),
			observedRate: band.conversionRate,
		});
		start += band.leads;
	}
	return rows;
}

/** How many pairs of bands convert in the wrong order (a lower band above a higher one): 0 for a clean ranking. */
export function bandInversions(bands: readonly Band[]): number {
	let inversions = 0;
	for (let a = 0; a < bands.length; a++) {
		for (let b = a + 1; b < bands.length; b++) if (bands[b].conversionRate > bands[a].conversionRate) inversions++;
	}
	return inversions;
}
