import { stableUnitInterval } from './hash';
import { openLeadsNow, type Rep } from './reps';

/**
 * The four ways to pick one rep from a team's available reps. Each takes the reps in list order (the
 * tie-breaker) and any state it needs explicitly; none keeps state of its own.
 */

export const ROUTING_METHODS = ['roundRobin', 'weightedRoundRobin', 'sticky', 'leastLoaded'] as const;
export type RoutingMethod = (typeof ROUTING_METHODS)[number];

/** Pointers are floats growing by 1/weight; values this close are a tie, so 3 x 1/3 ties with 1. */
const POINTER_EPSILON = 1e-9;

/** The first available rep after the one that got the team's previous lead, wrapping around the team list. */
export function pickRoundRobin(team: readonly Rep[], available: ReadonlySet<string>, lastRepId?: string): Rep | undefined {
	const last = team.findIndex((rep) => rep.id === lastRepId);
	for (let step = 1; step <= team.length; step++) {
		const rep = team[(last + step) % team.length];
		if (available.has(rep.id)) return rep;
	}
	return undefined;
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
