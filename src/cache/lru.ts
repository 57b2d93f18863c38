export interface LruLimits {
	/** Most entries kept. */
	maxEntries: number;
	/** Most total size kept, in the caller's unit (the cache of compiled settings counts characters of JSON). */
	maxSize: number;
}

/**
 * A map that forgets its least recently used entries once it holds more than `maxEntries` or more than `maxSize`
 * in total. The entry just added always stays, even alone over the size bound, so a value used by every item of
 * a run is never evicted by itself. Map keeps insertion order: re-inserting on use makes the first key the oldest.
 */
export class LruCache<K, V> {
	private readonly entries = new Map<K, { value: V; size: number }>();
	private total = 0;
	private evicted = 0;

	constructor(private limits: LruLimits) {
		checkLimits(limits);
	}

	get(key: K): V | undefined {
		const entry = this.entries.get(key);
		if (entry === undefined) return undefined;
		this.entries.delete(key);
		this.entries.set(key, entry);
		return entry.value;
	}

	set(key: K, value: V, size = 1): void {
		const previous = this.entries.get(key);
		if (previous !== undefined) {
			this.total -= previous.size;
			this.entries.delete(key);
		}
		this.entries.set(key, { value, size });
		this.total += size;
		this.evict();
	}

	/** Changes the bounds, evicting at once what no longer fits. */
	resize(limits: LruLimits): void {
		checkLimits(limits);
		this.limits = { ...limits };
		this.evict();
	}

	clear(): void {
		this.entries.clear();
		this.total = 0;
	}

	/** Entries held, their total size, and how many were evicted since the cache was made. */
	get stats(): { entries: number; size: number; evictions: number } {
		return { entries: this.entries.size, size: this.total, evictions: this.evicted };
	}

	private evict(): void {
		while (this.entries.size > 1 && (this.entries.size > this.limits.maxEntries || this.total > this.limits.maxSize)) {
			const [oldestKey, oldest] = this.entries.entries().next().value as [K, { value: V; size: number }];
			this.entries.delete(oldestKey);
			this.total -= oldest.size;
			this.evicted++;
		}
	}
}

function checkLimits(limits: LruLimits): void {
	if (!(Number.isInteger(limits.maxEntries) && limits.maxEntries >= 1)) throw new RangeError(`maxEntries must be a whole number >= 1, got ${limits.maxEntries}`);
	if (!(limits.maxSize > 0)) throw new RangeError(`maxSize must be > 0, got ${limits.maxSize}`);
}
