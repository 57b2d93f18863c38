import { InputError } from '../errors';
import { readPath, type FieldPath } from '../fields';
import { numberFrom, isBlank } from '../numbers';
import { DATE_EXPECTATION, DAY_MS, parseInstant, type Instant } from '../time';
import { emailDomain, isFreeMailDomain, type Condition } from '../conditions';
import { auc } from './metrics';

/**
 * Candidate rules generated from the data, and the sparse matrix of which lead matches which rule. Every candidate
 * is a rule Score Lead can run as it is (fit: `in`, `greaterThan`, `isFreeEmail`; engagement: an event type counted
 * within a window up to a limit), and a lead's feature value is exactly what that rule counts for it, so the
 * suggested points reproduce in Score Lead the scores the fit predicted.
 */

/** A lead's events as of its cutoff: interned type, and age in ms before the cutoff (NaN for an event without a time). */
export interface LeadEvents {
	readonly types: Int32Array;
	readonly ages: Float64Array;
}

export interface EventPaths {
	readonly events: FieldPath;
	readonly eventType: FieldPath;
	readonly eventTime: FieldPath;
}

/** Event types by name, shared by all leads of a run so events are stored as small integers. */
export class EventTypes {
	readonly names: string[] = [];
	private readonly index = new Map<string, number>();
	/** Types seen at least once without a time: they get no windowed rule (Score Lead needs a time for a window). */
	readonly untimed = new Set<number>();
	intern(name: string): number {
		let i = this.index.get(name);
		if (i === undefined) {
			i = this.names.length;
			this.names.push(name);
			this.index.set(name, i);
		}
		return i;
	}
}

export const MAX_EVENTS_PER_LEAD = 10_000;

/**
 * Reads a lead's events as of its cutoff, as Score Lead reads them: a list, each event with a text type; a time
 * that is present must be readable. Events after the cutoff are dropped (counted, for the report).
 */
export function readLeadEvents(lead: unknown, paths: EventPaths, cutoff: Instant, types: EventTypes): LeadEvents & { dropped: number; untimed: number } {
	const events = readPath(lead, paths.events);
	if (events === undefined || events === null) return { types: new Int32Array(0), ages: new Float64Array(0), dropped: 0, untimed: 0 };
	if (!Array.isArray(events)) throw new InputError(paths.events.source, 'a list of events', events);
	if (events.length > MAX_EVENTS_PER_LEAD) throw new InputError(paths.events.source, `at most ${MAX_EVENTS_PER_LEAD} events`, events);
	const kept: number[] = [];
	const ages: number[] = [];
	let dropped = 0;
	let untimed = 0;
	events.forEach((event, j) => {
		const type = readPath(event, paths.eventType);
		if (typeof type !== 'string') throw new InputError(`${paths.events.source}[${j}].${paths.eventType.source}`, 'an event type (text)', type);
		const rawTime = readPath(event, paths.eventTime);
		let age = Number.NaN;
		if (!isBlank(rawTime)) {
			const time = parseInstant(rawTime);
			if (time === undefined) throw new InputError(`${paths.events.source}[${j}].${paths.eventTime.source}`, DATE_EXPECTATION, rawTime);
			if (time > cutoff) {
				dropped++;
				return;
			}
			age = cutoff - time;
		}
		const t = types.intern(type);
		if (Number.isNaN(age)) {
			untimed++;
			types.untimed.add(t);
		}
		kept.push(t);
		ages.push(age);
	});
	return { types: Int32Array.from(kept), ages: Float64Array.from(ages), dropped, untimed };
}

export interface CandidateOptions {
	/** A candidate needs this many training leads on each side (matching and not). */
	readonly minSupport: number;
	/** Quantile cut points per numeric field. */
	readonly numericCuts: number;
	/** At most this many values per field become rules (the most frequent). */
	readonly maxValuesPerField: number;
	/** Windows for event counts, in days, besides "ever". */
	readonly windowsDays: readonly number[];
	/** At most this many candidates go into the fit (the most informative on the training leads). */
	readonly maxCandidates: number;
	/** Field paths never used (known only after contact, the outcome itself, ids): a path and everything below it. */
	readonly exclude: readonly string[];
	/** How deep into nested objects fields are looked for. */
	readonly maxDepth?: number;
}

export interface Candidate {
	id: string;
	label: string;
	kind: 'fit' | 'engagement';
	/** The largest value the feature takes (1 for a yes/no rule; an occurrence limit for a count). */
	cap: number;
	when?: Condition;
	engagement?: { eventType: string; withinDays?: number; maxOccurrences: number };
	/** Training leads the rule matches, and how many of them converted. */
	support: number;
	converted: number;
	/**
	 * The only sign the rule's points may take (a step of a number field goes the field's way: the steps of
	 * "employees over 50, over 250, over 1000" all add, or all take away), or undefined when free.
	 */
	sign?: 1 | -1;
}

/** How well one field's values alone rank the training leads, for spotting a field that leaks the outcome. */
export interface FieldSignal {
	field: string;
	/** AUC of the field alone (0.5 to 1, whichever direction): values ranked by conversion, numbers by size. */
	auc: number;
	leads: number;
}

/** Which lead matches which candidate, by column (compressed sparse columns); values are counts up to the cap. */
export interface FeatureMatrix {
	readonly rows: number;
	readonly cols: number;
	readonly colPtr: Int32Array;
	readonly rowIdx: Int32Array;
	readonly values: Uint8Array;
}

export interface TuningInput {
	readonly leads: readonly unknown[];
	readonly events: readonly LeadEvents[];
	readonly types: EventTypes;
	readonly y: Uint8Array;
	/** 1 for leads the candidates may learn from (the training part). */
	readonly training: Uint8Array;
	readonly eventsPath: string;
}

const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);
const MAX_DISTINCT_TRACKED = 10_000;

interface FieldStats {
	path: string;
	parsed: FieldPath;
	nonBlank: number;
	/** Training leads holding a value, and converted among them. */
	present: number;
	presentConverted: number;
	numeric: number;
	emails: number;
	strings: number;
	list: boolean;
	/** Per value key: training leads holding it, and converted among them. */
	values: Map<string, { value: string | number; support: number; converted: number }>;
	numbers: number[];
	numbersY: number[];
}

/** How Score Lead's `in` compares a value: numbers and numeric text by number, booleans as text, text folded. */
function valueKey(v: unknown): { key: string; value: string | number } | undefined {
	const n = numberFrom(v);
	if (n !== undefined) return { key: `n${n}`, value: n };
	if (typeof v === 'boolean') return { key: `s${v}`, value: String(v) };
	if (typeof v === 'string') {
		const s = v.trim().toLowerCase();
		return s === '' ? undefined : { key: `s${s}`, value: s };
	}
	return undefined;
}

/** A field path in words, for labels a marketer reads: "company.employeeCount" -> "Company employee count". */
export function fieldWords(path: string): string {
	const words = path
		.split('.')
		.join(' ')
		.replace(/([a-z\d])([A-Z])/g, '$1 $2')
		.replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
		.replace(/[_\s-]+/g, ' ')
		.trim()
		.toLowerCase();
	return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Values that say yes: of a yes/no field, the rule is written on this side ("Do not email: yes"). */
const YES_WORDS = new Set(['true', 'yes', 'y', '1']);

/**
 * The AUC of a field whose values are groups (text, few numbers): groups ranked by their conversion rate, values
 * held by fewer than `minSupport` training leads pooled with the leads lacking the field (so an id or an email,
 * one lead per value, ranks nothing).
 */
function groupedAuc(groups: ReadonlyArray<{ support: number; converted: number }>, total: number, totalConverted: number, minSupport: number): number {
	const kept = groups.filter((g) => g.support >= minSupport);
	const rest = { support: total, converted: totalConverted };
	for (const g of kept) {
		rest.support -= g.support;
		rest.converted -= g.converted;
	}
	const all = [...kept, rest].filter((g) => g.support > 0).sort((a, b) => b.converted / b.support - a.converted / a.support);
	const negatives = total - totalConverted;
	if (totalConverted === 0 || negatives === 0) return 0.5;
	let above = 0;
	let wins = 0;
	for (const g of all) {
		wins += (g.support - g.converted) * (above + g.converted / 2);
		above += g.converted;
	}
	return wins / (totalConverted * negatives);
}

function isExcluded(path: string, exclude: readonly string[]): boolean {
	return exclude.some((e) => path === e || path.startsWith(`${e}.`));
}

/** Scalar leaves (and lists of scalars) of a lead, as dot paths Score Lead can read. */
function walk(value: unknown, prefix: string, depth: number, maxDepth: number, exclude: readonly string[], visit: (path: string, v: unknown) => void): void {
	if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
	for (const key of Object.keys(value)) {
		if (key === '' || FORBIDDEN.has(key) || /[.[\]]/.test(key) || /^\d+$/.test(key)) continue;
		const path = prefix === '' ? key : `${prefix}.${key}`;
		if (isExcluded(path, exclude)) continue;
		const v = (value as Record<string, unknown>)[key];
		if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
			if (depth + 1 < maxDepth) walk(v, path, depth + 1, maxDepth, exclude, visit);
		} else visit(path, v);
	}
}

function zScore(support: number, converted: number, total: number, totalConverted: number): number {
	const rest = total - support;
	if (support === 0 || rest === 0) return 0;
	const p = totalConverted / total;
	const se = Math.sqrt(p * (1 - p) * (1 / support + 1 / rest)) || 1;
	return Math.abs(converted / support - (totalConverted - converted) / rest) / se;
}

function quantile(sorted: readonly number[], q: number): number {
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(q * sorted.length)))];
}

type Extractor = (row: number, add: (col: number, value: number) => void) => void;

/** Generates the candidates from the training leads and the matrix for every lead. */
export function buildFeatures(input: TuningInput, options: CandidateOptions): { candidates: Candidate[]; matrix: FeatureMatrix; signals: FieldSignal[] } {
	const { leads, y, training } = input;
	const exclude = [...options.exclude, input.eventsPath];
	const maxDepth = options.maxDepth ?? 3;
	let trainingLeads = 0;
	let trainingConverted = 0;
	for (let i = 0; i < leads.length; i++) if (training[i]) {
		trainingLeads++;
		trainingConverted += y[i];
	}
	const supported = (support: number) => support >= options.minSupport && trainingLeads - support >= options.minSupport;

	// 1. Field statistics: types over every lead (a rule must not fail on any lead), supports over training leads.
	const fields = new Map<string, FieldStats>();
	leads.forEach((lead, i) => {
		walk(lead, '', 0, maxDepth, exclude, (path, v) => {
			if (isBlank(v) || (Array.isArray(v) && v.length === 0)) return;
			let f = fields.get(path);
			if (!f) {
				f = { path, parsed: Object.assign(path.split('.'), { source: path }), nonBlank: 0, present: 0, presentConverted: 0, numeric: 0, emails: 0, strings: 0, list: false, values: new Map(), numbers: [], numbersY: [] };
				fields.set(path, f);
			}
			f.nonBlank++;
			const elements = Array.isArray(v) ? v : [v];
			if (Array.isArray(v)) f.list = true;
			else if (typeof v !== 'boolean' && numberFrom(v) !== undefined) {
				f.numeric++;
				if (training[i]) {
					f.numbers.push(numberFrom(v) as number);
					f.numbersY.push(y[i]);
				}
			}
			if (typeof v === 'string') {
				f.strings++;
				if (v.includes('@')) f.emails++;
			}
			if (!training[i]) return;
			f.present++;
			f.presentConverted += y[i];
			const seen = new Set<string>();
			for (const e of elements) {
				const k = valueKey(e);
				if (!k || seen.has(k.key)) continue;
				seen.add(k.key);
				let s = f.values.get(k.key);
				if (!s) {
					if (f.values.size >= MAX_DISTINCT_TRACKED) continue;
					f.values.set(k.key, (s = { value: k.value, support: 0, converted: 0 }));
				}
				s.support++;
				s.converted += y[i];
			}
		});
	});

	const fitCandidate = (c: Omit<Candidate, 'kind' | 'cap' | 'id'>) => ({ ...c, kind: 'fit' as const, cap: 1, id: '', score: zScore(c.support, c.converted, trainingLeads, trainingConverted) });

	const fitCandidates: Array<ReturnType<typeof fitCandidate> & { test: (v: unknown) => boolean; path: FieldPath }> = [];
	const signals: FieldSignal[] = [];
	for (const f of fields.values()) {
		const allNumeric = !f.list && f.numeric === f.nonBlank;
		const distinct = new Set(f.numbers).size;
		const words = fieldWords(f.path);
		if (allNumeric && distinct > options.numericCuts + 1) {
			// Numbers rank by size; the steps all go the way the field goes over the training leads.
			const numberAuc = f.numbersY.includes(1) && f.numbersY.includes(0) ? auc(f.numbers, f.numbersY) : 0.5;
			const sign = numberAuc >= 0.5 ? 1 : -1;
			signals.push({ field: f.path, auc: Math.max(numberAuc, 1 - numberAuc), leads: f.present });
			const order = f.numbers.map((_, k) => k).sort((a, b) => f.numbers[a] - f.numbers[b]);
			const sorted = order.map((k) => f.numbers[k]);
			const cuts = [...new Set(Array.from({ length: options.numericCuts }, (_, k) => quantile(sorted, (k + 1) / (options.numericCuts + 1))))];
			for (const cut of cuts) {
				let support = 0;
				let converted = 0;
				order.forEach((k) => {
					if (f.numbers[k] > cut) {
						support++;
						converted += f.numbersY[k];
					}
				});
				if (!supported(support)) continue;
				fitCandidates.push({
					...fitCandidate({ label: `${words} over ${cut}`, when: { field: f.path, operator: 'greaterThan', value: cut }, support, converted }),
					sign,
					path: f.parsed,
					test: (v) => {
						const n = numberFrom(v);
						return n !== undefined && n > cut;
					},
				});
			}
			continue;
		}
		if (f.emails * 2 >= f.strings && f.strings > 0 && !f.list) {
			let support = 0;
			let converted = 0;
			leads.forEach((lead, i) => {
				if (!training[i]) return;
				const domain = emailDomain(readPath(lead, f.parsed));
				if (domain !== undefined && isFreeMailDomain(domain)) {
					support++;
					converted += y[i];
				}
			});
			if (supported(support)) {
				fitCandidates.push({
					...fitCandidate({ label: `${words} is a free mail address`, when: { field: f.path, operator: 'isFreeEmail' }, support, converted }),
					path: f.parsed,
					test: (v) => {
						const domain = emailDomain(v);
						return domain !== undefined && isFreeMailDomain(domain);
					},
				});
			}
			continue;
		}
		if (!f.list) signals.push({ field: f.path, auc: groupedAuc([...f.values.values()], trainingLeads, trainingConverted, options.minSupport), leads: f.present });
		let values = [...f.values.values()].filter((s) => supported(s.support)).sort((a, b) => b.support - a.support || (String(a.value) < String(b.value) ? -1 : 1));
		// A field of two values needs one rule, not two opposite ones ("Do not email: yes" alone, not also ": no").
		if (!f.list && f.values.size === 2 && values.length === 2) {
			const yes = values.findIndex((s) => YES_WORDS.has(String(s.value)));
			values = [values[yes >= 0 ? yes : 1]];
		}
		for (const s of values.slice(0, options.maxValuesPerField)) {
			const key = valueKey(s.value)?.key;
			fitCandidates.push({
				...fitCandidate({ label: `${words}: ${s.value}`, when: { field: f.path, operator: 'in', value: [s.value] }, support: s.support, converted: s.converted }),
				path: f.parsed,
				test: (v) => (Array.isArray(v) ? v.some((e) => valueKey(e)?.key === key) : valueKey(v)?.key === key),
			});
		}
	}

	// 2. Event statistics over training leads: per type and window, leads with at least one, and their counts.
	const windows = [0, ...[...new Set(options.windowsDays)].filter((d) => d > 0).sort((a, b) => a - b)];
	const typeCount = input.types.names.length;
	const counts = windows.map(() => new Int32Array(typeCount));
	const positive = windows.map(() => Array.from({ length: typeCount }, () => [] as number[]));
	const convertedWith = windows.map(() => new Int32Array(typeCount));
	const countEvents = (events: LeadEvents, w: number): Map<number, number> => {
		const byType = new Map<number, number>();
		const limit = windows[w] * DAY_MS;
		for (let k = 0; k < events.types.length; k++) {
			if (w > 0 && !(events.ages[k] <= limit)) continue;
			byType.set(events.types[k], (byType.get(events.types[k]) ?? 0) + 1);
		}
		return byType;
	};
	input.events.forEach((events, i) => {
		if (!training[i]) return;
		windows.forEach((_, w) => {
			for (const [t, n] of countEvents(events, w)) {
				counts[w][t]++;
				positive[w][t].push(n);
				convertedWith[w][t] += y[i];
			}
		});
	});
	const eventCandidates: Array<Candidate & { score: number; type: number; window: number }> = [];
	const sortedTypes = input.types.names.map((_, t) => t).sort((a, b) => (input.types.names[a] < input.types.names[b] ? -1 : 1));
	for (const t of sortedTypes) {
		const name = input.types.names[t];
		windows.forEach((days, w) => {
			if (w > 0 && input.types.untimed.has(t)) return;
			const support = counts[w][t];
			if (!supported(support)) return;
			const sorted = positive[w][t].sort((a, b) => a - b);
			const cap = Math.min(10, Math.max(1, quantile(sorted, 0.9)));
			const where = days > 0 ? ` in the last ${days} days` : '';
			const score = zScore(support, convertedWith[w][t], trainingLeads, trainingConverted);
			const base = { kind: 'engagement' as const, id: '', support, converted: convertedWith[w][t], type: t, window: w, score };
			eventCandidates.push({ ...base, label: `${name}${where} (at least once)`, cap: 1, engagement: { eventType: name, ...(days > 0 ? { withinDays: days } : {}), maxOccurrences: 1 } });
			if (cap > 1) {
				eventCandidates.push({ ...base, label: `${name}${where} (each, up to ${cap})`, cap, engagement: { eventType: name, ...(days > 0 ? { withinDays: days } : {}), maxOccurrences: cap } });
			}
		});
	}

	// 3. The most informative candidates, fit rules first, then engagement rules, each in a stable order.
	const ranked = [...fitCandidates.map((c, k) => ({ c, k, fit: true })), ...eventCandidates.map((c, k) => ({ c, k, fit: false }))]
		.sort((a, b) => b.c.score - a.c.score || Number(b.fit) - Number(a.fit) || a.k - b.k)
		.slice(0, options.maxCandidates);
	const keepFit = ranked.filter((r) => r.fit).map((r) => r.k).sort((a, b) => a - b).map((k) => fitCandidates[k]);
	const keepEvents = ranked.filter((r) => !r.fit).map((r) => r.k).sort((a, b) => a - b).map((k) => eventCandidates[k]);

	const ids = new Set<string>();
	const finalCandidates: Candidate[] = [...keepFit, ...keepEvents].map((c) => {
		let id = c.label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 90) || 'rule';
		const stem = id;
		for (let k = 2; ids.has(id); k++) id = `${stem}-${k}`;
		ids.add(id);
		const out: Candidate = { id, label: c.label.slice(0, 200), kind: c.kind, cap: c.cap, support: c.support, converted: c.converted };
		if ('sign' in c && c.sign !== undefined) out.sign = c.sign;
		if (c.when) out.when = c.when;
		if (c.engagement) out.engagement = c.engagement;
		return out;
	});

	// 4. The matrix, row by row (compressed rows), then turned into columns for coordinate descent.
	const fitByPath = new Map<string, { path: FieldPath; tests: Array<{ col: number; test: (v: unknown) => boolean }> }>();
	keepFit.forEach((c, col) => {
		const entry = fitByPath.get(c.path.source) ?? { path: c.path, tests: [] };
		entry.tests.push({ col, test: c.test });
		fitByPath.set(c.path.source, entry);
	});
	const eventCols = new Map<number, Array<{ col: number; window: number }>>();
	const caps = new Uint8Array(finalCandidates.length);
	keepEvents.forEach((c, k) => {
		const list = eventCols.get(c.type) ?? [];
		list.push({ col: keepFit.length + k, window: windows[c.window] * DAY_MS });
		eventCols.set(c.type, list);
		caps[keepFit.length + k] = c.cap;
	});
	const extract: Extractor = (row, add) => {
		const lead = leads[row];
		for (const { path, tests } of fitByPath.values()) {
			const v = readPath(lead, path);
			if (isBlank(v)) continue;
			for (const { col, test } of tests) if (test(v)) add(col, 1);
		}
		const events = input.events[row];
		if (events.types.length === 0 || eventCols.size === 0) return;
		const tally = new Map<number, number>();
		for (let k = 0; k < events.types.length; k++) {
			const cols = eventCols.get(events.types[k]);
			if (!cols) continue;
			for (const c of cols) if (c.window === 0 || events.ages[k] <= c.window) tally.set(c.col, (tally.get(c.col) ?? 0) + 1);
		}
		for (const c of [...tally.keys()].sort((a, b) => a - b)) add(c, Math.min(tally.get(c) as number, caps[c]));
	};
	return { candidates: finalCandidates, matrix: toColumns(leads.length, finalCandidates.length, extract), signals };
}

function toColumns(rows: number, cols: number, extract: Extractor): FeatureMatrix {
	let capacity = Math.max(1024, rows * 4);
	let colIdx = new Int32Array(capacity);
	let vals = new Uint8Array(capacity);
	const rowPtr = new Int32Array(rows + 1);
	let nnz = 0;
	const add = (col: number, value: number) => {
		if (nnz === capacity) {
			capacity *= 2;
			const c = new Int32Array(capacity);
			c.set(colIdx);
			colIdx = c;
			const v = new Uint8Array(capacity);
			v.set(vals);
			vals = v;
		}
		colIdx[nnz] = col;
		vals[nnz] = value;
		nnz++;
	};
	for (let r = 0; r < rows; r++) {
		extract(r, add);
		rowPtr[r + 1] = nnz;
	}
	const colPtr = new Int32Array(cols + 1);
	for (let k = 0; k < nnz; k++) colPtr[colIdx[k] + 1]++;
	for (let c = 0; c < cols; c++) colPtr[c + 1] += colPtr[c];
	const next = colPtr.slice(0, cols);
	const rowIdx = new Int32Array(nnz);
	const values = new Uint8Array(nnz);
	for (let r = 0; r < rows; r++) {
		for (let k = rowPtr[r]; k < rowPtr[r + 1]; k++) {
			const at = next[colIdx[k]]++;
			rowIdx[at] = r;
			values[at] = vals[k];
		}
	}
	return { rows, cols, colPtr, rowIdx, values };
}
