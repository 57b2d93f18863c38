import { requireShallow } from '../validation';
import { LruCache, type LruLimits } from './lru';

/**
 * The one cache of compiled settings (scoring models, stage ladders, routing settings, decay settings) shared by
 * every node of the package in a process. Agencies pick a model per client with an expression: each distinct
 * setting is validated and compiled once, however the clients' leads are interleaved, and reused by later runs.
 *
 * Keyed by the compiler and the setting's content (its JSON text), so two clients with the same model share one
 * compiled copy. Bounded by count and by approximate size: a setting's size is the length of its JSON text, a
 * proxy for the memory of its compiled form. A setting that fails to compile is kept too (as its error), so a bad
 * client model costs one compile, not one per lead.
 */
// A compiled model takes about 6 times its JSON in memory (about 22 KB for the 3.5 KB benchmark model), so
// 8 M characters of JSON is some 50 MB at most; 2,048 benchmark-sized models fit in it.
export const DEFAULT_SETTINGS_CACHE_LIMITS: LruLimits = { maxEntries: 2048, maxSize: 8 * 1024 * 1024 };

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export interface SettingsCacheStats {
	/** Settings compiled (successfully or not) since the last reset: one per distinct setting while it stays cached. */
	compiles: number;
	/** Lookups answered from the cache. */
	hits: number;
	entries: number;
	size: number;
	evictions: number;
}

export class SettingsCache {
	private readonly lru: LruCache<string, Outcome>;
	/** Each compiler gets a number, so a ladder and a model with the same text never share an entry. */
	private readonly compilerIds = new WeakMap<object, number>();
	private nextCompilerId = 0;
	private compiles = 0;
	private hits = 0;

	constructor(limits: LruLimits = DEFAULT_SETTINGS_CACHE_LIMITS) {
		this.lru = new LruCache(limits);
	}

	/**
	 * The compiled form of the setting whose content key is `key` (see `settingKey`), compiling it with `compile`
	 * on a miss. A compile error is remembered and thrown again for every later use of the same setting.
	 */
	compile<T>(compile: (raw: unknown) => T, key: string, raw: unknown): T {
		const fullKey = `${this.compilerId(compile)}:${key}`;
		let outcome = this.lru.get(fullKey);
		if (outcome === undefined) {
			this.compiles++;
			try {
				outcome = { ok: true, value: compile(raw) };
			} catch (error) {
				outcome = { ok: false, error };
			}
			this.lru.set(fullKey, outcome, fullKey.length);
		} else {
			this.hits++;
		}
		if (!outcome.ok) throw outcome.error;
		return outcome.value as T;
	}

	get stats(): SettingsCacheStats {
		return { compiles: this.compiles, hits: this.hits, ...this.lru.stats };
	}

	/** Empties the cache and zeroes the counters (tests and benchmarks start from a known state). */
	reset(limits: LruLimits = DEFAULT_SETTINGS_CACHE_LIMITS): void {
		this.lru.clear();
		this.lru.resize(limits);
		this.compiles = 0;
		this.hits = 0;
	}

	private compilerId(compile: object): number {
		let id = this.compilerIds.get(compile);
		if (id === undefined) {
			id = this.nextCompilerId++;
			this.compilerIds.set(compile, id);
		}
		return id;
	}
}

/** The content key of a setting: JSON text as given, any other value as its JSON. */
export function settingKey(raw: unknown): string {
	if (typeof raw === 'string') return `t${raw}`;
	requireShallow(raw);
	return `j${JSON.stringify(raw) ?? String(raw)}`;
}

export const compiledSettings = new SettingsCache();
