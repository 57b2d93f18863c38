/**
 * Seeded randomness for learning: the same seed gives the same split, folds and model on every machine.
 * mulberry32: a small 32-bit generator, plenty for shuffling leads (not for cryptography).
 */
export function seededRandom(seed: number): () => number {
	let state = (Math.trunc(seed) ^ 0x9e3779b9) >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function shuffle(indices: Int32Array, random: () => number): void {
	for (let i = indices.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		const t = indices[i];
		indices[i] = indices[j];
		indices[j] = t;
	}
}

/**
 * Assigns each lead to one of `folds` groups, stratified by outcome: converted and not-converted leads are
 * shuffled separately and dealt round-robin, so every group gets its share of conversions (within one).
 */
export function stratifiedFolds(y: Uint8Array, folds: number, seed: number): Uint8Array {
	const random = seededRandom(seed);
	const fold = new Uint8Array(y.length);
	for (const cls of [1, 0]) {
		const members = Int32Array.from(y.keys()).filter((i) => y[i] === cls);
		shuffle(members, random);
		members.forEach((i, k) => (fold[i] = k % folds));
	}
	return fold;
}

/**
 * A seeded, stratified hold-out: about `share` of the converted and of the other leads are held out (1 in the
 * result). Both classes get at least one held-out and one training lead when they have two or more.
 */
export function stratifiedHoldOut(y: Uint8Array, share: number, seed: number): Uint8Array {
	const random = seededRandom(seed);
	const held = new Uint8Array(y.length);
	for (const cls of [1, 0]) {
		const members = Int32Array.from(y.keys()).filter((i) => y[i] === cls);
		shuffle(members, random);
		let count = Math.round(members.length * share);
		if (members.length >= 2) count = Math.min(Math.max(count, 1), members.length - 1);
		for (let k = 0; k < count; k++) held[members[k]] = 1;
	}
	return held;
}
