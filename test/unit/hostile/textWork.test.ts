import { compileModel, MAX_TEXT_WORK_PER_LEAD, scoreLead, TextWorkError, textWork } from '../../../src';
import { ScoreLead } from '../../../nodes/ScoreLead/ScoreLead.node';
import { runNode } from '../../helpers/runNode';

/**
 * Issue 21: one lead with 10,000 events against 2,000 "matches" rules blocked n8n for 237 s. Text conditions now
 * count their work per lead (a test: 20 steps; a pattern scan: 80 more plus the characters it may scan; "contains":
 * one step per two characters of the text), and the rule whose test takes the count past MAX_TEXT_WORK_PER_LEAD fails that lead,
 * named. Counts, not clocks: every number below is worked out by hand. The time it takes is in BENCHMARKS.md.
 */
const asOf = Date.parse('2026-12-01T00:00:00Z');
const pageRules = (pattern: (i: number) => string, extra: Record<string, unknown> = {}) =>
	Array.from({ length: 2_000 }, (_, i) => ({ label: `Page ${i}`, points: 1, eventType: 'page_view', where: { field: 'url', operator: 'matches', value: pattern(i) }, ...extra }));
/** 1,000 characters, different for each event, so no remembered answer applies across events. */
const url = (j: number) => `${String(j).padStart(5, '0')}${'a'.repeat(995)}`;
const eventsOf = (count: number, page: (j: number) => string) => Array.from({ length: count }, (_, j) => ({ type: 'page_view', url: page(j) }));

describe('the text work budget of one lead (issue 21)', () => {
	it('fails a lead of 10,000 events against 2,000 distinct pattern rules at the rule that crosses the budget', () => {
		expect(MAX_TEXT_WORK_PER_LEAD).toBe(100_000_000);
		const model = compileModel({ name: 'm', engagementRules: pageRules((i) => `a[b-z]${i}q`) });
		const lead = { events: eventsOf(10_000, url) };
		// each test scans its 1,000 characters: 20 + 80 + 1,000 = 1,100 steps; 90,909 x 1,100 = 99,999,900 fit, and the
		// 90,910th test (event 45, rule 909: 45 x 2,000 + 910 = 90,910) crosses
		const error = (() => {
			try {
				scoreLead(model, lead, { asOf });
			} catch (e) {
				return e;
			}
			throw new Error('scored');
		})();
		expect(error).toBeInstanceOf(TextWorkError);
		expect((error as TextWorkError).message).toBe(
			'engagementRules[909] ("Page 909").where: matching text for this lead takes more than 100000000 steps, the limit per lead that keeps n8n responsive; ' +
				'test long event fields with fewer "matches" or "contains" rules, or send fewer events per lead',
		);
		expect(textWork.steps).toBe(90_910 * 1_100);
		// the next lead starts a new count: a light one scores
		expect(scoreLead(model, { events: eventsOf(3, url) }, { asOf }).score).toBe(0);
		expect(textWork.steps).toBe(3 * 2_000 * 1_100);
	});

	it('scans a field once for all the rules that test it with one pattern: 2,000 such rules over 1,000 events score', () => {
		const model = compileModel({ name: 'm', engagementRules: pageRules(() => 'pricing', { maxOccurrences: 1 }) });
		const lead = { events: eventsOf(1_000, (j) => `${url(j).slice(0, 993)}pricing`) };
		expect(scoreLead(model, lead, { asOf }).score).toBe(2_000);
		// per event, the first rule scans (1,100 steps) and 1,999 reuse its answer (20 each); scanning for every rule
		// would take 2,000,000 x 1,100 steps, 22 times the budget
		expect(textWork.steps).toBe(1_000 * (1_100 + 1_999 * 20));
		// what a lead is charged depends on that lead alone
		scoreLead(model, lead, { asOf });
		expect(textWork.steps).toBe(1_000 * (1_100 + 1_999 * 20));
	});

	it('counts "contains" on a lead field too: 2,000 fit rules on a 1 MB title fail at the 191st', () => {
		const model = compileModel({
			name: 'm',
			fitRules: Array.from({ length: 2_000 }, (_, i) => ({ label: `Title ${i}`, points: 1, when: { field: 'title', operator: 'contains', value: `vp${i}` } })),
		});
		// 20 + 1,048,576 / 2 = 524,308 steps a rule: 190 of them take 99,618,520, the 191st 100,142,828
		expect(() => scoreLead(model, { title: 'x'.repeat(1_048_576) }, { asOf })).toThrow(/^fitRules\[190\] \("Title 190"\)\.when: matching text for this lead takes more than 100000000 steps/);
		expect(textWork.steps).toBe(191 * 524_308);
		// "vp10 of sales" contains vp1 and vp10
		expect(scoreLead(model, { title: 'vp10 of sales' }, { asOf }).score).toBe(2);
	});

	it('moves only the heavy lead to its error with Continue On Fail; the others score', async () => {
		const modelJson = JSON.stringify({
			name: 'm',
			fitRules: Array.from({ length: 200 }, (_, i) => ({ label: `Title ${i}`, points: 1, when: { field: 'title', operator: 'contains', value: `vp${i}` } })),
		});
		const { outputs } = await runNode(ScoreLead, {
			parameters: { modelSource: 'json', modelJson, options: { asOf: '2026-12-01T00:00:00Z' } },
			items: [{ email: 'heavy@acme.io', title: 'x'.repeat(1_048_576) }, { email: 'light@acme.io', title: 'vp7 of sales' }],
			continueOnFail: true,
		});
		expect(outputs[0]).toHaveLength(2);
		expect((outputs[0][0].json.error as { message: string }).message).toMatch(
			/^Item 0: fitRules\[190\] \("Title 190"\)\.when: matching text for this lead takes more than 100000000 steps/,
		);
		expect(outputs[0][1].json.email).toBe('light@acme.io');
		expect((outputs[0][1].json.leadScore as { score: number }).score).toBe(1);
		expect(outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});
});
