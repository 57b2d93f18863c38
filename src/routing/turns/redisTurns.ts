import { RedisPool, RedisReplyError, RedisScript, RedisUnavailableError, type RedisConnectionOptions, type RedisReply } from './redisClient';

/**
 * The atomic turn store: each pick reads the team's state, chooses and writes the new state in ONE Lua script,
 * which Redis runs without interleaving any other command. So any number of executions on any number of n8n
 * workers share one fair rotation, and a pick is never lost or doubled. Each script touches one key (safe for
 * Redis Cluster too). The scripts mirror the pure functions in ../methods.ts, which the tests compare them with.
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

export class RedisTurnStore {
	constructor(
		private readonly pool: RedisPool,
		private readonly options: RedisConnectionOptions,
	) {}

	async pickByPointer(key: string, members: readonly TurnCandidate[]): Promise<PointerTurn | undefined> {
		if (!members.some((m) => m.available)) return undefined;
		const reply = await this.run(POINTER_SCRIPT, key, candidateArgs(members));
		if (reply === null) return undefined;
		const [repId, pointer] = reply as [string, string];
		return { repId, pointer: Number(pointer) };
	}

	async pickFewestInPeriod(key: string, members: readonly TurnCandidate[], expireAtMs: number): Promise<PeriodTurn | undefined> {
		if (!members.some((m) => m.available)) return undefined;
		const reply = await this.run(PERIOD_SCRIPT, key, [Math.ceil(expireAtMs / 1000), ...candidateArgs(members)]);
		if (reply === null) return undefined;
		const [repId, count] = reply as [string, number];
		return { repId, count };
	}

	private async run(script: RedisScript, key: string, args: Array<string | number>): Promise<RedisReply> {
		const where = `${this.options.host}:${this.options.port}`;
		try {
			const connection = await this.pool.get(this.options);
			return await script.run(connection, [key], args);
		} catch (error) {
			if (error instanceof RedisUnavailableError) {
				throw new TurnStoreError(`The turn store (Redis) is unavailable, so no rep was picked: ${error.message}`);
			}
			if (error instanceof RedisReplyError) {
				throw new TurnStoreError(`The turn store (Redis at ${where}) refused the pick: ${error.message}`);
			}
			throw error;
		}
	}
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
