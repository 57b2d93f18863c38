import { stableUnitInterval } from './hash';
import { openLeadsNow, type Rep } from './reps';

/**
 * The four ways to pick one rep from a team's available reps. Each takes the reps in list order (the
 * tie-breaker) and any state it needs explicitly; none keeps state of its own.
 */

export const ROUTING_METHODS = ['roundRobin', 'weightedRoundRobin', 'sticky', 'leastLoaded', 'fewestInPeriod'] as const;
export type RoutingMethod = (typeof ROUTING_METHODS)[number];

/** Pointers are floats growing by 1/weight; values this close are a tie, so 3 x 1/3 ties with 1. */
const POINTER_EPSILON = 1e-9;

/**
 * Round robin is weighted round robin with every weight 1: each rep in list order, and a rep skipped while
 * unavailable keeps their turn (gets the next lead once back) unless the others passed them meanwhile.
 */
export function pickRoundRobin(
	team: readonly Rep[],
	available: ReadonlySet<string>,
	pointers: ReadonlyMap<string, number>,
): WeightedPick | undefined {
	const picked = pickWeightedRoundRobin(team.map(equalWeight), available, pointers);
	return picked && { rep: team.find((rep) => rep.id === picked.rep.id)!, pointers: picked.pointers };
}

export function equalWeight(rep: Rep): Rep {
	return rep.weight === 1 ? rep : { ...rep, weight: 1 };
}

export interface WeightedPick {
	rep: Rep;
	pointers: Map<string, number>;
}

/**
 * LeanData-style weighted round robin: the available rep with the lowest pointer wins and its pointer grows by
 * 1/weight. A rep new to the team starts level with the lowest pointer, and a rep skipped while the winner's
 * pointer passed theirs is raised to it, so nobody banks leads while away and then receives a burst.
 */
export function pickWeightedRoundRobin(
	team: readonly Rep[],
	available: ReadonlySet<string>,
	pointers: ReadonlyMap<string, number>,
): WeightedPick | undefined {
	const known = team.map((rep) => pointers.get(rep.id)).filter((p): p is number => p !== undefined);
	const start = known.length > 0 ? Math.min(...known) : 0;
	const next = new Map(pointers);
	const pointerOf = (rep: Rep) => next.get(rep.id) ?? start;
	let winner: Rep | undefined;
	for (const rep of team) {
		if (!available.has(rep.id)) continue;
		if (winner === undefined || pointerOf(rep) < pointerOf(winner) - POINTER_EPSILON) winner = rep;
	}
	if (!winner) return undefined;
	const level = pointerOf(winner);
	for (const rep of team) {
		if (!available.has(rep.id) && pointerOf(rep) < level) next.set(rep.id, level);
		else if (!next.has(rep.id)) next.set(rep.id, start);
	}
	next.set(winner.id, level + 1 / winner.weight);
	return { rep: winner, pointers: next };
}

/**
 * Weighted rendezvous (highest random weight) hashing: every (lead, rep) pair gets a score -weight / ln(u) with u
 * from a stable hash; the highest score wins. Same lead, same rep, with no state; adding a rep only takes the
 * leads it now wins, about weight/total of them, and an unavailable rep's leads spread over the others.
 */
export function pickSticky(team: readonly Rep[], available: ReadonlySet<string>, leadKey: string): Rep | undefined {
	let winner: Rep | undefined;
	let best = -Infinity;
	for (const rep of team) {
		if (!available.has(rep.id)) continue;
		const score = stickyScore(leadKey, rep);
		if (score > best) {
			best = score;
			winner = rep;
		}
	}
	return winner;
}

export function stickyScore(leadKey: string, rep: Rep): number {
	return -rep.weight / Math.log(stableUnitInterval(`${leadKey}\u0000${rep.id}`));
}

/**
 * The rep whose load after taking this lead is lowest: (open + 1) / (weight x capacity), capacity counting as 1
 * when not set. Give either all reps of a team a capacity or none, or the two kinds do not compare.
 */
export function pickLeastLoaded(
	team: readonly Rep[],
	available: ReadonlySet<string>,
	assignedSinceRead?: ReadonlyMap<string, number>,
): Rep | undefined {
	let winner: Rep | undefined;
	let best = Infinity;
	for (const rep of team) {
		if (!available.has(rep.id)) continue;
		const load = loadAfterOneMore(rep, assignedSinceRead);
		if (load < best - POINTER_EPSILON) {
			best = load;
			winner = rep;
		}
	}
	return winner;
}

export function loadAfterOneMore(rep: Rep, assignedSinceRead?: ReadonlyMap<string, number>): number {
	return (openLeadsNow(rep, assignedSinceRead) + 1) / (rep.weight * (rep.capacity ?? 1));
}

/**
 * Fewest assignments in the period: the available rep with the lowest count / weight (ties: earlier in the list).
 * The counts live in the Redis turn store (atomic counters per day or week); this is the same rule, pure.
 */
export function pickFewestInPeriod(team: readonly Rep[], available: ReadonlySet<string>, counts: ReadonlyMap<string, number>): Rep | undefined {
	let winner: Rep | undefined;
	let best = Infinity;
	for (const rep of team) {
		if (!available.has(rep.id)) continue;
		const load = (counts.get(rep.id) ?? 0) / rep.weight;
		if (load < best - POINTER_EPSILON) {
			best = load;
			winner = rep;
		}
	}
	return winner;
}

/** Longest cycle a turn number is mapped onto (weights with many decimals make long cycles). */
export const MAX_TURN_CYCLE = 100_000;

/**
 * The fixed, smooth interleaving of a team's weights for turns taken from the item: the order the pointer method
 * gives from a fresh start with everybody available, one full cycle long (each rep appears weight / (greatest
 * common divisor) times; weights are read to 2 decimals). Turn 1 is the cycle's first place, so turns 1, 2, 3...
 * reproduce what the stateful method hands out.
 */
export function turnCycle(team: readonly Rep[]): Rep[] {
	const scaled = team.map((rep) => Math.round(rep.weight * 100));
	if (scaled.some((w) => w < 1)) throw new RangeError('turns from the item need weights of at least 0.01');
	const divisor = scaled.reduce(gcd);
	const length = scaled.reduce((sum, w) => sum + w / divisor, 0);
	if (length > MAX_TURN_CYCLE) {
		throw new RangeError(`these weights make a cycle of ${length} turns (at most ${MAX_TURN_CYCLE}): round them to fewer decimals`);
	}
	const everyone = new Set(team.map((rep) => rep.id));
	const cycle: Rep[] = [];
	let pointers: ReadonlyMap<string, number> = new Map();
	while (cycle.length < length) {
		const picked = pickWeightedRoundRobin(team, everyone, pointers)!;
		cycle.push(picked.rep);
		pointers = picked.pointers;
	}
	return cycle;
}

/**
 * The rep for an integer turn: the cycle's place (turn - 1) mod length, or when that rep is unavailable the next
 * available one after it in the cycle (there is no state to give the skipped rep the turn back).
 */
export function pickByTurn(cycle: readonly Rep[], available: ReadonlySet<string>, turn: number): { rep: Rep; place: number } | undefined {
	const start = (((turn - 1) % cycle.length) + cycle.length) % cycle.length;
	for (let step = 0; step < cycle.length; step++) {
		const place = (start + step) % cycle.length;
		if (available.has(cycle[place].id)) return { rep: cycle[place], place };
	}
	return undefined;
}

function gcd(a: number, b: number): number {
	return b === 0 ? a : gcd(b, a % b);
}
