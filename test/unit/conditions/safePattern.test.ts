import fc from 'fast-check';
import { compilePattern, MAX_INPUT_LENGTH, PatternTooComplexError } from '../../../src/conditions/safePattern';

const matches = (pattern: string, input: string, caseInsensitive = false) =>
	compilePattern(pattern, { caseInsensitive }).test(input);

describe('compilePattern: supported constructs', () => {
	it.each([
		// escapes and literals
		['abc', 'xxabcxx', true],
		['abc', 'ab-c', false],
		['', 'anything', true],
		['a\\.b', 'a.b', true],
		['a\\.b', 'axb', false],
		['a.b', 'axb', true],
		['a.b', 'a\nb', false],
		['a.b', 'a\rb', false],
		['a.b', 'a\u2028b', false],
		['a\\\\b', 'a\\b', true],
		['a\\/b', 'a/b', true],
		['\\d\\d', 'a12', true],
		['\\d\\d', 'a1b2', false],
		['^\\D+$', 'abc', true],
		['^\\D+$', 'ab3', false],
		['\\w+@', 'joe_1@x', true],
		['^\\W$', '_', false],
		['^\\W$', '-', true],
		['a\\sb', 'a\u00a0b', true],
		['a\\sb', 'a\tb', true],
		['a\\Sb', 'a b', false],
		['a\\tb', 'a\tb', true],
		['a\\nb', 'a\nb', true],
		['\\x41\\u00e9', 'Aé', true],
		['\\(\\[\\{\\*\\+\\?\\|\\^\\$\\}\\]\\)', '([{*+?|^$}])', true],
		// character classes
		['[a-c]x', 'bx', true],
		['[a-c]x', 'dx', false],
		['^[^a-z0-9_]$', '-', true],
		['^[^a-z0-9_]$', '_', false],
		['^[^a-z0-9_]$', 'q', false],
		['^[a-]$', '-', true],
		['^[-a]$', '-', true],
		['^[\\d.]+$', '3.14', true],
		['^[\\d.]+$', '3,14', false],
		['^[\\]\\\\]$', ']', true],
		['^[\\]\\\\]$', '\\', true],
		['^[.]$', 'x', false],
		['[]', 'abc', false],
		['^[^]$', '\n', true],
		// anchors
		['^vp', 'vp sales', true],
		['^vp', 'svp sales', false],
		['sales$', 'vp sales', true],
		['sales$', 'sales team', false],
		['^$', '', true],
		['^$', ' ', false],
		['a$|^b', 'xa', true],
		['a$|^b', 'ax', false],
		['(?:^|,)x(?:,|$)', 'a,x,b', true],
		['(?:^|,)x(?:,|$)', 'a,xy', false],
		['a$b', 'a$b', false],
		['(?:^)*a', 'ba', true],
		['^(?:$)?$', '', true],
		['$^', '', true],
		// groups and quantifiers
		['^(ab)+$', 'ababab', true],
		['^(ab)+$', 'ababa', false],
		['^(?:ceo|cto|cfo)$', 'cto', true],
		['^(?:ceo|cto|cfo)$', 'coo', false],
		['^a|b|c$', 'xbx', true],
		['^(a|)$', '', true],
		['^ab*c$', 'ac', true],
		['^ab+c$', 'ac', false],
		['^ab+c$', 'abbbc', true],
		['^ab?c$', 'abbc', false],
		['^a{3}$', 'aaa', true],
		['^a{3}$', 'aaaa', false],
		['^a{2,}$', 'a', false],
		['^a{2,}$', 'aaaaaaa', true],
		['^a{2,3}$', 'aaa', true],
		['^a{2,3}$', 'aaaa', false],
		['^a{0}$', '', true],
		['^(?:ab){1,2}$', 'abab', true],
		['^a*?b+?$', 'aabb', true],
		['^(?:a*)*$', 'aaa', true],
		['^(?:a?){100}$', 'a'.repeat(100), true],
		['^(?:a?){100}$', 'a'.repeat(101), false],
	])('%j on %j is %s', (pattern, input, expected) => {
		expect(matches(pattern, input)).toBe(expected);
	});

	it.each([
		['vp', 'Senior VP', true],
		['^[a-z]+$', 'ABC', true],
		['^[^a-z]$', 'Q', false],
		['ß', 'SS', false],
		['s', 'ſ', false], // RegExp's i flag never folds a non-ASCII character into ASCII
		['k', '\u212a', false], // Kelvin sign
		['σ', 'ς', true], // both upper-case to Σ
	])('case-insensitive %j on %j is %s', (pattern, input, expected) => {
		expect(matches(pattern, input, true)).toBe(expected);
		expect(new RegExp(pattern, 'i').test(input)).toBe(expected);
	});

	it('is case-sensitive unless asked', () => {
		expect(matches('vp', 'VP')).toBe(false);
		expect(matches('vp', 'VP', true)).toBe(true);
	});

	it('keeps its source', () => {
		expect(compilePattern('^a+$').source).toBe('^a+$');
		expect(compilePattern('abc').source).toBe('abc');
	});

	it('gives the same answer again (cached DFA states)', () => {
		const pattern = compilePattern('(?:x|y)+z$');
		expect(['xyz', 'xy', 'xyzz', 'yz'].map((s) => pattern.test(s))).toEqual([true, false, false, true]);
		expect(['xyz', 'xy', 'xyzz', 'yz'].map((s) => pattern.test(s))).toEqual([true, false, false, true]);
	});
});

describe('compilePattern: rejected syntax', () => {
	it.each([
		['(a)\\1', 'backreferences are not supported at position 3 of the pattern'],
		['(?<n>a)\\k<n>', 'named groups are not supported; use (?: ) at position 0 of the pattern'],
		['a(?=b)', 'lookahead and lookbehind are not supported at position 1 of the pattern'],
		['(?<!a)b', 'lookahead and lookbehind are not supported at position 0 of the pattern'],
		['\\bword', 'word boundaries (\\b, \\B) are not supported at position 0 of the pattern'],
		['(?i)a', 'unknown group syntax "(?" at position 0 of the pattern'],
		['(ab', 'unclosed group "(" at position 0 of the pattern'],
		['ab)', 'unmatched ")" at position 2 of the pattern'],
		['[ab', 'unclosed character class "[" at position 0 of the pattern'],
		['*a', 'nothing to repeat at position 0 of the pattern'],
		['a**', 'nothing to repeat at position 2 of the pattern'],
		['a{2}{3}', 'nothing to repeat at position 4 of the pattern'],
		['^*', 'an anchor cannot be repeated at position 1 of the pattern'],
		['a{,3}', '"{" must start a quantifier {m}, {m,} or {m,n} (write \\{ for a literal brace) at position 1 of the pattern'],
		['a{3,2}', 'numbers out of order in quantifier {3,2} at position 1 of the pattern'],
		['a{101}', 'repeat counts above 100 are not allowed at position 1 of the pattern'],
		['a{1,101}', 'repeat counts above 100 are not allowed at position 1 of the pattern'],
		['a}', 'unescaped "}" (write \\} for the character itself) at position 1 of the pattern'],
		['[z-a]', 'range out of order in character class at position 1 of the pattern'],
		['[\\d-z]', 'a range cannot start or end with a class escape such as \\d at position 1 of the pattern'],
		['\\q', 'unknown escape "\\q" at position 0 of the pattern'],
		['\\x4', '"\\x" must be followed by 2 hexadecimal digits at position 0 of the pattern'],
		['ab\\', 'pattern ends with a lone backslash at position 2 of the pattern'],
	])('%j: %s', (pattern, message) => {
		expect(() => compilePattern(pattern)).toThrow(new Error(message));
	});

	it('bounds pattern length and program size', () => {
		expect(() => compilePattern('a'.repeat(501))).toThrow('pattern is 501 characters long; at most 500 are allowed');
		expect(compilePattern('a'.repeat(500)).test('a'.repeat(500))).toBe(true);
		// (a{100}){100} = 10,000 Set instructions + Match: one over the limit
		expect(() => compilePattern('(?:a{100}){100}')).toThrow(
			'pattern expands to more than 10000 instructions; use smaller repeat counts',
		);
		// 99 * 100 + 1 = 9,901 instructions: allowed
		expect(compilePattern('^(?:a{100}){99}$').test('a'.repeat(9900))).toBe(true);
		expect(() => compilePattern('((a{100}){100}){100}')).toThrow('more than 10000 instructions');
	});
});

describe('compilePattern: hostile patterns finish', () => {
	const input = 'a'.repeat(5000) + '!';
	it.each([
		['(a+)+$', false],
		['(a|a)*b', false],
		['(a*)*b', false],
		['(a|aa)+$', false],
		['^(a+)+!$', true],
		['(?:a?){100}a{100}b', false],
		['(.*a){20}!', true],
	])('%j on 5000 a and "!" is %s', (pattern, expected) => {
		expect(matches(pattern, input)).toBe(expected);
	}, 10_000);

	it('refuses, when compiled, a pattern whose DFA would be exponential', () => {
		// the 100th character from the end must be an "a": 2^100 DFA states
		expect(() => compilePattern('a[ab]{99}$')).toThrow(
			'pattern is too complex to match safely (its automaton needs more than 20000 states or 1000000 steps to build); use fewer or smaller repeats, especially of groups that contain repeats',
		);
		// 2^10 states are fine, and then the answer is one lookup per character
		const pattern = compilePattern('a[ab]{9}$');
		expect(pattern.test('b'.repeat(5000) + 'a' + 'b'.repeat(9))).toBe(true);
		expect(pattern.test('ab'.repeat(2500) + 'b' + 'a'.repeat(9))).toBe(false);
	}, 10_000);
});

describe('compilePattern: input bound', () => {
	const filler = 'x'.repeat(MAX_INPUT_LENGTH);
	it('searches only the first 10,000 characters', () => {
		expect(MAX_INPUT_LENGTH).toBe(10_000);
		expect(matches('needle', filler.slice(6) + 'needle' + 'zzz')).toBe(true);
		expect(matches('needle', filler.slice(5) + 'needle')).toBe(false);
		expect(matches('need+le', filler.slice(6) + 'needle' + 'zzz')).toBe(true);
		expect(matches('need+le', filler.slice(5) + 'needle')).toBe(false);
	});

	it('never lets $ match at the cut, so truncation cannot invent a match', () => {
		expect(matches('x$', filler)).toBe(true);
		expect(matches('x$', filler + 'x')).toBe(false);
		expect(matches('x+$', filler + 'x')).toBe(false);
		expect(matches('^x', filler + 'x')).toBe(true);
		expect(matches('^x+$', filler + 'x')).toBe(false);
	});
});

// ---------------------------------------------------------------------------------------------
// Property: on generated patterns from the subset, the engine agrees with RegExp.

const ALPHABET = ['a', 'b', 'A', 'B', 'k', 'K', 's', 'S', 'ſ', '\u212a', 'σ', 'ς', 'Σ', 'é', 'É', '-', '.', ' ', '\n', '1', '_'];

const escapeChar = (c: string) => (c === '\n' ? '\\n' : /[\\^$.*+?()[\]{}|/-]/.test(c) ? '\\' + c : c);
const char = fc.constantFrom(...ALPHABET);
const classEscape = fc.constantFrom('\\d', '\\D', '\\w', '\\W', '\\s', '\\S');

const classItem = fc.oneof(
	char.map(escapeChar),
	classEscape,
	fc.tuple(char, char).map(([x, y]) => {
		const [lo, hi] = x.charCodeAt(0) <= y.charCodeAt(0) ? [x, y] : [y, x];
		return `${escapeChar(lo)}-${escapeChar(hi)}`;
	}),
);
const characterClass = fc
	.tuple(fc.boolean(), fc.array(classItem, { maxLength: 4 }))
	.map(([negated, items]) => `[${negated ? '^' : ''}${items.join('')}]`);

const quantifier = fc
	.tuple(
		fc.oneof(
			fc.constantFrom('*', '+', '?'),
			fc.nat(3).map((m) => `{${m}}`),
			fc.nat(3).map((m) => `{${m},}`),
			fc.tuple(fc.nat(3), fc.nat(3)).map(([m, extra]) => `{${m},${m + extra}}`),
		),
		fc.boolean(),
	)
	.map(([q, lazy]) => q + (lazy ? '?' : ''));

const { pattern } = fc.letrec<{ pattern: string; term: string; atom: string }>((tie) => ({
	pattern: fc.array(fc.array(tie('term'), { maxLength: 4 }).map((terms) => terms.join('')), { minLength: 1, maxLength: 3 }).map((options) => options.join('|')),
	term: fc.oneof(
		{ weight: 1, arbitrary: fc.constantFrom('^', '$') },
		{ weight: 4, arbitrary: tie('atom') },
		{ weight: 3, arbitrary: fc.tuple(tie('atom'), quantifier).map(([a, q]) => a + q) },
	),
	// bounded nesting keeps RegExp's own backtracking (the reference) quick
	atom: fc.oneof(
		{ maxDepth: 3, depthIdentifier: 'atom' },
		{ weight: 5, arbitrary: char.map(escapeChar) },
		{ weight: 1, arbitrary: fc.constant('.') },
		{ weight: 1, arbitrary: classEscape },
		{ weight: 2, arbitrary: characterClass },
		{
			weight: 2,
			arbitrary: fc.tuple(fc.constantFrom('(', '(?:'), tie('pattern')).map(([open, body]) => `${open}${body})`),
		},
	),
}));

const subject = fc.array(char, { maxLength: 16 }).map((chars) => chars.join(''));

describe('compilePattern agrees with RegExp', () => {
	it('on generated patterns and inputs, with and without case folding (or refuses a pattern as too complex)', () => {
		let refused = 0;
		fc.assert(
			fc.property(pattern, fc.array(subject, { minLength: 1, maxLength: 8 }), fc.boolean(), (source, inputs, caseInsensitive) => {
				let ours: ReturnType<typeof compilePattern>;
				try {
					ours = compilePattern(source, { caseInsensitive });
				} catch (error) {
					if (!(error instanceof PatternTooComplexError)) throw error;
					refused++;
					return;
				}
				const native = new RegExp(source, caseInsensitive ? 'i' : '');
				for (const input of inputs) expect([source, input, ours.test(input)]).toEqual([source, input, native.test(input)]);
			}),
			{ numRuns: 3000 },
		);
		// generated patterns nest counted repeats far more than real ones; still, refusals stay rare
		expect(refused).toBeLessThan(30);
	}, 120_000);
});
