'use strict';
/**
 * `npm run bench:leadstore`: the nightly decay template (templates/nightly-decay.json) over a large lead store, in
 * n8n queue mode (PostgreSQL for n8n and the store, Redis, one main, N workers), as the e2e harness starts it
 * (test/e2e: services.ts, n8n.ts, queue.ts). For each worker count in BENCH_DECAY_WORKERS (default "1,2"): a fresh
 * stack, BENCH_DECAY_CONTACTS (default 1,000,000) contacts seeded, the night run twice (the second must write 0
 * rows); then, with the largest worker count, a run whose worker is killed (kill -9) once a third of the contacts
 * are written, and what it takes to finish. Records wall time, peak RSS of every n8n process (VmHWM, task runners
 * included) and rows written. Prints JSON; BENCHMARKS.md, "The lead store at scale", reports it.
 *   BENCH_DECAY_PAGE_SIZE (5000), BENCH_DECAY_KILL=0 skips the crash run, BENCH_DECAY_TIMEOUT_S (7200) per run.
 */
const fs = require('node:fs');
const path = require('node:path');
const { execFile, execFileSync } = require('node:child_process');
const ts = require('typescript');
const axios = require('axios');

require.extensions['.ts'] = (module, filename) => {
	const source = fs.readFileSync(filename, 'utf8');
	const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } });
	module._compile(outputText, filename);
};

const env = (name, fallback) => (process.env[name] ? process.env[name] : fallback);
const CONTACTS = Number(env('BENCH_DECAY_CONTACTS', 1_000_000));
const PAGE_SIZE = Number(env('BENCH_DECAY_PAGE_SIZE', 5000));
const WORKERS = env('BENCH_DECAY_WORKERS', '1,2').split(',').map(Number);
const KILL = env('BENCH_DECAY_KILL', '1') !== '0';
const TIMEOUT_MS = Number(env('BENCH_DECAY_TIMEOUT_S', 7200)) * 1000;
const NIGHT = '2026-11-22T02:00:00Z';
const HOOK = 'bench-nightly-decay';
const log = (message) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

const e2e = (file) => require(path.join(__dirname, '..', 'test', 'e2e', file));

/** psql as the e2e's leadStore.ts runs it, without its 30 s limit: seeding a million rows takes longer under load. */
const sql = (pg, statement) =>
	new Promise((done, fail) =>
		execFile('psql', [pg.url, '-v', 'ON_ERROR_STOP=1', '-Atqc', statement], { timeout: 3_600_000 }, (error, stdout, stderr) => (error ? fail(new Error(`psql: ${stderr || error.message}`)) : done(stdout))),
	);

/** The template as a user runs it (credential picked, sample pins removed), As Of fixed, started by a webhook. */
function benchTemplate(credential) {
	const { loadTemplate, withFixedAsOf } = e2e('templateHelpers.ts');
	const { withPostgresCredential } = e2e('leadStore.ts');
	const template = withPostgresCredential(withFixedAsOf(loadTemplate('nightly-decay.json'), NIGHT), credential);
	const nodes = template.nodes.map((node) =>
		node.name === 'Postgres: plan pages' ? { ...node, parameters: { ...node.parameters, options: { queryReplacement: `={{ [${PAGE_SIZE}] }}` } } } : node,
	);
	// The schedule's run, started now: a webhook runs the same nodes in production mode, enqueued to a worker.
	nodes.push({ id: 'bench-start', name: 'Start (bench)', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 360], webhookId: HOOK, parameters: { path: HOOK, httpMethod: 'POST', responseMode: 'onReceived' } });
	const connections = { ...template.connections, 'Start (bench)': { main: [[{ node: 'Postgres: plan pages', type: 'main', index: 0 }]] } };
	return { ...template, nodes, connections, pinData: {} };
}

/** Every process under `pid` (n8n and its task runner under coreutils' timeout). */
function descendants(pid) {
	const out = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,comm=']).toString();
	const rows = out.trim().split('\n').map((line) => line.trim().split(/\s+/));
	const found = [];
	const walk = (parent) => rows.filter(([, ppid]) => Number(ppid) === parent).forEach(([child, , comm]) => (found.push({ pid: Number(child), comm }), walk(Number(child))));
	walk(pid);
	return found;
}

const peakMb = (pid) => {
	try {
		const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
		return match ? Number(match[1]) / 1024 : 0;
	} catch {
		return 0;
	}
};

async function runScenario({ workers, kill }) {
	const { createN8nHome, importWorkflows, n8nCli, publishWorkflow, waitForWebhook } = e2e('n8n.ts');
	const { startQueueServices } = e2e('queue.ts');
	const { importCredentials } = e2e('credentials.ts');
	const { applySchema, postgresCredential, rows } = e2e('leadStore.ts');
	const lifetime = Math.ceil((TIMEOUT_MS * 5) / 1000) + 3600;
	const stack = await startQueueServices(await createN8nHome(), { maxLifetimeSeconds: lifetime });
	const result = { workers, contacts: CONTACTS, pageSize: PAGE_SIZE, runs: [] };
	try {
		await stack.pg.createDatabase('leads');
		const store = { ...stack.pg, database: 'leads', url: stack.pg.url.replace(/\/[^/]+$/, '/leads') };
		await applySchema(store);
		log(`${workers} worker(s): seeding ${CONTACTS} contacts`);
		const seedStart = Date.now();
		// The e2e's contacts: fit i % 41, engagement (i % 7) x 8, scored 0 to 90 days before the night.
		await sql(store, `INSERT INTO contacts (email, fit_score, engagement_score, score, scored_at, updated_at)
			SELECT format('c%s@example.com', lpad(i::text, 7, '0')), i % 41, (i % 7) * 8, i % 41 + (i % 7) * 8, timestamptz '${NIGHT}' - (i % 4) * interval '30 days',
			       now() - interval '2 days'
			FROM generate_series(1, ${CONTACTS}) i`);
		await sql(store, 'VACUUM ANALYZE contacts');
		result.seedSeconds = (Date.now() - seedStart) / 1000;
		// The first n8n command on a fresh database runs n8n's migrations: minutes under load, longer than the harness's
		// 120 s per command.
		await n8nCli(stack.home, ['list:workflow'], 1_800_000);
		const credential = postgresCredential(store);
		await importCredentials(stack.home, [credential]);
		const [id] = await importWorkflows(stack.home, [benchTemplate(credential)]);
		await publishWorkflow(stack.home, id);
		const main = await stack.startN8n({ workers, maxLifetimeSeconds: lifetime });
		await waitForWebhook(main, HOOK, { timeoutMs: 120_000 });
		const n8nPg = stack.pg;
		const written = async () => (await rows(store, `SELECT count(*)::int AS n FROM contacts WHERE updated_at > now() - interval '1 day'`))[0].n;
		const parentDone = async (since) =>
			(await rows(n8nPg, `SELECT count(*)::int AS n FROM execution_entity WHERE mode = 'webhook' AND id > ${since} AND ("deletedAt" IS NOT NULL OR status IN ('success', 'error', 'crashed', 'canceled'))`))[0].n > 0;
		const lastId = async () => (await rows(n8nPg, `SELECT coalesce(max(id), 0)::int AS n FROM execution_entity`))[0].n;

		const night = async (label, { killAt } = {}) => {
			const before = await written();
			const since = await lastId();
			const started = Date.now();
			await axios.post(`${main.baseUrl}/webhook/${HOOK}`, {}, { timeout: 30_000 });
			let killed;
			while (!(await parentDone(since))) {
				if (Date.now() - started > TIMEOUT_MS) throw new Error(`${label}: not done within ${TIMEOUT_MS / 1000} s`);
				// A killed worker's execution never ends: give n8n two minutes to notice, then report what it left.
				if (killed && Date.now() - started > killed.afterSeconds * 1000 + 120_000) {
					killed.endedWithin120s = false;
					break;
				}
				if (killAt !== undefined && !killed && (await written()) - before >= killAt) {
					// The worker that started the night's execution: its n8n process, not the timeout wrapper.
					const byWorker = stack.executionsByWorker();
					const index = byWorker.findIndex((ids) => ids.some((execution) => Number(execution) > since));
					const worker = stack.workers[index];
					// timeout's child is n8n (its thread shows as MainThread); n8n's own child is its task runner.
					const nodePid = descendants(worker.pid)[0]?.pid;
					killed = { worker: index + 1, pid: nodePid, afterSeconds: (Date.now() - started) / 1000, writtenBefore: (await written()) - before };
					log(`${label}: kill -9 worker ${index + 1} (pid ${nodePid}) after ${killed.writtenBefore} rows`);
					process.kill(nodePid, 'SIGKILL');
				}
				await new Promise((done) => setTimeout(done, 2000));
			}
			const seconds = (Date.now() - started) / 1000;
			const status = await rows(n8nPg, `SELECT status, "deletedAt" IS NOT NULL AS deleted FROM execution_entity WHERE mode = 'webhook' AND id > ${since} ORDER BY id LIMIT 1`);
			const run = { label, seconds, written: (await written()) - before, night: status[0], killed };
			log(`${label}: ${seconds.toFixed(1)} s, ${run.written} rows written`);
			result.runs.push(run);
			return run;
		};
		await night('first run');
		await night('second run, same night');
		if (kill) {
			// Undo the night's writes, as if the night had not run, and run it again with a crash in the middle; n8n
			// 2.41.1 fails a stalled job (Bull maxStalledCount 0), so the night is run again, as the next schedule would.
			await sql(store, `UPDATE contacts SET current_score = NULL, stage = NULL, stage_entered_at = NULL, updated_at = now() - interval '2 days'`);
			await sql(store, 'VACUUM contacts');
			await night('run with a worker killed', { killAt: Math.floor(CONTACTS / 3) });
			await night('run again after the crash');
			result.afterCrash = (await rows(store, `SELECT count(*)::int AS contacts, count(current_score)::int AS decayed,
				count(*) FILTER (WHERE current_score IS DISTINCT FROM fit_score + engagement_score * power(0.5, extract(epoch FROM timestamptz '${NIGHT}' - scored_at) / 86400 / 30))::int AS wrong
				FROM contacts`))[0];
		}
		result.executions = await rows(n8nPg, `SELECT e.mode, e.status, e."deletedAt" IS NOT NULL AS deleted, count(*)::int AS executions, coalesce(sum(length(d.data)), 0)::bigint AS characters
			FROM execution_entity e LEFT JOIN execution_data d ON d."executionId" = e.id GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`);
		const processes = [['main', main], ...stack.workers.map((worker, i) => [`worker ${i + 1}`, worker])];
		result.peakRssMb = processes.map(([name, proc]) => ({ name, processes: descendants(proc.pid).map((p) => ({ comm: p.comm, peakMb: Math.round(peakMb(p.pid)) })) }));
		result.byWorker = stack.executionsByWorker().map((ids) => ids.length);
	} finally {
		await stack.stop();
	}
	return result;
}

async function runLeadStore() {
	const globalSetup = require('../test/e2e/globalSetup.ts').default;
	globalSetup();
	const results = [];
	for (const workers of WORKERS) {
		const kill = KILL && workers === Math.max(...WORKERS);
		results.push(await runScenario({ workers, kill }));
		log(JSON.stringify(results.at(-1)));
	}
	fs.rmSync(process.env.E2E_RUN_DIR, { recursive: true, force: true });
	return results;
}

module.exports = { runLeadStore };

if (require.main === module) {
	// Stopping the bench stops what it started: the harness kills its servers on exit, which a signal skips.
	for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(1));
	const loadAtStart = require('node:os').loadavg();
	const started = Date.now();
	runLeadStore().then(
		(results) => {
			process.stdout.write(`${JSON.stringify({ loadAtStart, seconds: (Date.now() - started) / 1000, results }, null, 2)}\n`);
			process.exit(0);
		},
		(error) => {
			process.stderr.write(`${error.stack}\n`);
			process.exit(1);
		},
	);
}
