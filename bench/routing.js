'use strict';
/**
 * Fair routing across workers: leads per second
 *   1. through the atomic Redis pick (the Lua script, 20 picks in flight, real redis-server) against the pure
 *      static-data pick in the same process;
 *   2. end to end, 200 leads posted 20 at a time to a published webhook: n8n in queue mode (main + 2 workers,
 *      Redis turn store) against one n8n instance with the turn in static data.
 * The n8n stacks are started by the e2e harness (test/e2e: services.ts, n8n.ts, queue.ts), loaded through
 * TypeScript's transpiler, so the bench runs exactly what the tests run.
 */
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');
const axios = require('axios');

// Load the e2e harness (TypeScript) as CommonJS.
require.extensions['.ts'] = (module, filename) => {
	const source = fs.readFileSync(filename, 'utf8');
	const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } });
	module._compile(outputText, filename);
};

const LEADS = 200;
const CONCURRENCY = 20;
const REPS = [{ id: 'ana', name: 'Ana' }, { id: 'ben', name: 'Ben' }, { id: 'cai', name: 'Cai' }];

/** Picks per second through RedisTurnStore (the companion's build, .companion/) and through the pure pick on static-data state. */
async function pickThroughput({ picks = 20_000, inFlight = CONCURRENCY, startRedis }) {
	const { RedisTurnStore, sharedPool } = require('../.companion/dist/src/routing/turns/redisTurns');
	const { compileRouting, routeLead, emptyRoutingState } = require('../dist/src/routing/route');
	const redis = await startRedis({ password: 'bench' });
	try {
		const store = new RedisTurnStore(sharedPool, { host: '127.0.0.1', port: redis.port, password: 'bench' });
		const candidates = REPS.map((rep) => ({ id: rep.id, weight: 1, available: true }));
		await store.pickByPointer('bench:warmup', candidates);
		let next = 0;
		const counts = {};
		const started = process.hrtime.bigint();
		await Promise.all(
			Array.from({ length: inFlight }, async () => {
				while (next++ < picks) {
					const turn = await store.pickByPointer('bench:roundRobin', candidates);
					counts[turn.repId] = (counts[turn.repId] ?? 0) + 1;
				}
			}),
		);
		const redisSeconds = Number(process.hrtime.bigint() - started) / 1e9;
		sharedPool.closeAll();

		// The same pick with the state in memory, as one execution does with static data (no store at all).
		const routing = compileRouting({ reps: REPS, method: 'roundRobin' });
		let state = emptyRoutingState();
		const lead = { email: 'lead@example.com' };
		const pureStart = process.hrtime.bigint();
		for (let i = 0; i < picks; i++) state = routeLead(lead, routing, state, 0).state;
		const pureSeconds = Number(process.hrtime.bigint() - pureStart) / 1e9;
		return { picks, inFlight, counts, redisPerSecond: picks / redisSeconds, purePerSecond: picks / pureSeconds };
	} finally {
		await redis.stop();
	}
}

function routingWorkflow(builders, id, parameters, credential) {
	const { node, ours, webhook } = builders;
	return {
		id,
		name: `Bench routing ${id}`,
		nodes: [
			webhook('Lead In', id, `hook-${id}`),
			// The Redis store is Route to Sales (Redis), in the companion package n8n-nodes-lead-scoring-redis.
			(parameters.pointerStorage === 'redis' ? (...args) => node(args[0], `n8n-nodes-lead-scoring-redis.${args[1]}`, ...args.slice(2)) : ours)(
				'Route to Sales',
				'routeToSales',
				{ repsSource: 'json', repsJson: JSON.stringify(REPS), ...parameters },
				{ onError: 'continueRegularOutput', ...(credential ?? {}) },
			),
			node('Answer', 'n8n-nodes-base.noOp'),
		],
		connections: {
			'Lead In': { main: [[{ node: 'Route to Sales', type: 'main', index: 0 }]] },
			'Route to Sales': { main: [[{ node: 'Answer', type: 'main', index: 0 }], [{ node: 'Answer', type: 'main', index: 0 }]] },
		},
	};
}

/** Posts LEADS leads, CONCURRENCY at a time; returns leads per second and the leads per rep. */
async function postLeads(baseUrl, hookPath) {
	let next = 0;
	const counts = {};
	let failed = 0;
	const started = process.hrtime.bigint();
	await Promise.all(
		Array.from({ length: CONCURRENCY }, async () => {
			while (next < LEADS) {
				const i = next++;
				const response = await axios.post(`${baseUrl}/webhook/${hookPath}`, { lead: i }, { timeout: 60_000, validateStatus: () => true });
				const owner = response.data?.routing?.owner;
				if (response.status !== 200 || !owner) failed++;
				else counts[owner] = (counts[owner] ?? 0) + 1;
			}
		}),
	);
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	return { leadsPerSecond: LEADS / seconds, seconds, counts, failed };
}

async function endToEnd(log) {
	const e2e = (file) => require(path.join(__dirname, '..', 'test', 'e2e', file));
	const builders = e2e('workflows.ts');
	const { createN8nHome, importWorkflows, publishWorkflow, startN8n, waitForWebhook } = e2e('n8n.ts');
	const { startQueueServices } = e2e('queue.ts');
	const { importCredentials, useCredential } = e2e('credentials.ts');

	log('routing: one n8n instance, static data');
	const single = await createN8nHome();
	const [singleId] = await importWorkflows(single, [routingWorkflow(builders, 'benchStatic', { method: 'roundRobin', pointerStorage: 'staticData' })]);
	await publishWorkflow(single, singleId);
	let n8n = await startN8n(single);
	let staticData;
	try {
		await waitForWebhook(n8n, singleId);
		staticData = await postLeads(n8n.baseUrl, singleId);
	} finally {
		await n8n.stop();
	}

	log('routing: queue mode, main + 2 workers, Redis turn store');
	const stack = await startQueueServices(await createN8nHome({ companion: true }));
	let queue;
	try {
		const credential = { id: 'benchTurnStore1', name: 'Turn store', type: 'leadScoringRedisApi', data: { host: '127.0.0.1', port: stack.redis.port, password: stack.redis.password } };
		await importCredentials(stack.home, [credential]);
		const [queueId] = await importWorkflows(stack.home, [routingWorkflow(builders, 'benchRedis', { method: 'roundRobin', pointerStorage: 'redis', keyPrefix: 'bench' }, useCredential(credential))]);
		await publishWorkflow(stack.home, queueId);
		n8n = await stack.startN8n({ workers: 2 });
		await waitForWebhook(n8n, queueId);
		queue = await postLeads(n8n.baseUrl, queueId);
		queue.byWorker = stack.executionsByWorker().map((ids) => ids.length);
	} finally {
		await stack.stop();
	}
	return { staticData, queue };
}

async function runRouting({ log, n8n = true }) {
	const globalSetup = require('../test/e2e/globalSetup.ts').default;
	globalSetup(); // builds and packs both packages (the companion into .companion/), installs (or reuses) n8n; sets the E2E_* variables
	const { startRedis } = require('../test/e2e/services.ts');
	log('routing: Redis pick against the pure pick');
	const picks = await pickThroughput({ startRedis });
	const endToEndResult = n8n ? await endToEnd(log) : undefined;
	fs.rmSync(process.env.E2E_RUN_DIR, { recursive: true, force: true });
	return { picks, endToEnd: endToEndResult };
}

function routingSection(r, { fmt, table }) {
	const split = (counts) => REPS.map((rep) => counts[rep.id] ?? 0).join(' / ');
	const e = r.endToEnd;
	const rows = e
		? [
				['one instance, Workflow Static Data', fmt.num(e.staticData.leadsPerSecond, 1), `${fmt.num(e.staticData.seconds, 1)} s`, split(e.staticData.counts), String(e.staticData.failed), '1 (reference)'],
				[
					`queue mode, main + 2 workers (${e.queue.byWorker.join(' + ')} executions), Redis (Atomic)`,
					fmt.num(e.queue.leadsPerSecond, 1),
					`${fmt.num(e.queue.seconds, 1)} s`,
					split(e.queue.counts),
					String(e.queue.failed),
					`${fmt.ratio(e.queue.leadsPerSecond / e.staticData.leadsPerSecond)} the leads per second`,
				],
			]
		: [];
	return `## 8. Routing across workers

Round robin over 3 reps. **The pick alone**, in one process: ${fmt.int(r.picks.picks)} picks with ${r.picks.inFlight} in flight through the
Redis turn store (one Lua script per pick, a real redis-server on loopback, one connection) against the pure
pick with the state in memory, as one execution does with static data:

${table(['pick', 'picks per second', 'per rep'], [
		['Redis (Atomic), Lua script', fmt.int(r.picks.redisPerSecond), split(r.picks.counts)],
		['pure, state in memory (static data)', fmt.int(r.picks.purePerSecond), 'in turn'],
	])}

The atomic pick costs a round trip to Redis: ${fmt.ratio(r.picks.purePerSecond / r.picks.redisPerSecond)} the pure pick's time, still far more picks per second than
n8n runs executions.

**End to end**: ${LEADS} leads posted ${CONCURRENCY} at a time to a published webhook (Webhook -> Route to Sales -> No Op, answering with
the routed lead), n8n 2.41.1 on this machine:

${e ? table(['n8n', 'leads per second', 'wall time', 'per rep', 'failed', 'ratio'], rows) : 'Not run this time (BENCH_N8N=0).'}

Static data on one instance is fast and wrong under overlap (the split above is whatever the overlapping
executions left; queue mode with static data sends every lead to the first rep); the Redis turn store gives
the exact split in queue mode. On 2 shared cores the workers add processes, not cores, so queue mode's
throughput here says what the queue costs, not what more machines would gain.
`;
}

module.exports = { runRouting, routingSection };
