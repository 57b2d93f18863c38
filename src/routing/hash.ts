/**
 * The stable hash behind sticky routing: 64-bit FNV-1a over the UTF-8 bytes, followed by MurmurHash3's fmix64
 * finaliser. FNV-1a alone barely changes its high bits when only the last characters differ ("lead-1" vs
 * "lead-2"); the finaliser spreads every input bit over the whole word. Fixed forever: changing it would move
 * every sticky lead to another rep.
 */
const MASK_64 = (1n << 64n) - 1n;
const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const encoder = new TextEncoder();

export function stableHash64(text: string): bigint {
	return fmix64(fnv1a64(text));
}

export function fnv1a64(text: string): bigint {
	let hash = FNV_OFFSET;
	for (const byte of encoder.encode(text)) {
		hash = ((hash ^ BigInt(byte)) * FNV_PRIME) & MASK_64;
	}
	return hash;
}

export function fmix64(value: bigint): bigint {
	let hash = value ^ (value >> 33n);
	hash = (hash * 0xff51afd7ed558ccdn) & MASK_64;
	hash ^= hash >> 33n;
	hash = (hash * 0xc4ceb9fe1a85ec53n) & MASK_64;
	return hash ^ (hash >> 33n);
}

/** A number strictly between 0 and 1 from the top 53 bits of the hash. */
export function stableUnitInterval(text: string): number {
	return (Number(stableHash64(text) >> 11n) + 0.5) / 2 ** 53;
}
