import fc from 'fast-check';
import { LruCache, SettingsCache, settingKey } from '../../../src/cache';

describe('LruCache', () => {
	it('forgets the least recently used entry past the count bound; a read makes an entry recent', () => {
		const lru = new LruCache<string, number>({ maxEntries: 3, maxSize: 1000 });
		lru.set('a', 1);
		lru.set('b', 2);
		lru.set('c', 3);
		expect(lru.get('a')).toBe(1); // order now b, c, a
		lru.set('d', 4); // evicts b
		expect([lru.get('b'), lru.get('c'), lru.get('a'), lru.get('d')]).toEqual([undefined, 3, 1, 4]);
		expect(lru.stats).toEqual({ entries: 3, size: 3, evictions: 1 });
	});

	it('forgets the oldest entries past the size bound, and always keeps the newest even alone over it', () => {
		const lru = new LruCache<string, string>({ maxEntries: 100, maxSize: 10 });
		lru.set('a', 'x', 4);
		lru.set('b', 'y', 4);
		lru.set('c', 'z', 4); // 12 > 10: a goes
		expect(lru.stats).toEqual({ entries: 2, size: 8, evictions: 1 });
		lru.set('big', 'w', 50); // over the bound alone: b and c go, big stays
		expect(lru.stats).toEqual({ entries: 1, size: 50, evictions: 3 });
		expect(lru.get('big')).toBe('w');
		lru.set('big', 'v', 2); // replacing an entry replaces its size
		expect(lru.stats).toEqual({ entries: 1, size: 2, evictions: 3 });
	});

	it('refuses bounds that could not hold anything', () => {
		expect(() => new LruCache({ maxEntries: 0, maxSize: 10 })).toThrow('maxEntries must be a whole number >= 1, got 0');
		expect(() => new LruCache({ maxEntries: 1, maxSize: 0 })).toThrow('maxSize must be > 0, got 0');
	});

	it('never holds more than its bounds, and holds exactly the most recently used keys (property)', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 8 }), fc.array(fc.integer({ min: 0, max: 15 }), { maxLength: 200 }), (max, keys) => {
				const lru = new LruCache<number, number>({ maxEntries: max, maxSize: 1e9 });
				const recent: number[] = [];
				for (const key of keys) {
					if (lru.get(key) === undefined) lru.set(key, key * 2);
					recent.splice(recent.indexOf(key) >>> 0, recent.includes(key) ? 1 : 0);
					recent.push(key);
				}
				const expected = recent.slice(-max);
				expect(lru.stats.entries).toBe(expected.length);
				for (const key of expected) expect(lru.get(key)).toBe(key * 2);
			}),
		);
	});
});

describe('SettingsCache', () => {
	it('compiles each distinct content once per compiler, sharing one compiled copy between equal settings', () => {
		const cache = new SettingsCache();
		let calls = 0;
		const compile = (raw: unknown) => ({ compiled: raw, n: ++calls });
		const a1 = cache.compile(compile, settingKey({ x: 1 }), { x: 1 });
		const a2 = cache.compile(compile, settingKey({ x: 1 }), { x: 1 });
		const b = cache.compile(compile, settingKey({ x: 2 }), { x: 2 });
		expect(a1).toBe(a2);
		expect([a1.n, b.n]).toEqual([1, 2]);
		// another compiler with the same content compiles its own copy
		const other = cache.compile((raw) => ({ other: raw }), settingKey({ x: 1 }), { x: 1 });
		expect(other).toEqual({ other: { x: 1 } });
		expect(cache.stats).toMatchObject({ compiles: 3, hits: 1, entries: 3 });
	});

	it('remembers a failure: a bad setting is compiled once and fails every use', () => {
		const cache = new SettingsCache();
		let calls = 0;
		const compile = () => {
			calls++;
			throw new Error('bad');
		};
		expect(() => cache.compile(compile, 'k', 1)).toThrow('bad');
		expect(() => cache.compile(compile, 'k', 1)).toThrow('bad');
		expect(calls).toBe(1);
	});

	it('bounds its entries and resets to a known state', () => {
		const cache = new SettingsCache({ maxEntries: 2, maxSize: 1e6 });
		const compile = (raw: unknown) => raw;
		for (const k of [1, 2, 3, 1]) cache.compile(compile, settingKey(k), k);
		// 1, 2 compiled; 3 evicts 1; 1 again evicts 2: four compiles, no hit
		expect(cache.stats).toMatchObject({ compiles: 4, hits: 0, entries: 2, evictions: 2 });
		cache.reset();
		expect(cache.stats).toMatchObject({ compiles: 0, hits: 0, entries: 0 });
	});

	it('keys JSON text and values apart, and by content', () => {
		expect(settingKey('{"a":1}')).toBe('t{"a":1}');
		expect(settingKey({ a: 1 })).toBe('j{"a":1}');
		expect(settingKey(undefined)).toBe('jundefined');
	});
});
