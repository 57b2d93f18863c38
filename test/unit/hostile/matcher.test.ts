import { compileLadder, compileModel, ConfigError } from '../../../src';
import adversarial from '../../../bench/adversarial-patterns.json';
import { compilePattern, MAX_AUTOMATON_WORK, MAX_DFA_STATES, MAX_MODEL_PATTERN_WORK, PatternTooComplexError } from '../../../src/conditions/safePattern';

/**
 * Issue 15, item 2: patterns built against the automaton. Each one either compiles within the fixed work
 * budget (and then `test` is one table lookup per character) or is refused when compiled, never later.
 */
const TOO_COMPLEX =
	'pattern is too complex to match safely (its automaton needs more than 20000 states or 1000000 steps to build); use fewer or smaller repeats, especially of groups that contain repeats';

function seeded(seed: number) {
	let s = seed >>> 0;
	return () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 8) / 0x1000000;
}
const randomText = (length: number, alphabet: string, seed: number) => {
	const next = seeded(seed);
	let out = '';
	for (let i = 0; i < length; i++) out += alphabet[Math.floor(next() * alphabet.length)];
	return out;
};

/** Families whose DFA grows with a parameter: counters inside counters, "the n-th character from the end". */
const ADVERSARIAL_PATTERNS: string[] = adversarial.patterns;

describe('the matcher on adversarial patterns (issue 15, item 2)', () => {
	it('refuses the pattern from the issue when compiled, with a clear message', () => {
		expect(() => compilePattern('(?:[a-c]{0,49}[ab]){99}d')).toThrow(PatternTooComplexError);
		expect(() => compilePattern('(?:[a-c]{0,49}[ab]){99}d')).toThrow(TOO_COMPLEX);
		// ... and so the model that holds it, naming the rule
		expect(() =>
			compileModel({ name: 'm', fitRules: [{ label: 'x', points: 1, when: { field: 'title', operator: 'matches', value: '(?:[a-c]{0,49}[ab]){99}d' } }] }),
		).toThrow(`Invalid scoring model: fitRules[0] ("x").when.value: ${TOO_COMPLEX}`);
	});

	it('either refuses each pattern or builds it within the budget, then agrees with RegExp', () => {
		const verdicts: Record<string, string> = {};
		for (const source of ADVERSARIAL_PATTERNS) {
			for (const caseInsensitive of [false, true]) {
				let pattern;
				try {
					pattern = compilePattern(source, { caseInsensitive });
				} catch (error) {
					expect(error).toBeInstanceOf(PatternTooComplexError);
					verdicts[`${source}${caseInsensitive ? '/i' : ''}`] = 'refused';
					continue;
				}
				verdicts[`${source}${caseInsensitive ? '/i' : ''}`] = 'built';
				expect(pattern.work).toBeLessThanOrEqual(MAX_AUTOMATON_WORK);
				// short inputs, where RegExp's backtracking is still quick, give the reference answer
				const native = new RegExp(source, caseInsensitive ? 'i' : '');
				for (let seed = 1; seed <= 40; seed++) {
					const input = randomText(seed % 24, 'abcdxyK!', seed);
					expect([source, input, pattern.test(input)]).toEqual([source, input, native.test(input)]);
				}
				// a long hostile input is answered (one lookup per character)
				expect(typeof pattern.test(randomText(10_000, 'abc', 7))).toBe('boolean');
			}
		}
		expect(MAX_DFA_STATES).toBe(20_000);
		// exact verdicts for the anchors of each family
		expect(verdicts['(?:[a-c]{0,49}[ab]){99}d']).toBe('refused');
		expect(verdicts['(?:[a-c]{0,0}[ab]){99}d']).toBe('built');
		expect(verdicts['a[ab]{10}$']).toBe('built');
		expect(verdicts['a[ab]{20}$']).toBe('refused');
		expect(verdicts['(.*a){20}!']).toBe('built');
		expect(verdicts['(?:a?){100}a{100}b/i']).toBe('built');
	}, 120_000);
});

/**
 * Issue 21: a model's patterns share one build budget. 2,000 rules of distinct patterns, each inside the per-pattern
 * budget, took 54 s to compile; now the rule whose pattern takes the total past MAX_MODEL_PATTERN_WORK is named.
 */
describe("the build budget of a model's patterns (issue 21)", () => {
	const BUDGET_MESSAGE =
		"the patterns of the model together need more than 5000000 steps to build, and this one crosses that limit; use fewer distinct patterns or simpler ones (identical patterns are built once)";
	const rulesOf = (value: (i: number) => string) =>
		Array.from({ length: 2_000 }, (_, i) => ({ label: `Title ${i}`, points: 1, when: { field: 'title', operator: 'matches', value: value(i) } }));

	it('refuses the model at the rule whose pattern crosses the budget, and names only that one', () => {
		const variant = (i: number) => `(?:a?){100}a{100}${i}`;
		// the work of each pattern alone (case-insensitive, as a rule without caseSensitive compiles it)
		const works = Array.from({ length: 40 }, (_, i) => compilePattern(variant(i), { caseInsensitive: true }).work);
		let crossing = 0;
		for (let spent = 0; spent <= MAX_MODEL_PATTERN_WORK; crossing++) spent += works[crossing];
		crossing--;
		expect(crossing).toBe(38);
		expect(works.slice(0, 38).reduce((a, b) => a + b)).toBeLessThanOrEqual(MAX_MODEL_PATTERN_WORK);
		expect(() => compileModel({ name: 'm', fitRules: rulesOf(variant) })).toThrow(
			new ConfigError('scoring model', [{ path: 'fitRules[38] ("Title 38").when.value', message: BUDGET_MESSAGE }]),
		);
		// the same rules in a stage ladder: the same budget
		expect(() => compileLadder({ stages: Array.from({ length: 40 }, (_, i) => ({ name: `S${i}`, when: { field: 'title', operator: 'matches', value: variant(i) } })) })).toThrow(
			`Invalid stage ladder: stages[38] ("S38").when.value: ${BUDGET_MESSAGE}`,
		);
	}, 60_000);

	it('builds identical patterns once: 2,000 rules of the pattern from the issue compile', () => {
		const compiled = compileModel({ name: 'm', fitRules: rulesOf(() => '(?:a?){100}a{100}') });
		expect(compiled.fitRules[1_999].when({ title: 'a'.repeat(100) })).toBe(true);
		expect(compiled.fitRules[1_999].when({ title: 'a'.repeat(99) })).toBe(false);
	}, 60_000);

	it("counts a refused pattern's work too: after at most five refusals the budget is spent", () => {
		const refused = (i: number) => `(?:[a-c]{0,49}[ab]){99}d${i}`;
		const error = (() => {
			try {
				compileModel({ name: 'm', fitRules: rulesOf(refused).slice(0, 10) });
			} catch (e) {
				return e as ConfigError;
			}
			throw new Error('compiled');
		})();
		const refusals = error.issues.filter((issue) => issue.message === TOO_COMPLEX).map((issue) => issue.path);
		const crossed = error.issues.filter((issue) => issue.message === BUDGET_MESSAGE).map((issue) => issue.path);
		// each refusal spent more than MAX_AUTOMATON_WORK: at most five fit in the budget, and nothing after the crossing is built
		expect(refusals.length).toBeLessThanOrEqual(MAX_MODEL_PATTERN_WORK / MAX_AUTOMATON_WORK);
		expect(crossed).toEqual([`fitRules[${refusals.length}] ("Title ${refusals.length}").when.value`]);
		expect(error.issues).toHaveLength(refusals.length + 1);
	}, 60_000);
});
