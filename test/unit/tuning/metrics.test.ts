import { auc, aucInterval, bandInversions, fitScoreCurve, groupStats, scoreBands, thresholds } from '../../../src/tuning';

describe('AUC with ties (hand-computed)', () => {
	it('counts a tie between a converted and a non-converted lead as half a win', () => {
		// Converted: 3, 2. Not: 2, 1. Pairs: (3>2) 1, (3>1) 1, (2=2) 0.5, (2>1) 1 -> 3.5 of 4.
		expect(auc([3, 2, 2, 1], [1, 1, 0, 0])).toBe(0.875);
	});

	it('is 0.5 when every score is the same, 1 for a perfect ranking and 0 for a reversed one', () => {
		expect(auc([5, 5, 5, 5], [1, 0, 1, 0])).toBe(0.5);
		expect(auc([9, 8, 2, 1], [1, 1, 0, 0])).toBe(1);
		expect(auc([1, 2, 3], [1, 0, 0])).toBe(0);
	});

	it('groups of ties on both sides', () => {
		// Converted: 4, 3, 3. Not: 4, 3, 1. 4 vs (4, 3, 1): 0.5 + 1 + 1 = 2.5; each 3 vs (4, 3, 1): 0 + 0.5 + 1 = 1.5.
		// (2.5 + 1.5 + 1.5) / 9 = 5.5 / 9.
		expect(auc([4, 4, 3, 3, 3, 1], [1, 0, 1, 1, 0, 0])).toBeCloseTo(5.5 / 9, 12);
		// Input order never matters.
		expect(auc([1, 3, 3, 4, 3, 4], [0, 0, 1, 1, 1, 0])).toBeCloseTo(5.5 / 9, 12);
	});

	it('is NaN with one class only', () => {
		expect(auc([1, 2], [1, 1])).toBeNaN();
	});

	it('Hanley-McNeil interval: AUC 0.8 with 10 and 10 leads', () => {
		// Q1 = 0.8 / 1.2 = 0.6667, Q2 = 1.28 / 1.8 = 0.7111;
		// var = (0.16 + 9 * (0.6667 - 0.64) + 9 * (0.7111 - 0.64)) / 100 = (0.16 + 0.24 + 0.64) / 100 = 0.0104
		const [lo, hi] = aucInterval(0.8, 10, 10);
		expect(lo).toBeCloseTo(0.8 - 1.96 * Math.sqrt(0.0104), 4);
		expect(hi).toBeCloseTo(0.8 + 1.96 * Math.sqrt(0.0104), 4);
	});
});

describe('bands, lift and thresholds on a hand-computed table', () => {
	// Ten leads, best first. Converted: 90, 80 (one of the two), 70, 50. Overall rate 4 / 10 = 0.4.
	const scores = [90, 80, 80, 70, 60, 50, 40, 30, 20, 10];
	const y = [1, 1, 0, 1, 0, 1, 0, 0, 0, 0];
	const revenue = [100, 50, 0, 200, 0, 25, 0, 0, 0, 0];

	it('five bands of about two leads; the tie at 80 stays in one band', () => {
		expect(scoreBands({ scores, y, revenue }, 5)).toEqual([
			{ band: 1, minScore: 80, maxScore: 90, leads: 3, converted: 2, conversionRate: 0.6667, lift: 1.67, revenue: 150, revenuePerLead: 50, cumulativeLeadShare: 0.3, cumulativeConversionShare: 0.5 },
			{ band: 2, minScore: 70, maxScore: 70, leads: 1, converted: 1, conversionRate: 1, lift: 2.5, revenue: 200, revenuePerLead: 200, cumulativeLeadShare: 0.4, cumulativeConversionShare: 0.75 },
			{ band: 3, minScore: 50, maxScore: 60, leads: 2, converted: 1, conversionRate: 0.5, lift: 1.25, revenue: 25, revenuePerLead: 12.5, cumulativeLeadShare: 0.6, cumulativeConversionShare: 1 },
			{ band: 4, minScore: 30, maxScore: 40, leads: 2, converted: 0, conversionRate: 0, lift: 0, revenue: 0, revenuePerLead: 0, cumulativeLeadShare: 0.8, cumulativeConversionShare: 1 },
			{ band: 5, minScore: 10, maxScore: 20, leads: 2, converted: 0, conversionRate: 0, lift: 0, revenue: 0, revenuePerLead: 0, cumulativeLeadShare: 1, cumulativeConversionShare: 1 },
		]);
	});

	it('a clean ranking has no band inversions; one band above a better one is one', () => {
		const bands = scoreBands({ scores, y }, 5);
		// Band 2 (rate 1) converts better than band 1 (0.667): one inversion.
		expect(bandInversions(bands)).toBe(1);
	});

	it('conversion per grade, in the given order, with lift', () => {
		const grade = ['A', 'A', 'B', 'A', 'B', 'C', 'C', 'D', 'D', 'D'];
		expect(groupStats({ scores, y }, (i) => grade[i], ['A', 'B', 'C', 'D'])).toEqual([
			{ group: 'A', leads: 3, converted: 3, conversionRate: 1, lift: 2.5 },
			{ group: 'B', leads: 2, converted: 0, conversionRate: 0, lift: 0 },
			{ group: 'C', leads: 2, converted: 1, conversionRate: 0.5, lift: 1.25 },
			{ group: 'D', leads: 3, converted: 0, conversionRate: 0, lift: 0 },
		]);
	});

	it('the lowest entry whose leads still convert at the target rate', () => {
		// At or above: 90 1/1, 80 2/3, 70 3/4, 60 3/5, 50 4/6, 40 4/7, 30 4/8 = 0.5, 20 4/9, 10 4/10.
		expect(thresholds({ scores, y }, { conversionRate: 0.5 }).suggested).toEqual({ minScore: 30, leads: 8, converted: 4, conversionRate: 0.5, conversionShare: 1 });
		// 0.6: 50 gives 4/6 = 0.667; 40 gives 0.571, below.
		expect(thresholds({ scores, y }, { conversionRate: 0.6 }).suggested?.minScore).toBe(50);
		expect(thresholds({ scores, y }, { conversionRate: 1.01 }).suggested).toBeUndefined();
	});

	it('the lowest entry that stays within a weekly capacity', () => {
		// Two weeks of history, 2 a week: at most 4 leads -> 70 (90, 80, 80, 70).
		const { rows, suggested } = thresholds({ scores, y }, { leadsPerWeek: 2, weeks: 2 });
		expect(suggested).toEqual({ minScore: 70, leads: 4, converted: 3, conversionRate: 0.75, conversionShare: 0.75, leadsPerWeek: 2 });
		expect(rows.map((r) => r.minScore)).toEqual([90, 80, 70, 60, 50, 40, 30, 20, 10]);
	});

	it('the score curve rises with the score when higher scores convert more', () => {
		const [, slope] = fitScoreCurve(scores, y);
		expect(slope).toBeGreaterThan(0);
	});
});
