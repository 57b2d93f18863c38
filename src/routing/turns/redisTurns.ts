import { RedisPool, RedisReplyError, RedisScript, RedisUnavailableError, type RedisConnection, type RedisConnectionOptions, type RedisReply } from './redisClient';

/**
 * The atomic turn store: each pick reads the team's state, chooses and writes the new state in ONE Lua script,
 * which Redis runs without interleaving any other command. So any number of executions on any number of n8n
 * workers share one fair rotation, and no two leads get the same turn. Each script touches one key (safe for
 * Redis Cluster too). A turn is taken when the script runs: if the execution then dies (a worker killed) before
 * its lead leaves the node, that turn is gone and the shares are off by it (docs/route-to-sales.md, "Crashes"). The scripts mirror the pure functions in ../methods.ts, which the tests compare them with.
 */

/** A team member as the script sees it: list order is the tie-breaker. */
export interface TurnCandidate {
	id: string;
	weight: number;
	available: boolean;
}

export interface PointerTurn {
	repId: string;
	/** The winner's pointer after this lead. */
	pointer: number;
}

export interface PeriodTurn {
	repId: string;
	/** The winner's assignments in the period, this lead included. */
	count: number;
}

/**
 * Per-rep pointers (LeanData's weighted round robin; round robin is the same with every weight 1). The available
 * rep with the lowest pointer wins and its pointer grows by 1/weight; a rep new to the rotation starts level with
 * the lowest pointer; a skipped rep keeps its pointer (its turn) unless the winner's level passed it, when it
 * is raised to that level (no banking of leads while away). Pointers are stored with 17 significant digits,
 * so they round-trip exactly.
 */
const POINTER_SCRIPT = new RedisScript(`
local n = tonumber(ARGV[1])
local ids, weights, available = {}, {}, {}
for i = 1, n do
  ids[i] = ARGV[i * 3 - 1]
  weights[i] = tonumber(ARGV[i * 3])
  available[i] = ARGV[i * 3 + 1] == '1'
end
local stored = redis.call('HMGET', KEYS[1], unpack(ids))
local pointers, start = {}, nil
for i = 1, n do
  pointers[i] = tonumber(stored[i])
  if pointers[i] ~= nil and (start == nil or pointers[i] < start) then start = pointers[i] end
end
start = start or 0
local winner, best = nil, nil
for i = 1, n do
  if available[i] then
    local p = pointers[i] or start
    if winner == nil or p < best - 1e-9 then winner, best = i, p end
  end
end
if winner == nil then return false end
local updates = {}
for i = 1, n do
  local p = pointers[i]
  if i == winner then
    p = best + 1 / weights[i]
  elseif not available[i] and (p or start) < best then
    p = best
  elseif p == nil then
    p = start
  end
  if p ~= pointers[i] then
    updates[#updates + 1] = ids[i]
    updates[#updates + 1] = string.format('%.17g', p)
  end
end
redis.call('HSET', KEYS[1], unpack(updates))
return { ids[winner], string.format('%.17g', best + 1 / weights[winner]) }
`);

/**
 * Fewest assignments in the period: the available rep with the lowest count / weight wins (ties: earlier in the
 * list) and its counter grows by one. The period's counters expire on their own after ARGV[1] (unix seconds).
 */
const PERIOD_SCRIPT = new RedisScript(`
local expireAt = ARGV[1]
local n = tonumber(ARGV[2])
local ids, weights, available = {}, {}, {}
for i = 1, n do
  ids[i] = ARGV[i * 3]
  weights[i] = tonumber(ARGV[i * 3 + 1])
  available[i] = ARGV[i * 3 + 2] == '1'
end
local counts = redis.call('HMGET', KEYS[1], unpack(ids))
local winner, best = nil, nil
for i = 1, n do
  if available[i] then
    local load = (tonumber(counts[i]) or 0) / weights[i]
    if winner == nil or load < best - 1e-9 then winner, best = i, load end
  end
end
if winner == nil then return false end
local count = redis.call('HINCRBY', KEYS[1], ids[winner], 1)
redis.call('EXPIREAT', KEYS[1], expireAt)
return { ids[winner], count }
`);

/** The Redis problem in words a user can act on; the lead stays on the node's failure path. */
export class TurnStoreError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'TurnStoreError';
	}
}

/** Per execution: how many failing picks in a row open the breaker, and how long all picks may take together. */
export interface TurnStoreLimits {
	/** After this many leads in a row whose pick found Redis unreachable or silent, the rest fail at once, untried. */
	breakAfter: number;
	/** Time all picks of one execution may take, waits included; past it the rest fail at once, untried. */
	budgetMs: number;
	now: () => number;
}

export const DEFAULT_TURN_LIMITS: TurnStoreLimits = { breakAfter: 3, budgetMs: 60_000, now: Date.now };

/** A reply the scripts never give (another script under this SHA1, a proxy, a desynchronised connection). */
const UNUSABLE = Symbol('unusable');

/** One per execution: the breaker and the budget count this execution's picks (the connection pool is shared). */
export class RedisTurnStore {
	private failuresInARow = 0;
	private spentMs = 0;
	private readonly where: string;

	constructor(
		private readonly pool: RedisPool,
		private readonly options: RedisConnectionOptions,
		private readonly limits: TurnStoreLimits = DEFAULT_TURN_LIMITS,
	) {
		this.where = `${options.host}:${options.port}`;
	}

	async pickByPointer(key: string, members: readonly TurnCandidate[]): Promise<PointerTurn | undefined> {
		if (!members.some((m) => m.available)) return undefined;
		return this.run(POINTER_SCRIPT, key, candidateArgs(members), 'a rep and a pointer', (reply) => {
			const [repId, pointer] = pair(reply);
			const value = typeof pointer === 'string' && /^\d+(\.\d+)?(e[-+]?\d+)?$/i.test(pointer) ? Number(pointer) : Number.NaN;
			return typeof repId === 'string' && Number.isFinite(value) ? { repId, pointer: value } : UNUSABLE;
		});
	}

	async pickFewestInPeriod(key: string, members: readonly TurnCandidate[], expireAtMs: number): Promise<PeriodTurn | undefined> {
		if (!members.some((m) => m.available)) return undefined;
		return this.run(PERIOD_SCRIPT, key, [Math.ceil(expireAtMs / 1000), ...candidateArgs(members)], 'a rep and a count', (reply) => {
			const [repId, count] = pair(reply);
			return typeof repId === 'string' && typeof count === 'number' && count >= 1 ? { repId, count } : UNUSABLE;
		});
	}

	private async run<T>(
		script: RedisScript,
		key: string,
		args: Array<string | number>,
		expected: string,
		read: (reply: RedisReply) => T | typeof UNUSABLE,
	): Promise<T | undefined> {
		const { breakAfter, budgetMs, now } = this.limits;
		if (this.failuresInARow >= breakAfter) {
			throw new TurnStoreError(
				`The turn store (Redis at ${this.where}) was not tried for this lead: it failed for ${this.failuresInARow} leads in a row, so the rest of this execution's leads are not routed (none was given a rep)`,
			);
		}
		if (this.spentMs >= budgetMs) {
			throw new TurnStoreError(
				`The turn store (Redis at ${this.where}) was not tried for this lead: this execution's time for picks (${budgetMs / 1000} s) was spent, so the rest of its leads are not routed (none was given a rep)`,
			);
		}
		const started = now();
		let connection: RedisConnection | undefined;
		try {
			connection = await this.pool.get(this.options);
			const reply = await script.run(connection, [key], args);
			const turn = reply === null ? undefined : read(reply);
			if (turn === UNUSABLE) {
				// Not what the script returns: this connection cannot be trusted with the next reply either.
				connection.close();
				throw new TurnStoreError(
					`The turn store (Redis at ${this.where}) answered the pick with ${describeReply(reply)} where its script returns ${expected}: no rep was picked and the connection was dropped (is another script or a proxy answering?)`,
				);
			}
			this.failuresInARow = 0;
			return turn;
		} catch (error) {
			if (error instanceof RedisUnavailableError) {
				this.failuresInARow++;
				throw new TurnStoreError(`The turn store (Redis) is unavailable, so no rep was picked: ${error.message}`);
			}
			if (error instanceof RedisReplyError) {
				throw new TurnStoreError(`The turn store (Redis at ${this.where}) refused the pick: ${error.message}`);
			}
			throw error;
		} finally {
			this.spentMs += now() - started;
		}
	}
}

function pair(reply: RedisReply): [RedisReply | undefined, RedisReply | undefined] {
	return Array.isArray(reply) && reply.length === 2 ? [reply[0], reply[1]] : [undefined, undefined];
}

function describeReply(reply: RedisReply): string {
	if (Array.isArray(reply)) return `a list of ${reply.length}`;
	if (typeof reply === 'number') return `an integer (${reply})`;
	return `a text (${JSON.stringify(String(reply).slice(0, 40))})`;
}

function candidateArgs(members: readonly TurnCandidate[]): Array<string | number> {
	const args: Array<string | number> = [members.length];
	for (const member of members) args.push(member.id, member.weight, member.available ? '1' : '0');
	return args;
}

/** Redis keys of a rotation, namespaced by the user's prefix, the scope (a workflow, or shared) and the team. */
export function turnKey(prefix: string, scope: string, team: string, kind: string): string {
	return `${prefix}:${scope}:team=${encodeURIComponent(team)}:${kind}`;
}

export const sharedPool = new RedisPool();
