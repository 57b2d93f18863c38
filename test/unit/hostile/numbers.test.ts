import { B2B_SAAS_MODEL, ConfigError, compileModel, scoreLead } from '../../../src';
import { InputError } from '../../../src/errors';
import { MAX_POINTS, requirePoints, rounder } from '../../../src/numbers';
import { ScoreLead } from '../../../nodes/ScoreLead/ScoreLead.node';
import { ApplyDecay } from '../../../nodes/ApplyDecay/ApplyDecay.node';
import { runNode } from '../../helpers/runNode';

const asOf = Date.parse('2026-11-22T00:00:00Z');

describe('numbers at the edge of a double (issue 15, item 1)', () => {
	it('rounds without overflowing: past 2^52 / 10^decimals a number is already whole at that precision', () => {
		expect(rounder(2)(1e307)).toBe(1e307);
		expect(rounder(6)(-5e300)).toBe(-5e300);
		expect(rounder(2)(Number.MAX_VALUE)).toBe(Number.MAX_VALUE);
		// 2^52 / 100 = 45035996273704.96: just below it the cents still round
		expect(rounder(2)(45035996273704.955)).toBe(45035996273704.96);
		expect(rounder(0)(-2.5)).toBe(-3);
		expect(Object.is(rounder(2)(-0.001), 0)).toBe(true);
	});

	it('reads points within ±1e12 and names the field and the range otherwise', () => {
		expect(requirePoints('-1e12', 'manualPoints')).toBe(-MAX_POINTS);
		expect(() => requirePoints(1e307, 'manualPoints')).toThrow(
			new InputError('manualPoints', 'a number of points between -1e12 and 1e12', 1e307),
		);
		expect(() => requirePoints('1e307', 'manualPoints')).toThrow('Field "manualPoints": expected a number of points between -1e12 and 1e12, got "1e307"');
	});

	it('fails a lead with 1e307 manual points instead of scoring it NaN', () => {
		const model = compileModel(B2B_SAAS_MODEL);
		for (const manualPoints of [1e307, '1e307', -1e13]) {
			expect(() => scoreLead(model, { manualPoints }, { asOf })).toThrow(/^Field "manualPoints": expected a number of points between -1e12 and 1e12, got /);
		}
		// the largest allowed value scores exactly: manual points count as engagement, which the preset caps at 60
		expect(scoreLead(model, { manualPoints: 1e12 }, { asOf })).toMatchObject({ score: 60, engagementScore: 60 });
	});

	it('refuses a model whose points could overflow a sum, naming the path', () => {
		const model = {
			name: 'huge',
			fitRules: [
				{ label: 'a', points: 1e308, when: { field: 'x', operator: 'isNotEmpty' } },
				{ label: 'b', points: 1e308, when: { field: 'x', operator: 'isNotEmpty' } },
			],
		};
		expect(() => compileModel(model as never)).toThrow(ConfigError);
		expect(() => compileModel(model as never)).toThrow(
			'Invalid scoring model: fitRules[0] ("a").points: expected a number between -1e12 and 1e12; fitRules[1] ("b").points: expected a number between -1e12 and 1e12',
		);
	});

	it('keeps the account score of the other leads finite when one lead of the account is bad', async () => {
		const items = [
			{ email: 'a@acme.io', jobTitle: 'CEO', company: { domain: 'acme.io' }, manualPoints: 1e307 },
			{ email: 'b@acme.io', jobTitle: 'CEO', company: { domain: 'acme.io' } },
		];
		const { outputs } = await runNode(ScoreLead, {
			parameters: { scope: 'leadsWithAccount', options: { asOf: '2026-11-22T00:00:00Z' } },
			items,
			continueOnFail: true,
		});
		expect(outputs[0][0].json.error).toMatchObject({
			message: 'Item 0: Field "manualPoints": expected a number of points between -1e12 and 1e12, got number 1e+307',
			itemIndex: 0,
		});
		// b: senior title 20 + company email 10 = fit 30, engagement 0; the account holds b alone
		expect((outputs[0][1].json.leadScore as any).account).toMatchObject({ account: 'acme.io', fitScore: 30, engagementScore: 0, score: 30, contacts: 1 });
	});
});

describe('a long field is lower-cased once per lead (issue 15, item 4)', () => {
	// 100 rules, not 2,000: a lead's text work is bounded (2,000 "contains" on 1 MB pass the budget: textWork.test.ts)
	it('100 "contains" rules on a 1 MB job title fold it once', () => {
		const fitRules = Array.from({ length: 100 }, (_, i) => ({ label: `r${i}`, points: 1, when: { field: 'jobTitle', operator: 'contains', value: `w${i}x` } }));
		const model = compileModel({ name: 'many', fitRules });
		const jobTitle = `${'Vp '.repeat(349_525)}W7X`; // 1,048,578 characters
		const fold = jest.spyOn(String.prototype, 'toLowerCase');
		try {
			const result = scoreLead(model, { jobTitle }, { asOf });
			// only rule 7's needle "w7x" is in the title: fit 1
			expect(result.fitScore).toBe(1);
			expect(fold.mock.contexts.filter((s) => String(s).length > 1_000_000)).toHaveLength(1);
		} finally {
			fold.mockRestore();
		}
	});
});

describe('Apply Decay on stored scores beyond ±1e12 (issue 15, item 1)', () => {
	it('fails the lead naming the field instead of writing Infinity', async () => {
		const { outputs } = await runNode(ApplyDecay, {
			parameters: { options: { asOf: '2026-11-22T00:00:00Z' } },
			items: [{ leadScore: { engagementScore: 1.7e308, fitScore: 1.7e308, lastActivityAt: '2026-11-01' } }],
			continueOnFail: true,
		});
		expect((outputs[0][0].json.error as any).message).toMatch(
			/^Item 0: Field "leadScore\.(engagementScore|fitScore)[^"]*": expected a number( \(the stored score\)| or null)? between -1e12 and 1e12, got number 1\.7e\+308$/,
		);
	});
});
