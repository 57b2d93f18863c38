import type { FeatureMatrix } from './features';

/**
 * Regularised logistic regression on sparse features, by coordinate descent (the method of glmnet: Friedman,
 * Hastie and Tibshirani, 2010). Each outer step takes the quadratic approximation of the log-likelihood at the
 * current fit (iteratively reweighted least squares); the inner loop minimises it one coefficient at a time with a
 * soft threshold for the L1 part. A coefficient update touches only the leads that have the feature, so a sweep
 * costs O(non-zeros), memory stays linear in leads and features, and no dense matrix is ever built.
 *
 * Objective, over the leads in use (weight 1) with N of them:
 *   (1/N) sum logloss(y, b0 + x.b) + lambda * (alpha * |b|_1 + (1 - alpha) / 2 * |b|_2^2)
 * Features are the matrix values times `scale` (1 / cap), so every feature lies in [0, 1] and one penalty fits all.
 */

export interface PathFit {
	lambda: number;
	intercept: number;
	weights: Float64Array;
	/** The linear predictor of every lead (in use or not), for scoring held-out leads without another pass. */
	eta: Float64Array;
}

const MAX_OUTER = 30;
const MAX_SWEEPS = 300;
const INNER_TOLERANCE = 1e-9;
const OUTER_TOLERANCE = 1e-4;

/** The smallest lambda at which every coefficient is 0 (with a floor on alpha, so ridge gets a finite start). */
export function lambdaMax(X: FeatureMatrix, scale: Float64Array, y: Uint8Array, use: Uint8Array, alpha: number): number {
	let n = 0;
	let positives = 0;
	for (let i = 0; i < y.length; i++) if (use[i]) {
		n++;
		positives += y[i];
	}
	const mean = positives / n;
	let max = 0;
	for (let j = 0; j < X.cols; j++) {
		let g = 0;
		for (let k = X.colPtr[j]; k < X.colPtr[j + 1]; k++) {
			const i = X.rowIdx[k];
			if (use[i]) g += X.values[k] * scale[j] * (y[i] - mean);
		}
		max = Math.max(max, Math.abs(g) / n);
	}
	return max / Math.max(alpha, 0.05);
}

/** A path of `count` lambdas, log-spaced from lambdaMax down to lambdaMax * ratio. */
export function lambdaPath(max: number, count: number, ratio: number): number[] {
	return Array.from({ length: count }, (_, k) => max * ratio ** (k / Math.max(1, count - 1)));
}

/**
 * Fits the model at each lambda in turn (largest first), each fit starting from the previous one (warm starts), and
 * hands each fit to `visit` (which may stop the path by returning false). `signs` (1, -1 or 0 per column) keeps a
 * coefficient on one side of 0: the one-variable problem is convex, so its best value on the allowed side is 0
 * whenever the free optimum lies on the other.
 */
export function fitPath(
	X: FeatureMatrix,
	scale: Float64Array,
	y: Uint8Array,
	use: Uint8Array,
	lambdas: readonly number[],
	alpha: number,
	visit: (fit: PathFit, index: number) => boolean | void,
	signs?: Int8Array,
): void {
	const { rows: n, cols: p, colPtr, rowIdx, values } = X;
	let N = 0;
	let positives = 0;
	for (let i = 0; i < n; i++) if (use[i]) {
		N++;
		positives += y[i];
	}
	const beta = new Float64Array(p);
	let b0 = Math.log(positives / (N - positives));
	const eta = new Float64Array(n).fill(b0);
	const W = new Float64Array(n);
	const r = new Float64Array(n);
	const H = new Float64Array(p);
	const active = new Uint8Array(p);

	// The intercept moves every lead's residual and predictor; rather than touching all leads on each move, its
	// moves since the outer step began are kept in `shift`: true r_i = r[i] - W[i] * shift, true eta_i = eta[i] + shift.
	// A column's gradient then needs G[j] = sum of W x over the column, computed with H at each outer step.
	const G = new Float64Array(p);
	let shift = 0;
	let residualSum = 0;
	let weightSum = 0;
	const updateColumn = (j: number, l1: number, l2: number): number => {
		const s = scale[j];
		let g = 0;
		for (let k = colPtr[j]; k < colPtr[j + 1]; k++) g += values[k] * r[rowIdx[k]];
		g = ((g - shift * G[j]) * s) / N;
		const old = beta[j];
		const u = g + H[j] * old;
		const shrunk = u > l1 ? u - l1 : u < -l1 ? u + l1 : 0;
		let next = shrunk === 0 ? 0 : shrunk / (H[j] + l2);
		if (signs !== undefined && signs[j] * next < 0) next = 0;
		const d = next - old;
		if (d === 0) return 0;
		beta[j] = next;
		const sd = s * d;
		for (let k = colPtr[j]; k < colPtr[j + 1]; k++) {
			const i = rowIdx[k];
			const x = values[k] * sd;
			r[i] -= W[i] * x;
			eta[i] += x;
		}
		residualSum -= G[j] * d * s;
		return (H[j] + l2) * d * d;
	};
	const updateIntercept = (): number => {
		const d = weightSum > 0 ? (residualSum - shift * weightSum) / weightSum : 0;
		if (d === 0) return 0;
		b0 += d;
		shift += d;
		return (weightSum / N) * d * d;
	};
	const sweep = (all: boolean, l1: number, l2: number): number => {
		let change = 0;
		for (let j = 0; j < p; j++) {
			if (!strong[j] || (!all && !active[j])) continue;
			const c = updateColumn(j, l1, l2);
			if (c > change) change = c;
			if (beta[j] !== 0) active[j] = 1;
		}
		return Math.max(change, updateIntercept());
	};

	// Screening (the "strong rules" of Tibshirani et al., 2012, as glmnet uses them): at each penalty only the columns
	// already in the model or whose gradient at the previous solution is close to the penalty are fitted; then every
	// other column is checked against the optimality condition (its gradient within the L1 penalty, on the side its
	// sign allows) and any that fails joins them and the fit goes on. The answer is the same; the many columns that
	// stay at 0 cost one pass per penalty instead of two per reweighting step.
	const strong = new Uint8Array(p);
	const gradient = new Float64Array(p);
	const residual = new Float64Array(n);
	const computeGradients = () => {
		for (let i = 0; i < n; i++) residual[i] = use[i] ? y[i] - 1 / (1 + Math.exp(-eta[i])) : 0;
		for (let j = 0; j < p; j++) {
			let g = 0;
			for (let k = colPtr[j]; k < colPtr[j + 1]; k++) g += values[k] * residual[rowIdx[k]];
			gradient[j] = (g * scale[j]) / N;
		}
	};
	/** Whether column j's gradient pulls beyond `limit` on a side its sign allows. */
	const pull = (j: number, limit: number): boolean => {
		const g = gradient[j];
		const sign = signs === undefined ? 0 : signs[j];
		return sign >= 0 && g > limit ? true : sign <= 0 && g < -limit;
	};
	computeGradients();
	for (let l = 0; l < lambdas.length; l++) {
		const l1 = lambdas[l] * alpha;
		const l2 = lambdas[l] * (1 - alpha);
		const screen = alpha * (2 * lambdas[l] - (l === 0 ? lambdas[0] : lambdas[l - 1]));
		for (let j = 0; j < p; j++) strong[j] = beta[j] !== 0 || l1 === 0 || pull(j, screen) ? 1 : 0;
		for (;;) {
			fitStrong(l1, l2);
			computeGradients();
			let violations = 0;
			for (let j = 0; j < p; j++) {
				if (strong[j] || !pull(j, l1)) continue;
				strong[j] = 1;
				violations++;
			}
			if (violations === 0) break;
		}
		if (visit({ lambda: lambdas[l], intercept: b0, weights: beta, eta }, l) === false) return;
	}

	function fitStrong(l1: number, l2: number): void {
		for (let outer = 0; outer < MAX_OUTER; outer++) {
			for (let i = 0; i < n; i++) {
				if (!use[i]) {
					W[i] = 0;
					r[i] = 0;
					continue;
				}
				let prob = 1 / (1 + Math.exp(-eta[i]));
				prob = prob < 1e-5 ? 1e-5 : prob > 1 - 1e-5 ? 1 - 1e-5 : prob;
				W[i] = prob * (1 - prob);
				r[i] = y[i] - prob;
			}
			shift = 0;
			residualSum = 0;
			weightSum = 0;
			for (let i = 0; i < n; i++) {
				residualSum += r[i];
				weightSum += W[i];
			}
			for (let j = 0; j < p; j++) {
				if (!strong[j]) continue;
				let h = 0;
				let gw = 0;
				const s = scale[j];
				for (let k = colPtr[j]; k < colPtr[j + 1]; k++) {
					const wx = W[rowIdx[k]] * values[k];
					gw += wx;
					h += wx * values[k];
				}
				H[j] = (h * s * s) / N;
				G[j] = gw;
			}
			const before = Float64Array.from(beta);
			const b0Before = b0;
			// Active-set iterations: a full sweep finds which coefficients move; sweeps over those alone follow until
			// they settle; a last full sweep confirms nothing else wants in.
			let sweeps = 0;
			for (;;) {
				let change = sweep(true, l1, l2);
				sweeps++;
				if (change < INNER_TOLERANCE) break;
				while (change >= INNER_TOLERANCE && sweeps < MAX_SWEEPS) {
					change = sweep(false, l1, l2);
					sweeps++;
				}
				if (sweeps >= MAX_SWEEPS) break;
			}
			for (let i = 0; i < n; i++) eta[i] += shift;
			shift = 0;
			let moved = Math.abs(b0 - b0Before);
			for (let j = 0; j < p; j++) moved = Math.max(moved, Math.abs(beta[j] - before[j]));
			if (moved < OUTER_TOLERANCE) break;
		}
	}
}
