import type { ICredentialTestFunctions } from 'n8n-workflow';
import { redisConnectionTest } from '../../../nodes/RouteToSales/redisTurnStore';
import { notRedis, RedisConnection, RedisPool } from '../../../src/routing/turns/redisClient';
import { RedisTurnStore, TurnStoreError, type TurnCandidate } from '../../../src/routing/turns/redisTurns';
import { startFakeRedis, type FakeRedis } from './respServer';

/**
 * The Redis client and the turn store against a local server on 127.0.0.1 that misbehaves on purpose: wrong reply
 * types, replies nobody asked for, silence, and servers that are not Redis at all. Every surprise drops the
 * connection (the next call opens a new one) and ends in one sentence that does not say what answered.
 */
const team: TurnCandidate[] = [
	{ id: 'A', weight: 1, available: true },
	{ id: 'B', weight: 1, available: true },
];
const PICK = '*2\r\n$1\r\nA\r\n$1\r\n1\r\n';

describe('Redis replies the client does not take', () => {
	let fake: FakeRedis | undefined;
	const pools: RedisPool[] = [];
	const poolFor = () => {
		const pool = new RedisPool();
		pools.push(pool);
		return pool;
	};
	afterEach(async () => {
		pools.splice(0).forEach((pool) => pool.closeAll());
		await fake?.close();
		fake = undefined;
	});

	it('an integer that is not a number (":notanumber") is a protocol error: the call fails and the connection is dropped', async () => {
		fake = await startFakeRedis((command) => (command[0] === 'PING' ? ':notanumber\r\n' : '+OK\r\n'));
		const connection = await RedisConnection.open({ host: '127.0.0.1', port: fake.port });
		await expect(connection.call('PING')).rejects.toThrow(new Error(notRedis(`127.0.0.1:${fake.port}`)));
		expect(connection.usable).toBe(false);
		await expect(connection.call('PING')).rejects.toThrow(notRedis(`127.0.0.1:${fake.port}`));
		expect(fake.commands).toEqual([['PING']]);
	});

	it('a reply nobody asked for drops the connection, so no later command gets an earlier reply; the pool opens a new one', async () => {
		let pings = 0;
		// Each PING is answered with its own count, plus one extra reply.
		fake = await startFakeRedis(() => `:${++pings}\r\n:${1000 + pings}\r\n`);
		const pool = poolFor();
		const options = { host: '127.0.0.1', port: fake.port };
		const first = await pool.get(options);
		expect(await first.call('PING')).toBe(1);
		expect(first.usable).toBe(false);
		const second = await pool.get(options);
		expect(second).not.toBe(first);
		// Without the drop this would be 1001, the extra reply to the first PING.
		expect(await second.call('PING')).toBe(2);
		expect(fake.connections).toBe(2);
	});

	it('an extra reply arriving later, while nothing waits, drops the connection too', async () => {
		fake = await startFakeRedis((command, socket) => {
			if (command[0] === 'PING') setImmediate(() => socket.write('+LATE\r\n'));
			return '+PONG\r\n';
		});
		const connection = await RedisConnection.open({ host: '127.0.0.1', port: fake.port });
		expect(await connection.call('PING')).toBe('PONG');
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(connection.usable).toBe(false);
		await expect(connection.call('PING')).rejects.toThrow(notRedis(`127.0.0.1:${fake.port}`));
	});

	it('an integer reply to EVALSHA is a named turn-store error, and the connection is dropped (the next pick reconnects)', async () => {
		let evals = 0;
		fake = await startFakeRedis((command) => (command[0] === 'EVALSHA' ? (++evals === 1 ? ':7\r\n' : PICK) : '+OK\r\n'));
		const store = new RedisTurnStore(poolFor(), { host: '127.0.0.1', port: fake.port });
		await expect(store.pickByPointer('k', team)).rejects.toThrow(
			new TurnStoreError(
				`The turn store (Redis at 127.0.0.1:${fake.port}) answered the pick with an integer (7) where its script returns a rep and a pointer: no rep was picked and the connection was dropped (is another script or a proxy answering?)`,
			),
		);
		expect(await store.pickByPointer('k', team)).toEqual({ repId: 'A', pointer: 1 });
		expect(fake.connections).toBe(2);
	});

	it('a list of the wrong shape or a pointer that is not a number are refused the same way', async () => {
		const replies = ['*1\r\n$1\r\nA\r\n', '*2\r\n$1\r\nA\r\n$3\r\nabc\r\n', '+OK\r\n', '*2\r\n:1\r\n$1\r\n1\r\n'];
		fake = await startFakeRedis((command) => (command[0] === 'EVALSHA' ? replies.shift() : '+OK\r\n'));
		const store = new RedisTurnStore(poolFor(), { host: '127.0.0.1', port: fake.port });
		const seen: string[] = [];
		for (let i = 0; i < 4; i++) seen.push(await store.pickByPointer('k', team).then(String, (error: Error) => /answered the pick with ([^w]+)where/.exec(error.message)![1]));
		expect(seen).toEqual(['a list of 1 ', 'a list of 2 ', 'a text ("OK") ', 'a list of 2 ']);
	});
});

describe('what is not Redis gets one sentence: the credential test does not tell services apart', () => {
	const servers: FakeRedis[] = [];
	afterAll(async () => Promise.all(servers.map((server) => server.close())));

	const testCredential = async (fake: FakeRedis) => {
		servers.push(fake);
		const result = await redisConnectionTest.call({} as ICredentialTestFunctions, { id: 'c', name: 'c', type: 'leadScoringRedisApi', data: { host: '127.0.0.1', port: fake.port, password: 'secret' } });
		return { ...result, message: result.message.replace(String(fake.port), 'PORT') };
	};

	it('an HTTP server, a PostgreSQL-like server that hangs up, and garbage: the same answer, which names none of them', async () => {
		const http = await testCredential(await startFakeRedis((_command, socket) => {
			socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
			return undefined;
		}));
		const postgres = await testCredential(await startFakeRedis((_command, socket) => {
			socket.end();
			return undefined;
		}));
		const garbage = await testCredential(await startFakeRedis(() => '\u0000\u0017junk\r\n'));
		const expected = { status: 'Error', message: notRedis('127.0.0.1:PORT') };
		expect([http, postgres, garbage]).toEqual([expected, expected, expected]);
		expect(expected.message).not.toMatch(/HTTP|type|postgres|closed by/i);
	});

	it('a real answer to PING passes', async () => {
		const result = await testCredential(await startFakeRedis((command) => (command[0] === 'PING' ? '+PONG\r\n' : '+OK\r\n')));
		expect(result).toEqual({ status: 'OK', message: 'Connection successful' });
	});
});

describe('a Redis that accepts and never answers: the breaker and the budget of one execution', () => {
	let fake: FakeRedis;
	const pools: RedisPool[] = [];
	beforeAll(async () => {
		fake = await startFakeRedis(() => undefined);
	});
	afterAll(async () => {
		pools.forEach((pool) => pool.closeAll());
		await fake.close();
	});

	it('after 3 picks in a row that time out, the rest of the execution fails at once, untried (nothing more is sent)', async () => {
		const pool = new RedisPool();
		pools.push(pool);
		const store = new RedisTurnStore(pool, { host: '127.0.0.1', port: fake.port, commandTimeoutMs: 100 });
		const outcomes: string[] = [];
		for (let lead = 0; lead < 6; lead++) outcomes.push(await store.pickByPointer('k', team).then(String, (error: Error) => error.message.replace(String(fake.port), 'PORT')));
		const timedOut = 'The turn store (Redis) is unavailable, so no rep was picked: Redis at 127.0.0.1:PORT did not answer within 0.1 s';
		const untried =
			"The turn store (Redis at 127.0.0.1:PORT) was not tried for this lead: it failed for 3 leads in a row, so the rest of this execution's leads are not routed (none was given a rep)";
		expect(outcomes).toEqual([timedOut, timedOut, timedOut, untried, untried, untried]);
		expect(fake.commands.filter((command) => command[0] === 'EVALSHA')).toHaveLength(3);
		// A new execution (a new store) tries again.
		const next = new RedisTurnStore(pool, { host: '127.0.0.1', port: fake.port, commandTimeoutMs: 100 });
		await expect(next.pickByPointer('k', team)).rejects.toThrow(/did not answer within 0\.1 s$/);
	});

	it('a slow Redis that answers: picks stop once the execution has spent its budget on them', async () => {
		const answering = await startFakeRedis((command) => (command[0] === 'EVALSHA' ? PICK : '+OK\r\n'));
		const pool = new RedisPool();
		pools.push(pool);
		// A clock that moves 50 ms per reading: each pick costs 50 ms, the budget is 120 ms.
		let readings = 0;
		const store = new RedisTurnStore(pool, { host: '127.0.0.1', port: answering.port }, { breakAfter: 3, budgetMs: 120, now: () => 50 * readings++ });
		const outcomes: string[] = [];
		for (let lead = 0; lead < 4; lead++) outcomes.push(await store.pickByPointer('k', team).then((turn) => turn!.repId, (error: Error) => error.message.replace(String(answering.port), 'PORT')));
		expect(outcomes).toEqual([
			'A',
			'A',
			'A',
			"The turn store (Redis at 127.0.0.1:PORT) was not tried for this lead: this execution's time for picks (0.12 s) was spent, so the rest of its leads are not routed (none was given a rep)",
		]);
		await answering.close();
	});
});
