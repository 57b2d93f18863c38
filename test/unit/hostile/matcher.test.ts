import { compileModel } from '../../../src';
import adversarial from '../../../bench/adversarial-patterns.json';
import { compilePattern, MAX_AUTOMATON_WORK, MAX_DFA_STATES, PatternTooComplexError } from '../../../src/conditions/safePattern';

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
		expect(() => compilePattern('(?:[a-c]{0,49}[ab]){99}d')).toThrow(new PatternTooComplexError(TOO_COMPLEX));
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
