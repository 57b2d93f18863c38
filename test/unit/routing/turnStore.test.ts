import fc from 'fast-check';
import { RouteToSales } from '../../../nodes/RouteToSales/RouteToSales.node';
import { RouteToSalesRedis } from '../../../nodes/RouteToSales/routeToSalesRedis';
import { pickByTurn, pickFewestInPeriod, pickRoundRobin, pickWeightedRoundRobin, turnCycle } from '../../../src/routing/methods';
import { repsSchema, type Rep } from '../../../src/routing/reps';
import { encodeCommand, parseReply, RedisPool, RedisReplyError } from '../../../src/routing/turns/redisClient';
import { RedisTurnStore, turnKey, type TurnCandidate } from '../../../src/routing/turns/redisTurns';
import { periodWindow } from '../../../src/routing/turns/period';
import { startRedis, type RunningRedis } from '../../e2e/services';
import { runNode } from '../../helpers/runNode';

const reps = (weights: number[]): Rep[] => repsSchema.parse(weights.map((weight, i) => ({ id: 'ABCDEFGH'[i], weight })));
const all = (team: Rep[]) => new Set(team.map((r) => r.id));
const candidates = (team: Rep[], away: string[] = []): TurnCandidate[] => team.map((r) => ({ id: r.id, weight: r.weight, available: !away.includes(r.id) }));

describe('pure picks, exact sequences', () => {
	it('round robin: in turn; a rep skipped once gets the next lead back; away long, they are raised and do not burst', () => {
		const team = reps([1, 1, 1]);
		let pointers: ReadonlyMap<string, number> = new Map();
		const seq: string[] = [];
		const away = [[], ['B'], [], [], ['B'], ['B'], ['B'], ['B'], [], [], []] as string[][];
		for (const out of away) {
			const picked = pickRoundRobin(team, new Set(team.map((r) => r.id).filter((id) => !out.includes(id))), pointers)!;
			seq.push(picked.rep.id);
			pointers = picked.pointers;
		}
		// A; B away -> C (B keeps 0); B back -> B; A; B away for 4 -> C A C A (raised to the others' level, 3); back: B, C, then A.
		expect(seq).toEqual(['A', 'C', 'B', 'A', 'C', 'A', 'C', 'A', 'B', 'C', 'A']);
	});

	it('weighted round robin 2:1:1 interleaves smoothly: A B C A, again and again', () => {
		const team = reps([2, 1, 1]);
		let pointers: ReadonlyMap<string, number> = new Map();
		const seq = Array.from({ length: 8 }, () => {
			const picked = pickWeightedRoundRobin(team, all(team), pointers)!;
			pointers = picked.pointers;
			return picked.rep.id;
		});
		expect(seq.join('')).toBe('ABCAABCA');
	});

	it('fewest in period: lowest count per weight, ties to the earlier rep, unavailable skipped', () => {
		const team = reps([2, 1, 1]);
		expect(pickFewestInPeriod(team, all(team), new Map([['A', 3], ['B', 1], ['C', 1]]))!.id).toBe('B'); // 1.5, 1, 1
		expect(pickFewestInPeriod(team, all(team), new Map([['A', 2], ['B', 1], ['C', 1]]))!.id).toBe('A'); // 1, 1, 1: the earlier
		expect(pickFewestInPeriod(team, new Set(['C']), new Map([['C', 9]]))!.id).toBe('C');
		expect(pickFewestInPeriod(team, new Set(), new Map())).toBeUndefined();
	});

	it('turns from the item: the fixed interleaving of the weights, turn 1 first, skips moving to the next in the cycle', () => {
		expect(turnCycle(reps([2, 1, 1])).map((r) => r.id).join('')).toBe('ABCA');
		expect(turnCycle(reps([1.5, 0.5])).map((r) => r.id).join('')).toBe('ABAA');
		expect(turnCycle(reps([1, 1, 1])).map((r) => r.id).join('')).toBe('ABC');
		const cycle = turnCycle(reps([2, 1, 1]));
		expect([1, 2, 3, 4, 5, 6, 0, -1].map((t) => pickByTurn(cycle, all(reps([2, 1, 1])), t)!.rep.id).join('')).toBe('ABCAABAC');
		expect(pickByTurn(cycle, new Set(['A', 'C']), 2)).toEqual({ rep: cycle[2], place: 2 });
		expect(() => turnCycle(reps([1, 1.01, 1.03, 3.07]))).not.toThrow();
		expect(() => turnCycle(reps([999, 1000.01]))).toThrow(/cycle of 199901 turns/);
	});

	it('periods: the day, or the Monday-to-Sunday week, on the zone clock', () => {
		// Monday 2026-11-30 23:30 UTC is Tuesday 00:30 in Berlin.
		const asOf = Date.UTC(2026, 10, 30, 23, 30);
		expect(periodWindow(asOf, 'UTC', 'today')).toEqual({ id: 'day:2026-11-30', endsAt: Date.UTC(2026, 11, 1), label: 'today (2026-11-30)' });
		expect(periodWindow(asOf, 'Europe/Berlin', 'today')).toMatchObject({ id: 'day:2026-12-01', endsAt: Date.UTC(2026, 11, 1, 23) });
		expect(periodWindow(asOf, 'UTC', 'thisWeek')).toEqual({ id: 'week:2026-11-30', endsAt: Date.UTC(2026, 11, 7), label: 'this week (from 2026-11-30)' });
		expect(periodWindow(Date.UTC(2026, 11, 6, 22), 'UTC', 'thisWeek').id).toBe('week:2026-11-30');
	});
});

describe('RESP2', () => {
	it('encodes commands as arrays of bulk strings, counting bytes', () => {
		expect(encodeCommand(['SET', 'k', 'é']).toString()).toBe('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\né\r\n');
	});

	it('parses every reply type, waits for missing bytes, and refuses what is out of bounds', () => {
		const reply = Buffer.from('*3\r\n$1\r\nA\r\n:7\r\n*2\r\n+OK\r\n$-1\r\n');
		expect(parseReply(reply, 0)).toEqual({ reply: ['A', 7, ['OK', null]], next: reply.length });
		for (let cut = 0; cut < reply.length; cut++) expect(typeof parseReply(reply.subarray(0, cut), 0)).toBe('symbol');
		const error = parseReply(Buffer.from('-NOSCRIPT No matching script\r\n'), 0);
		expect(typeof error !== 'symbol' && error.reply).toEqual(new RedisReplyError('NOSCRIPT No matching script'));
		expect(() => parseReply(Buffer.from('$999999999\r\n'), 0)).toThrow('protocol error: bulk length');
		expect(() => parseReply(Buffer.from('?x\r\n'), 0)).toThrow('unexpected reply type');
	});
});

describe('Redis turn store against a real redis-server', () => {
	let redis: RunningRedis;
	let pool: RedisPool;
	let store: RedisTurnStore;
	let n = 0;
	const freshKey = () => `test:${++n}`;
	beforeAll(async () => {
		redis = await startRedis({ password: 'pw' });
		pool = new RedisPool();
		store = new RedisTurnStore(pool, { host: '127.0.0.1', port: redis.port, password: 'pw' });
	});
	afterAll(async () => {
		pool.closeAll();
		await redis?.stop();
	});

	const pickAll = async (key: string, team: Rep[], away: string[][], weights = true) => {
		const seq: string[] = [];
		for (const out of away) {
			const turn = await store.pickByPointer(key, candidates(weights ? team : team.map((r) => ({ ...r, weight: 1 })), out));
			seq.push(turn?.repId ?? '-');
		}
		return seq;
	};

	it('round robin and weighted round robin give the exact pure sequences, skips included', async () => {
		const rr = await pickAll(freshKey(), reps([1, 1, 1]), [[], ['B'], [], [], ['B'], ['B'], ['B'], ['B'], [], [], []]);
		expect(rr).toEqual(['A', 'C', 'B', 'A', 'C', 'A', 'C', 'A', 'B', 'C', 'A']);
		expect((await pickAll(freshKey(), reps([2, 1, 1]), Array(8).fill([]))).join('')).toBe('ABCAABCA');
		expect(await pickAll(freshKey(), reps([1, 1]), [['A', 'B']])).toEqual(['-']);
	});

	it('stores pointers that round-trip exactly (17 digits) and keys that keep teams apart', async () => {
		const key = turnKey('pfx', 'workflow:42', 'EMEA:west/1', 'weightedRoundRobin');
		expect(key).toBe('pfx:workflow:42:team=EMEA%3Awest%2F1:weightedRoundRobin');
		const turn = await store.pickByPointer(key, candidates(reps([3, 1])));
		expect(turn).toEqual({ repId: 'A', pointer: 1 / 3 });
	});

	it('matches the pure weighted round robin on random weights and availability (property)', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(fc.integer({ min: 1, max: 500 }).map((w) => w / 100), { minLength: 1, maxLength: 5 }),
				fc.array(fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }), { minLength: 1, maxLength: 25 }),
				async (weights, availability) => {
					const team = reps(weights);
					const key = freshKey();
					let pointers: ReadonlyMap<string, number> = new Map();
					for (const flags of availability) {
						const available = new Set(team.filter((_, i) => flags[i]).map((r) => r.id));
						const pure = pickWeightedRoundRobin(team, available, pointers);
						const stored = await store.pickByPointer(key, team.map((r) => ({ id: r.id, weight: r.weight, available: available.has(r.id) })));
						expect(stored?.repId).toBe(pure?.rep.id);
						if (pure) {
							expect(stored!.pointer).toBe(pure.pointers.get(pure.rep.id));
							pointers = pure.pointers;
						}
					}
				},
			),
			{ numRuns: 40 },
		);
	});

	it('is atomic under overlap: 200 picks at once over 4 connections give exactly 67 / 67 / 66 and 100 / 50 / 50', async () => {
		const pools = Array.from({ length: 4 }, () => new RedisPool());
		const stores = pools.map((p) => new RedisTurnStore(p, { host: '127.0.0.1', port: redis.port, password: 'pw' }));
		const count = async (team: Rep[]) => {
			const key = freshKey();
			const turns = await Promise.all(Array.from({ length: 200 }, (_, i) => stores[i % 4].pickByPointer(key, candidates(team))));
			const tally: Record<string, number> = {};
			for (const turn of turns) tally[turn!.repId] = (tally[turn!.repId] ?? 0) + 1;
			return tally;
		};
		expect(await count(reps([1, 1, 1]))).toEqual({ A: 67, B: 67, C: 66 });
		expect(await count(reps([2, 1, 1]))).toEqual({ A: 100, B: 50, C: 50 });
		pools.forEach((p) => p.closeAll());
	});

	it('fewest in period: atomic counters per period key that expire after it', async () => {
		const key = freshKey();
		const team = reps([2, 1, 1]);
		const expireAt = Date.now() + 3_600_000;
		const seq: string[] = [];
		for (const out of [[], [], [], ['A'], [], []]) seq.push((await store.pickFewestInPeriod(key, candidates(team, out), expireAt))!.repId);
		// count / weight: all 0 -> A (0.5); B 0 -> B; C 0 -> C; A away: B 1, C 1 -> B; A 0.5 -> A (1); A 1 ties C 1 -> A.
		expect(seq).toEqual(['A', 'B', 'C', 'B', 'A', 'A']);
		const connection = await pool.get({ host: '127.0.0.1', port: redis.port, password: 'pw' });
		expect(await connection.call('HGETALL', key)).toEqual(['A', '3', 'B', '2', 'C', '1']);
		const ttl = (await connection.call('TTL', key)) as number;
		expect(ttl).toBeGreaterThan(3500);
		expect(ttl).toBeLessThanOrEqual(3601);
	});

	it('Route to Sales (Redis) with Redis (Atomic): picks in the store, says why, and keeps nothing in static data', async () => {
		const credentials = { leadScoringRedisApi: { host: '127.0.0.1', port: redis.port, password: 'pw', database: 3 } };
		const parameters = {
			reps: { rep: [{ id: 'ana', name: 'Ana' }, { id: 'ben', name: 'Ben', weight: 2 }] },
			method: 'weightedRoundRobin',
			pointerStorage: 'redis',
			keyPrefix: 'unit',
			options: { asOf: '2026-11-24T10:00:00Z' },
		};
		const first = await runNode(RouteToSalesRedis, { parameters, credentials, items: [{}, {}, {}], mode: 'webhook' });
		const second = await runNode(RouteToSalesRedis, { parameters, credentials, items: [{}], mode: 'webhook' });
		const owners = [...first.outputs[0], ...second.outputs[0]].map((item) => item.json.routing as { owner: string; reasons: string[] });
		// Pointers: ana 0, ben 0 -> ana 1; ben 0 -> 0.5; ben 0.5 -> 1; tie 1/1 -> ana 2.
		expect(owners.map((o) => o.owner)).toEqual(['ana', 'ben', 'ben', 'ana']);
		expect(owners[1].reasons).toContain('chose Ben by weighted round robin (lowest pointer, now 0.5 with weight 2)');
		expect(first.staticData).toEqual({});
		const connection = await pool.get({ host: '127.0.0.1', port: redis.port, password: 'pw', database: 3 });
		expect(await connection.call('HGETALL', 'unit:workflow:test-workflow:team=:weightedRoundRobin')).toEqual(['ana', '2', 'ben', '1']);
	});

	it('Route to Sales with Redis: a Key Prefix from an expression keeps one rotation per client, read for each lead', async () => {
		const credentials = { leadScoringRedisApi: { host: '127.0.0.1', port: redis.port, password: 'pw', database: 4 } };
		const parameters = {
			reps: { rep: [{ id: 'ana' }, { id: 'ben' }, { id: 'cai' }] },
			method: 'roundRobin',
			pointerStorage: 'redis',
			keyPrefix: '={{ "client-" + $json.client }}',
			options: { asOf: '2026-11-24T10:00:00Z' },
		};
		const items = ['acme', 'acme', 'globex', 'acme', 'globex'].map((client) => ({ client }));
		const { outputs } = await runNode(RouteToSalesRedis, { parameters, credentials, items, mode: 'webhook' });
		// Each client's rotation starts at Ana: acme Ana, Ben, -, Cai; globex Ana, Ben. One prefix for all would give Ana Ben Cai Ana Ben.
		expect(outputs[0].map((item) => [item.json.client, (item.json.routing as { owner: string }).owner])).toEqual([
			['acme', 'ana'],
			['acme', 'ben'],
			['globex', 'ana'],
			['acme', 'cai'],
			['globex', 'ben'],
		]);
		const connection = await pool.get({ host: '127.0.0.1', port: redis.port, password: 'pw', database: 4 });
		expect(await connection.call('HGETALL', 'client-globex:workflow:test-workflow:team=:roundRobin')).toEqual(['ana', '1', 'ben', '1', 'cai', '0']);
	});

	it('Route to Sales: Redis down fails the item clearly (Continue On Fail keeps the lead on Unassigned), never a silent pick', async () => {
		const down = await startRedis();
		await down.stop();
		const parameters = { reps: { rep: [{ id: 'ana' }, { id: 'ben' }] }, pointerStorage: 'redis', options: { asOf: '2026-11-24T10:00:00Z' } };
		const credentials = { leadScoringRedisApi: { host: '127.0.0.1', port: down.port } };
		const kept = await runNode(RouteToSalesRedis, { parameters, credentials, items: [{ email: 'a@x.io' }], mode: 'webhook', continueOnFail: true });
		expect(kept.outputs[0]).toEqual([]);
		expect(kept.outputs[1][0].json).toMatchObject({ email: 'a@x.io', error: { message: expect.stringMatching(/^Item 0: The turn store \(Redis\) is unavailable, so no rep was picked: Redis at 127\.0\.0\.1:\d+ is unreachable: connection refused$/) } });
		const stopped = await runNode(RouteToSalesRedis, { parameters, credentials, items: [{ email: 'a@x.io' }], mode: 'webhook' });
		expect(stopped.error?.message).toMatch(/^Item 0: The turn store \(Redis\) is unavailable, so no rep was picked: Redis at 127\.0\.0\.1:\d+ is unreachable: connection refused$/);
	});

	it('Route to Sales with turns from the item reproduces the store sequence, and refuses a turn that is not a whole number', async () => {
		const parameters = {
			reps: { rep: [{ id: 'A', weight: 2 }, { id: 'B' }, { id: 'C' }] },
			method: 'weightedRoundRobin',
			pointerStorage: 'itemTurn',
			options: { asOf: '2026-11-24T10:00:00Z' },
		};
		const items = Array.from({ length: 8 }, (_, i) => ({ turn: i + 1 }));
		const { outputs } = await runNode(RouteToSales, { parameters, items, mode: 'webhook' });
		expect(outputs[0].map((item) => (item.json.routing as { owner: string }).owner).join('')).toBe('ABCAABCA');
		const bad = await runNode(RouteToSales, { parameters, items: [{ turn: 1.5 }], mode: 'webhook', continueOnFail: true });
		expect((bad.outputs[1][0].json.error as { message: string }).message).toMatch(
			/Field "turn": expected a whole-number turn \(e\.g\. from a Redis INCR or a database sequence\), got number 1\.5$/,
		);
	});
});
