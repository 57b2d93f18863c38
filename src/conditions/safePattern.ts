/**
 * "Matches pattern" conditions run user-written regular expressions on every lead, so they must
 * never hang the process (ReDoS). JavaScript's RegExp backtracks and can take exponential time
 * on patterns like `(a+)+$`; this engine compiles a subset of the syntax to a Thompson NFA and
 * builds its whole DFA when the pattern is compiled, so `test` is one table lookup per character,
 * whatever the pattern and the input.
 *
 * Supported subset (same meaning as a JavaScript RegExp without the `u`, `m` and `s` flags):
 * - literal characters; escapes `\d \D \w \W \s \S`, `\t \n \r \f \v`, `\xHH`, `\uHHHH`,
 *   and a backslash before any punctuation character (`\. \\ \/ \( \[ \{ \* \+ \? \| \^ \$ \-` ...)
 * - `.` (any character except the line terminators \n \r \u2028 \u2029)
 * - character classes `[abc]`, ranges `[a-z0-9_]`, negation `[^...]`, class escapes inside (`[\d.]`)
 * - anchors `^` (start of input) and `$` (end of input)
 * - groups `( )` and `(?: )` (nothing is captured), alternation `|`
 * - quantifiers `*`, `+`, `?`, `{m}`, `{m,}`, `{m,n}` with m, n <= 100; a lazy `?` suffix is
 *   accepted and changes nothing, because only whether a match exists is reported
 * - case-insensitive matching with the same case folding as RegExp's `i` flag
 * Rejected with an error naming the position: backreferences, lookarounds, named groups,
 * word boundaries `\b \B`, other letter escapes, unescaped `{`, `}` or `]` outside their syntax,
 * and anything else outside the subset.
 *
 * Limits: patterns of at most 500 characters, at most 10,000 compiled instructions, an automaton of
 * at most 20,000 states built within 1,000,000 steps (a pattern whose DFA explodes, such as
 * `a[ab]{99}$` or `(?:[a-c]{0,49}[ab]){99}d`, is refused when compiled), and only the
 * first 10,000 characters of an input are searched: `test` is true when a match lies entirely
 * within them (`$` then never matches, as the input goes on), so a truncated input can only miss
 * a match, never invent one. All the patterns of one model share a build budget too (MAX_MODEL_PATTERN_WORK, see
 * withPatternBudget).
 */

export const MAX_PATTERN_LENGTH = 500;
export const MAX_PROGRAM_SIZE = 10_000;
export const MAX_REPEAT = 100;
export const MAX_INPUT_LENGTH = 10_000;
/** The automaton of a pattern may have at most this many states ... */
export const MAX_DFA_STATES = 20_000;
/** ... and take at most this many NFA instruction visits to build (about 0.1 s): bounds compile time and memory. */
export const MAX_AUTOMATON_WORK = 1_000_000;

export interface SafePattern {
	/** Whether the pattern matches somewhere in the input, like RegExp.prototype.test. */
	test(input: string): boolean;
	readonly source: string;
	/** NFA instruction visits spent building the automaton when compiled (0 for a plain string), at most MAX_AUTOMATON_WORK. */
	readonly work: number;
}

export interface PatternOptions {
	caseInsensitive?: boolean;
}

/**
 * All the patterns of one model (or ladder, or routing settings) together may take at most this many NFA instruction
 * visits to build: five patterns at MAX_AUTOMATON_WORK, or thousands of ordinary ones (`^(vp|director|head) of
 * (sales|marketing)$` takes about 1,600). Without it, 2,000 rules of distinct patterns each just inside the per-pattern budget, such as
 * `(?:a?){100}a{100}` and its variants, took 54 s to compile.
 */
export const MAX_MODEL_PATTERN_WORK = 5_000_000;

/**
 * Compiled patterns are immutable: the last ones are kept, as validating a model and compiling it build the same
 * ones. A refusal is kept too: finding that an automaton is too large takes its whole work budget.
 */
const recent = new Map<string, SafePattern | PatternTooComplexError>();
const RECENT_PATTERNS = 256;

/**
 * The patterns of the model being compiled (see withPatternBudget): each distinct one is built and charged once,
 * however many rules use it and whether or not it was built before, so the verdict depends on the model alone.
 */
interface Budget {
	spent: number;
	readonly patterns: Map<string, SafePattern | PatternTooComplexError>;
}
let budget: Budget | undefined;

/**
 * Runs `compile` (a model's validation and compilation) with one pattern work budget shared by every pattern it
 * compiles: the pattern that takes the total past MAX_MODEL_PATTERN_WORK is refused with a PatternBudgetError, and
 * later new patterns are refused at once without being built. Identical patterns share one automaton.
 */
export function withPatternBudget<T>(compile: () => T): T {
	const outer = budget;
	budget = { spent: 0, patterns: new Map() };
	try {
		return compile();
	} finally {
		budget = outer;
	}
}

export class PatternBudgetError extends Error {
	constructor(
		/** Whether this pattern crossed the limit; false for the new patterns after it, refused without being built. */
		readonly crossed: boolean,
	) {
		super(
			`the patterns of the model together need more than ${MAX_MODEL_PATTERN_WORK} steps to build, and ${crossed ? 'this one crosses' : 'earlier ones crossed'} that limit; ` +
				'use fewer distinct patterns or simpler ones (identical patterns are built once)',
		);
	}
}

export function compilePattern(source: string, options: PatternOptions = {}): SafePattern {
	if (typeof source !== 'string') throw new Error('pattern must be a string');
	const key = `${options.caseInsensitive === true ? 'i' : '-'}${source}`;
	let known = budget?.patterns.get(key);
	if (known === undefined) {
		if (budget && budget.spent > MAX_MODEL_PATTERN_WORK) throw new PatternBudgetError(false);
		known = recent.get(key);
		if (known === undefined) {
			try {
				known = compileUncached(source, options);
			} catch (error) {
				if (!(error instanceof PatternTooComplexError)) throw error;
				known = error;
			}
			if (recent.size >= RECENT_PATTERNS) recent.delete(recent.keys().next().value as string);
			recent.set(key, known);
		}
		if (budget) {
			budget.spent += known.work;
			if (budget.spent > MAX_MODEL_PATTERN_WORK) throw new PatternBudgetError(true);
			budget.patterns.set(key, known);
		}
	}
	if (known instanceof PatternTooComplexError) throw new PatternTooComplexError(known.message, known.work);
	return known;
}

function compileUncached(source: string, options: PatternOptions): SafePattern {
	if (source.length > MAX_PATTERN_LENGTH) {
		throw new Error(`pattern is ${source.length} characters long; at most ${MAX_PATTERN_LENGTH} are allowed`);
	}
	const tree = new Parser(source).parse();
	const caseInsensitive = options.caseInsensitive === true;
	const literal = caseInsensitive ? undefined : literalShape(tree);
	if (literal) return literalPattern(source, literal);
	return new DfaPattern(source, compile(tree), caseInsensitive);
}

// ---------------------------------------------------------------------------------------------
// Character sets: sorted, disjoint, non-adjacent inclusive ranges of UTF-16 code units.

type Ranges = readonly number[]; // [lo0, hi0, lo1, hi1, ...]

const MAX_CODE_UNIT = 0xffff;
const DIGIT: Ranges = [0x30, 0x39];
const WORD: Ranges = [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a];
const SPACE: Ranges = normalize([
	0x09, 0x0d, 0x20, 0x20, 0xa0, 0xa0, 0x1680, 0x1680, 0x2000, 0x200a, 0x2028, 0x2029, 0x202f, 0x202f, 0x205f,
	0x205f, 0x3000, 0x3000, 0xfeff, 0xfeff,
]);
const LINE_TERMINATORS: Ranges = [0x0a, 0x0a, 0x0d, 0x0d, 0x2028, 0x2029];
const ANY_BUT_LINE_TERMINATOR = complement(LINE_TERMINATORS);

function normalize(ranges: readonly number[]): number[] {
	const pairs: Array<[number, number]> = [];
	for (let i = 0; i < ranges.length; i += 2) pairs.push([ranges[i], ranges[i + 1]]);
	pairs.sort((a, b) => a[0] - b[0]);
	const out: number[] = [];
	for (const [lo, hi] of pairs) {
		const last = out.length - 1;
		if (last > 0 && lo <= out[last] + 1) out[last] = Math.max(out[last], hi);
		else out.push(lo, hi);
	}
	return out;
}

function complement(ranges: Ranges): number[] {
	const out: number[] = [];
	let next = 0;
	for (let i = 0; i < ranges.length; i += 2) {
		if (ranges[i] > next) out.push(next, ranges[i] - 1);
		next = ranges[i + 1] + 1;
	}
	if (next <= MAX_CODE_UNIT) out.push(next, MAX_CODE_UNIT);
	return out;
}

function rangesContain(ranges: Ranges, code: number): boolean {
	let lo = 0;
	let hi = ranges.length / 2 - 1;
	while (lo <= hi) {
		const mid = (lo + hi) >> 1;
		if (code < ranges[2 * mid]) hi = mid - 1;
		else if (code > ranges[2 * mid + 1]) lo = mid + 1;
		else return true;
	}
	return false;
}

/**
 * RegExp's `i` flag (without `u`) compares Canonicalize(ch): the upper case of a code unit when
 * that is a single code unit and does not turn a non-ASCII character into an ASCII one.
 * Code units with the same canonical form are equivalent; the table lists each equivalence class.
 */
interface CaseClasses {
	canonical: Uint16Array;
	/** members of the class of canonical value v: members[start[v]] .. members[start[v + 1] - 1] */
	start: Uint32Array;
	members: Uint16Array;
}

let caseClasses: CaseClasses | undefined;

function getCaseClasses(): CaseClasses {
	if (caseClasses) return caseClasses;
	const size = MAX_CODE_UNIT + 1;
	const canonical = new Uint16Array(size);
	const counts = new Uint32Array(size + 1);
	for (let code = 0; code < size; code++) {
		const upper = String.fromCharCode(code).toUpperCase();
		const folded = upper.length === 1 ? upper.charCodeAt(0) : code;
		canonical[code] = code >= 128 && folded < 128 ? code : folded;
		counts[canonical[code] + 1]++;
	}
	const start = new Uint32Array(size + 1);
	for (let v = 0; v < size; v++) start[v + 1] = start[v] + counts[v + 1];
	const fill = start.slice(0, size);
	const members = new Uint16Array(size);
	for (let code = 0; code < size; code++) members[fill[canonical[code]]++] = code;
	caseClasses = { canonical, start, members };
	return caseClasses;
}

// ---------------------------------------------------------------------------------------------
// Syntax tree and parser.

type Node =
	| { kind: 'empty' }
	| { kind: 'set'; ranges: Ranges; negated: boolean }
	| { kind: 'begin' }
	| { kind: 'end' }
	| { kind: 'concat'; parts: Node[] }
	| { kind: 'alternation'; options: Node[] }
	| { kind: 'repeat'; body: Node; min: number; max: number }; // max = Infinity for unbounded

const SYNTAX_CHARACTERS = '^$\\.*+?()[]{}|/-';

class Parser {
	private pos = 0;

	constructor(private readonly source: string) {}

	parse(): Node {
		const tree = this.alternation();
		if (this.pos < this.source.length) this.fail(`unmatched ")"`);
		if (programSize(tree) + 1 > MAX_PROGRAM_SIZE) {
			throw new Error(`pattern expands to more than ${MAX_PROGRAM_SIZE} instructions; use smaller repeat counts`);
		}
		return tree;
	}

	private fail(message: string, at = this.pos): never {
		throw new Error(`${message} at position ${at} of the pattern`);
	}

	private peek(offset = 0): string | undefined {
		return this.source[this.pos + offset];
	}

	private alternation(): Node {
		const options = [this.sequence()];
		while (this.peek() === '|') {
			this.pos++;
			options.push(this.sequence());
		}
		return options.length === 1 ? options[0] : { kind: 'alternation', options };
	}

	private sequence(): Node {
		const parts: Node[] = [];
		for (let c = this.peek(); c !== undefined && c !== '|' && c !== ')'; c = this.peek()) {
			const atomStart = this.pos;
			parts.push(this.quantified(this.atom(), atomStart));
		}
		if (parts.length === 0) return { kind: 'empty' };
		return parts.length === 1 ? parts[0] : { kind: 'concat', parts };
	}

	private quantified(atom: Node, atomStart: number): Node {
		const start = this.pos;
		const bounds = this.quantifier();
		if (!bounds) return atom;
		if (atom.kind === 'begin' || atom.kind === 'end') {
			if (this.source[atomStart] !== '(') this.fail('an anchor cannot be repeated', start);
		}
		if (this.peek() === '?') this.pos++; // lazy: same answer for test()
		if (this.quantifierAhead()) this.fail('nothing to repeat');
		return { kind: 'repeat', body: atom, min: bounds[0], max: bounds[1] };
	}

	private quantifierAhead(): boolean {
		const c = this.peek();
		return c === '*' || c === '+' || c === '?' || c === '{';
	}

	private quantifier(): [number, number] | undefined {
		const c = this.peek();
		if (c === '*' || c === '+' || c === '?') {
			this.pos++;
			return c === '*' ? [0, Infinity] : c === '+' ? [1, Infinity] : [0, 1];
		}
		if (c !== '{') return undefined;
		const match = /^\{(\d{1,4})(,(\d{0,4}))?\}/.exec(this.source.slice(this.pos, this.pos + 12));
		if (!match) this.fail('"{" must start a quantifier {m}, {m,} or {m,n} (write \\{ for a literal brace)');
		const min = Number(match[1]);
		const max = match[2] === undefined ? min : match[3] === '' ? Infinity : Number(match[3]);
		if (min > MAX_REPEAT || (max !== Infinity && max > MAX_REPEAT)) {
			this.fail(`repeat counts above ${MAX_REPEAT} are not allowed`);
		}
		if (max < min) this.fail(`numbers out of order in quantifier ${match[0]}`);
		this.pos += match[0].length;
		return [min, max];
	}

	private atom(): Node {
		const c = this.source[this.pos];
		switch (c) {
			case '^':
				this.pos++;
				return { kind: 'begin' };
			case '$':
				this.pos++;
				return { kind: 'end' };
			case '.':
				this.pos++;
				return { kind: 'set', ranges: ANY_BUT_LINE_TERMINATOR, negated: false };
			case '(':
				return this.group();
			case '[':
				return this.characterClass();
			case '\\':
				return this.escapeAtom();
			case '*':
			case '+':
			case '?':
				return this.fail('nothing to repeat');
			case '{':
				return this.fail(this.quantifier() ? 'nothing to repeat' : 'unexpected "{"');
			case '}':
			case ']':
				return this.fail(`unescaped "${c}" (write \\${c} for the character itself)`);
			default:
				this.pos++;
				return single(c.charCodeAt(0));
		}
	}

	private group(): Node {
		const open = this.pos;
		this.pos++;
		if (this.peek() === '?') {
			const kind = this.source.slice(this.pos, this.pos + 3);
			if (kind.startsWith('?:')) this.pos += 2;
			else if (kind.startsWith('?=') || kind.startsWith('?!') || kind === '?<=' || kind === '?<!') {
				this.fail('lookahead and lookbehind are not supported', open);
			} else if (kind.startsWith('?<')) this.fail('named groups are not supported; use (?: )', open);
			else this.fail('unknown group syntax "(?"', open);
		}
		const body = this.alternation();
		if (this.peek() !== ')') this.fail('unclosed group "("', open);
		this.pos++;
		return body;
	}

	private escapeAtom(): Node {
		const escape = this.escape(false);
		return typeof escape === 'number' ? single(escape) : { kind: 'set', ranges: escape, negated: false };
	}

	/** A code unit, or the ranges of a class escape such as \d. The backslash is at this.pos. */
	private escape(inClass: boolean): number | Ranges {
		const at = this.pos;
		const c = this.source[this.pos + 1];
		if (c === undefined) this.fail('pattern ends with a lone backslash', at);
		this.pos += 2;
		switch (c) {
			case 'd':
				return DIGIT;
			case 'D':
				return complement(DIGIT);
			case 'w':
				return WORD;
			case 'W':
				return complement(WORD);
			case 's':
				return SPACE;
			case 'S':
				return complement(SPACE);
			case 't':
				return 0x09;
			case 'n':
				return 0x0a;
			case 'r':
				return 0x0d;
			case 'f':
				return 0x0c;
			case 'v':
				return 0x0b;
			case 'x':
			case 'u':
				return this.hexEscape(c === 'x' ? 2 : 4, at);
			case 'b':
			case 'B':
				return this.fail(inClass ? '"\\b" inside a class is not supported (use \\x08)' : 'word boundaries (\\b, \\B) are not supported', at);
			case 'k':
				return this.fail('backreferences are not supported', at);
		}
		if (c >= '0' && c <= '9') {
			return this.fail(c === '0' ? '"\\0" is not supported (use \\x00)' : 'backreferences are not supported', at);
		}
		if (SYNTAX_CHARACTERS.includes(c) || (!/[A-Za-z0-9_]/.test(c) && c.charCodeAt(0) < 128)) return c.charCodeAt(0);
		return this.fail(`unknown escape "\\${c}"`, at);
	}

	private hexEscape(digits: number, at: number): number {
		const hex = this.source.slice(this.pos, this.pos + digits);
		if (hex.length !== digits || !/^[0-9A-Fa-f]+$/.test(hex)) {
			this.fail(`"\\${this.source[at + 1]}" must be followed by ${digits} hexadecimal digits`, at);
		}
		this.pos += digits;
		return parseInt(hex, 16);
	}

	private characterClass(): Node {
		const open = this.pos;
		this.pos++;
		const negated = this.peek() === '^';
		if (negated) this.pos++;
		const ranges: number[] = [];
		while (this.peek() !== ']') {
			if (this.peek() === undefined) this.fail('unclosed character class "["', open);
			const itemStart = this.pos;
			const low = this.classItem();
			if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== undefined) {
				this.pos++;
				const high = this.classItem();
				if (typeof low !== 'number' || typeof high !== 'number') {
					this.fail('a range cannot start or end with a class escape such as \\d', itemStart);
				}
				if (high < low) this.fail('range out of order in character class', itemStart);
				ranges.push(low, high);
			} else if (typeof low === 'number') ranges.push(low, low);
			else ranges.push(...low);
		}
		this.pos++;
		return { kind: 'set', ranges: normalize(ranges), negated };
	}

	private classItem(): number | Ranges {
		if (this.peek() === '\\') return this.escape(true);
		return this.source.charCodeAt(this.pos++);
	}
}

function single(code: number): Node {
	return { kind: 'set', ranges: [code, code], negated: false };
}

// ---------------------------------------------------------------------------------------------
// Compilation to a Thompson NFA program.

const enum Op {
	Set,
	Split,
	Jump,
	Begin,
	End,
	Match,
}

interface Program {
	op: Uint8Array;
	/** Set: index into sets; Split: first branch; Jump: target */
	a: Int32Array;
	/** Split: second branch */
	b: Int32Array;
	sets: Array<{ ranges: Ranges; negated: boolean }>;
}

function programSize(node: Node): number {
	switch (node.kind) {
		case 'empty':
			return 0;
		case 'set':
		case 'begin':
		case 'end':
			return 1;
		case 'concat':
			return node.parts.reduce((sum, part) => sum + programSize(part), 0);
		case 'alternation':
			return node.options.reduce((sum, option) => sum + programSize(option) + 2, -2);
		case 'repeat': {
			const body = programSize(node.body);
			const optional = node.max === Infinity ? body + 2 : (node.max - node.min) * (body + 1);
			return node.min * body + optional;
		}
	}
}

function compile(tree: Node): Program {
	const size = programSize(tree) + 1;
	const program: Program = { op: new Uint8Array(size), a: new Int32Array(size), b: new Int32Array(size), sets: [] };
	let pc = 0;
	const emit = (op: Op, a = 0, b = 0): number => {
		program.op[pc] = op;
		program.a[pc] = a;
		program.b[pc] = b;
		return pc++;
	};
	const emitNode = (node: Node): void => {
		switch (node.kind) {
			case 'empty':
				return;
			case 'set':
				program.sets.push({ ranges: node.ranges, negated: node.negated });
				emit(Op.Set, program.sets.length - 1);
				return;
			case 'begin':
				emit(Op.Begin);
				return;
			case 'end':
				emit(Op.End);
				return;
			case 'concat':
				node.parts.forEach(emitNode);
				return;
			case 'alternation': {
				const jumps: number[] = [];
				node.options.forEach((option, i) => {
					const last = i === node.options.length - 1;
					const split = last ? -1 : emit(Op.Split);
					if (!last) program.a[split] = pc;
					emitNode(option);
					if (!last) {
						jumps.push(emit(Op.Jump));
						program.b[split] = pc;
					}
				});
				for (const jump of jumps) program.a[jump] = pc;
				return;
			}
			case 'repeat': {
				for (let i = 0; i < node.min; i++) emitNode(node.body);
				if (node.max === Infinity) {
					const split = emit(Op.Split, pc + 1);
					emitNode(node.body);
					emit(Op.Jump, split);
					program.b[split] = pc;
					return;
				}
				const splits: number[] = [];
				for (let i = node.min; i < node.max; i++) {
					splits.push(emit(Op.Split, pc + 1));
					emitNode(node.body);
				}
				for (const split of splits) program.b[split] = pc;
				return;
			}
		}
	};
	emitNode(tree);
	emit(Op.Match);
	return program;
}

// ---------------------------------------------------------------------------------------------
// Matching: the whole DFA, built from the NFA when the pattern is compiled.
//
// A lazily built DFA is linear in the input, but its constant is the size of the states it builds: a pattern
// such as (?:[a-c]{0,49}[ab]){99}d needs a new state of thousands of NFA instructions at nearly every
// character, seconds per test. So the DFA is built completely, over classes of characters that every set of
// the pattern treats alike, within a fixed amount of work; a pattern that needs more is refused with a clear
// message. `test` is then one table lookup per character, whatever the pattern and the input.

/** What a DFA state says about the search, stored per state so the inner loop reads one byte. */
const MATCHED = 1;
/** No instruction alive and no new start possible: the answer is false. */
const DEAD = 2;

interface Automaton {
	/** next state of state s on class c at [s * classCount + c] */
	next: Int32Array;
	classCount: number;
	/** class of each ASCII code unit; other code units are looked up in `bounds` */
	asciiClass: Uint16Array;
	/** first code unit of each interval, ascending (interval i = bounds[i] .. bounds[i + 1] - 1) ... */
	bounds: Uint32Array;
	/** ... and the class of each interval */
	intervalClass: Uint16Array;
	flags: Uint8Array;
	/** whether the input may end in state s (after at least one character) */
	acceptsAtEnd: Uint8Array;
	/** whether the empty input matches */
	emptyMatches: boolean;
	/** NFA instructions visited to build it (what MAX_AUTOMATON_WORK bounds) */
	work: number;
}

/**
 * Sets the whole DFA as one set: case folding applied (a set contains every code unit RegExp's `i` flag
 * would let it match) and negation resolved, so matching a code unit is a range test.
 */
function effectiveRanges(set: { ranges: Ranges; negated: boolean }, cases: CaseClasses | undefined): Ranges {
	const ranges = cases ? closeUnderCase(set.ranges, cases) : set.ranges;
	return set.negated ? complement(ranges) : ranges;
}

/** Every code unit whose case class meets the ranges (what RegExp's `i` flag compares). */
function closeUnderCase(ranges: Ranges, cases: CaseClasses): Ranges {
	const out: number[] = [];
	let size = 0;
	for (let i = 0; i < ranges.length; i += 2) size += ranges[i + 1] - ranges[i] + 1;
	const add = (code: number) => {
		const canonical = cases.canonical[code];
		for (let m = cases.start[canonical]; m < cases.start[canonical + 1]; m++) out.push(cases.members[m], cases.members[m]);
	};
	if (size <= (MAX_CODE_UNIT + 1) / 2) {
		for (let i = 0; i < ranges.length; i += 2) for (let code = ranges[i]; code <= ranges[i + 1]; code++) add(code);
		return normalize(out);
	}
	// A large set (".", "[^x]", "\\S"): walk its small complement instead, keeping the code units whose whole case
	// class lies outside the set.
	const outside = complement(ranges);
	const excluded: number[] = [];
	for (let i = 0; i < outside.length; i += 2) {
		for (let code = outside[i]; code <= outside[i + 1]; code++) {
			const canonical = cases.canonical[code];
			let inside = false;
			for (let m = cases.start[canonical]; m < cases.start[canonical + 1] && !inside; m++) inside = rangesContain(ranges, cases.members[m]);
			if (!inside) excluded.push(code, code);
		}
	}
	return complement(normalize(excluded));
}

export class PatternTooComplexError extends Error {
	constructor(
		message: string,
		/** NFA instruction visits spent before the pattern was refused: they count against the model's budget too. */
		readonly work: number,
	) {
		super(message);
	}
}

class DfaPattern implements SafePattern {
	private readonly automaton: Automaton;

	constructor(
		readonly source: string,
		program: Program,
		caseInsensitive: boolean,
	) {
		this.automaton = buildAutomaton(program, caseInsensitive ? getCaseClasses() : undefined);
	}

	/** NFA instructions visited to build the automaton, at most MAX_AUTOMATON_WORK (for tests and benchmarks). */
	get work(): number {
		return this.automaton.work;
	}

	test(input: string): boolean {
		const { next, classCount, asciiClass, bounds, intervalClass, flags } = this.automaton;
		let state = 0;
		if (flags[0] & MATCHED) return true;
		const length = Math.min(input.length, MAX_INPUT_LENGTH);
		for (let i = 0; i < length; i++) {
			const code = input.charCodeAt(i);
			state = next[state * classCount + (code < 128 ? asciiClass[code] : intervalClass[intervalOf(bounds, code)])];
			const f = flags[state];
			if (f !== 0) return f === MATCHED;
		}
		if (input.length > MAX_INPUT_LENGTH) return false;
		return input.length === 0 ? this.automaton.emptyMatches : this.automaton.acceptsAtEnd[state] === 1;
	}
}

function intervalOf(bounds: Uint32Array, code: number): number {
	let lo = 0;
	let hi = bounds.length - 1;
	while (lo < hi) {
		const mid = (lo + hi + 1) >> 1;
		if (bounds[mid] <= code) lo = mid;
		else hi = mid - 1;
	}
	return lo;
}

function buildAutomaton(program: Program, cases: CaseClasses | undefined): Automaton {
	const { op, a, b } = program;
	// Sets alike (a{100} repeats one set 100 times) are resolved once.
	const distinct = new Map<string, number>();
	const distinctRanges: Ranges[] = [];
	const setIds = program.sets.map((set) => {
		const ranges = effectiveRanges(set, cases);
		const key = ranges.join(',');
		let id = distinct.get(key);
		if (id === undefined) {
			id = distinctRanges.length;
			distinct.set(key, id);
			distinctRanges.push(ranges);
		}
		return id;
	});
	// Intervals between two consecutive range boundaries of any set are treated alike by every set; intervals
	// that every set treats alike (all the gaps between \s's ranges, say) then share one class.
	const boundarySet = new Set<number>([0]);
	for (const ranges of distinctRanges) {
		for (let i = 0; i < ranges.length; i += 2) {
			boundarySet.add(ranges[i]);
			if (ranges[i + 1] < MAX_CODE_UNIT) boundarySet.add(ranges[i + 1] + 1);
		}
	}
	const bounds = Uint32Array.from([...boundarySet].sort((x, y) => x - y));
	let work = bounds.length * distinctRanges.length;
	if (work > MAX_AUTOMATON_WORK) tooComplex(work);
	const intervalClass = new Uint16Array(bounds.length);
	const signatures = new Map<string, number>();
	const members: number[][] = []; // per class, the distinct sets that contain it
	for (let i = 0; i < bounds.length; i++) {
		const inside: number[] = [];
		distinctRanges.forEach((ranges, id) => {
			if (rangesContain(ranges, bounds[i])) inside.push(id);
		});
		const signature = inside.join(',');
		let c = signatures.get(signature);
		if (c === undefined) {
			c = members.length;
			signatures.set(signature, c);
			members.push(inside);
		}
		intervalClass[i] = c;
	}
	const classCount = members.length;
	const asciiClass = new Uint16Array(128);
	for (let code = 0; code < 128; code++) asciiClass[code] = intervalClass[intervalOf(bounds, code)];
	// setHas[set instruction's set][class]: whether the set contains the class.
	const distinctHas = distinctRanges.map(() => new Uint8Array(classCount));
	members.forEach((inside, c) => inside.forEach((id) => (distinctHas[id][c] = 1)));
	const setHas = setIds.map((id) => distinctHas[id]);

	const seen = new Uint32Array(op.length);
	let mark = 0;
	const closure = (starts: number[], atStart: boolean, atEnd: boolean, extra: readonly number[] = []): number[] => {
		mark++;
		const found: number[] = [];
		const stack = starts.slice().reverse();
		while (stack.length > 0) {
			const pc = stack.pop() as number;
			work++;
			if (seen[pc] === mark) continue;
			seen[pc] = mark;
			switch (op[pc]) {
				case Op.Split:
					stack.push(b[pc], a[pc]);
					break;
				case Op.Jump:
					stack.push(a[pc]);
					break;
				case Op.Begin:
					if (atStart) stack.push(pc + 1);
					break;
				case Op.End:
					if (atEnd) stack.push(pc + 1);
					else found.push(pc);
					break;
				default:
					found.push(pc);
			}
		}
		for (const pc of extra) {
			work++;
			if (seen[pc] !== mark) {
				seen[pc] = mark;
				found.push(pc);
			}
		}
		return found;
	};
	const reachesMatch = (pcs: readonly number[], atStart: boolean): boolean => {
		const ends = pcs.filter((pc) => op[pc] === Op.End).map((pc) => pc + 1);
		return closure(ends, atStart, true).some((pc) => op[pc] === Op.Match);
	};

	// Instructions alive after a new match attempt starts past position 0 (the unanchored search).
	const restart = closure([0], false, false);
	const states: Int32Array[] = [];
	const flags: number[] = [];
	const index = new Map<string, number>();
	const intern = (pcs: number[]): number => {
		const sorted = new Int32Array(pcs).sort();
		// Instruction numbers are below MAX_PROGRAM_SIZE < 65,536: one code unit each makes the key (TypedArray.join was
		// most of the time spent compiling ordinary patterns).
		const key = String.fromCharCode.apply(null, sorted as unknown as number[]);
		const known = index.get(key);
		if (known !== undefined) return known;
		if (states.length >= MAX_DFA_STATES) tooComplex(work);
		index.set(key, states.length);
		states.push(sorted);
		const matched = pcs.some((pc) => op[pc] === Op.Match);
		flags.push(matched ? MATCHED : pcs.length === 0 && restart.length === 0 ? DEAD : 0);
		return states.length - 1;
	};
	const initial = closure([0], true, false);
	intern(initial);
	const transitions: number[] = [];
	for (let s = 0; s < states.length; s++) {
		const pcs = states[s];
		for (let c = 0; c < classCount; c++) {
			// A state that settles the answer is never left: test() returns on reaching it.
			if (flags[s] !== 0) {
				transitions.push(s);
				continue;
			}
			const starts: number[] = [];
			for (const pc of pcs) if (op[pc] === Op.Set && setHas[a[pc]][c] === 1) starts.push(pc + 1);
			work += pcs.length;
			transitions.push(intern(closure(starts, false, false, restart)));
			if (work > MAX_AUTOMATON_WORK) tooComplex(work);
		}
	}
	const acceptsAtEnd = new Uint8Array(states.length);
	states.forEach((pcs, s) => {
		acceptsAtEnd[s] = reachesMatch([...pcs], false) ? 1 : 0;
	});
	return {
		next: Int32Array.from(transitions),
		classCount,
		asciiClass,
		bounds,
		intervalClass,
		flags: Uint8Array.from(flags),
		acceptsAtEnd,
		emptyMatches: reachesMatch(initial, true),
		work,
	};
}

function tooComplex(work: number): never {
	throw new PatternTooComplexError(
		`pattern is too complex to match safely (its automaton needs more than ${MAX_DFA_STATES} states or ${MAX_AUTOMATON_WORK} steps to build); ` +
			'use fewer or smaller repeats, especially of groups that contain repeats',
		work,
	);
}

// ---------------------------------------------------------------------------------------------
// Fast path: a case-sensitive pattern that is a plain string, optionally anchored.

interface LiteralShape {
	text: string;
	anchoredStart: boolean;
	anchoredEnd: boolean;
}

function literalShape(tree: Node): LiteralShape | undefined {
	const parts = tree.kind === 'concat' ? tree.parts : [tree];
	let from = 0;
	let to = parts.length;
	const anchoredStart = parts[0]?.kind === 'begin';
	if (anchoredStart) from++;
	const anchoredEnd = to > from && parts[to - 1].kind === 'end';
	if (anchoredEnd) to--;
	let text = '';
	for (let i = from; i < to; i++) {
		const part = parts[i];
		if (part.kind === 'empty') continue;
		if (part.kind !== 'set' || part.negated || part.ranges.length !== 2 || part.ranges[0] !== part.ranges[1]) {
			return undefined;
		}
		text += String.fromCharCode(part.ranges[0]);
	}
	return { text, anchoredStart, anchoredEnd };
}

function literalPattern(source: string, { text, anchoredStart, anchoredEnd }: LiteralShape): SafePattern {
	let test: (input: string) => boolean;
	if (anchoredStart && anchoredEnd) test = (input) => input === text;
	else if (anchoredStart) test = (input) => input.startsWith(text);
	else if (anchoredEnd) test = (input) => input.length <= MAX_INPUT_LENGTH && input.endsWith(text);
	else {
		test = (input) => {
			const found = input.indexOf(text);
			return found >= 0 && found + text.length <= MAX_INPUT_LENGTH;
		};
	}
	return { source, test, work: 0 };
}
