/**
 * Drives a real n8n 2.41 (Node 24, installed by scripts/n8n-runtime.sh) with this package installed from its
 * packed tarball, as a user would have it. globalSetup.ts installs n8n and packs the package once per run.
 *
 *   const home = await createN8nHome();                  // fresh user folder, tarball installed
 *   const id = await importWorkflow(home, workflowJson);  // workflowJson may carry its own id
 *   const run = await executeWorkflow(home, id);           // `n8n execute --rawOutput`, parsed
 *   outputJson(run, 'Score Lead');                         // the json of each item the node put out
 *
 *   await publishWorkflow(home, id);                       // while n8n is stopped
 *   const n8n = await startN8n(home);                      // loopback, free ports, ready to serve
 *   await waitForWebhook(n8n, 'score-lead');               // webhooks register after the health check
 *   await axios.post(`${n8n.baseUrl}/webhook/score-lead`, lead);
 *   await n8n.stop();                                      // always, e.g. in afterAll
 *
 * Every command and wait is bounded in time; every started n8n is killed (whole process group) on stop,
 * when the test process exits, and at the latest after `maxLifetimeSeconds` by coreutils' timeout.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import axios from 'axios';
import type { IDataObject, INodeExecutionData, IRunData } from 'n8n-workflow';

const ROOT = resolve(__dirname, '../..');

export interface N8nHome {
	/** The N8N_USER_FOLDER: n8n keeps its SQLite database and settings in `.n8n/` under it. */
	dir: string;
	/** The environment every n8n command of this home runs with. */
	env: NodeJS.ProcessEnv;
}

/** A workflow as n8n exports it; `id` is optional (one is made up when missing). */
export interface WorkflowJson {
	id?: string;
	name: string;
	nodes: IDataObject[];
	connections: IDataObject;
	[key: string]: unknown;
}

/** What `n8n execute --rawOutput` prints: the execution as n8n stores it. */
export interface ExecutionResult {
	status: string;
	finished: boolean;
	data: {
		resultData: { runData: IRunData; lastNodeExecuted?: string; error?: IDataObject & { message: string } };
	};
}

export interface RunningN8n {
	/** http://127.0.0.1:<port>, with no trailing slash. */
	baseUrl: string;
	/** coreutils' timeout, whose child is n8n. */
	pid?: number;
	/** Everything n8n printed so far (the last 200 kB), for failure messages. */
	output(): string;
	/** Stops n8n and all its children; resolves once they are gone. Safe to call twice. */
	stop(): Promise<void>;
	/** kill -9 of n8n and all its children (a crash: no shutdown, nothing saved); resolves once they are gone. */
	kill(): Promise<void>;
}

function requiredEnv(name: string): string {
	const value = process.env[name];
	if (!value) throw new Error(`${name} is not set: run the e2e tests through jest's e2e project (its globalSetup sets it)`);
	return value;
}

/** A fresh n8n user folder with the packed package installed into `.n8n/nodes` as n8n's installer does it. */
/** `companion: true` also installs n8n-nodes-lead-scoring-redis (Route to Sales (Redis)), as a self-hosted user would. */
export async function createN8nHome(options: { companion?: boolean } = {}): Promise<N8nHome> {
	const dir = await mkdtemp(join(requiredEnv('E2E_RUN_DIR'), 'home-'));
	const path = requiredEnv('E2E_N8N_PATH');
	const tarballs = [requiredEnv('E2E_TARBALL'), ...(options.companion ? [requiredEnv('E2E_COMPANION_TARBALL')] : [])];
	for (const tarball of tarballs) {
		const installed = await run('bash', [join(ROOT, 'scripts/install-package.sh'), tarball, dir], { ...process.env, PATH: path }, 120_000);
		if (installed.exitCode !== 0) throw new Error(`installing ${tarball} failed\n${installed.printed}`);
	}
	const env: NodeJS.ProcessEnv = {};
	// Keep the caller's n8n and database settings out (each home is its own default SQLite n8n), and jest's
	// NODE_ENV=test, with which n8n silences its logger and so the output of `execute --rawOutput`.
	for (const [key, value] of Object.entries(process.env)) {
		if (!/^(N8N_|DB_|EXECUTIONS_|QUEUE_|JEST_|NODE_ENV$|GENERIC_TIMEZONE$)/.test(key)) env[key] = value;
	}
	Object.assign(env, {
		PATH: path,
		N8N_USER_FOLDER: dir,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		// No calls to n8n's servers for templates and the verified-package list (the machine has no internet).
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		// No N8N_LOG_LEVEL below info: `execute --rawOutput` prints its JSON through the info logger.
		GENERIC_TIMEZONE: 'UTC',
		TZ: 'UTC',
	});
	return { dir, env };
}

/** Runs one n8n CLI command (a fresh process, about 3 s) and returns its stdout; fails on a non-zero exit. */
export async function n8nCli(home: N8nHome, args: string[], timeoutMs = 120_000): Promise<string> {
	const result = await n8nCliResult(home, args, timeoutMs);
	if (result.exitCode !== 0) throw new Error(`n8n ${args.join(' ')} exited with ${result.exitCode}\n${result.printed}`);
	return result.stdout;
}

interface CliResult {
	exitCode: number;
	stdout: string;
	/** The tails of stderr and stdout, for failure messages. */
	printed: string;
}

async function n8nCliResult(home: N8nHome, args: string[], timeoutMs: number): Promise<CliResult> {
	// The CLI starts a task-runner broker too: give it a free port so it never meets a running n8n's.
	const env = { ...home.env, N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
	// coreutils' timeout kills the whole process group (n8n and its task runner) when time is up.
	const seconds = String(Math.ceil(timeoutMs / 1000));
	return run('timeout', ['--kill-after=5', seconds, requiredEnv('E2E_N8N_BIN'), ...args], env, timeoutMs + 10_000);
}

/** Imports a workflow into the home's database and returns its id. */
export async function importWorkflow(home: N8nHome, workflow: WorkflowJson): Promise<string> {
	return (await importWorkflows(home, [workflow]))[0];
}

/** Imports several workflows with one CLI command (each command costs seconds) and returns their ids in order. */
export async function importWorkflows(home: N8nHome, workflows: WorkflowJson[]): Promise<string[]> {
	const folder = await mkdtemp(join(home.dir, 'import-'));
	const ids: string[] = [];
	for (const workflow of workflows) {
		const id = workflow.id ?? randomBytes(8).toString('hex');
		ids.push(id);
		await writeFile(join(folder, `${id}.json`), JSON.stringify({ active: false, settings: {}, pinData: {}, ...workflow, id }));
	}
	await n8nCli(home, ['import:workflow', '--separate', `--input=${folder}`]);
	return ids;
}

/**
 * Runs an imported workflow once from its Manual Trigger, as `n8n execute --id --rawOutput` does. A workflow
 * that fails still resolves (n8n exits with 1 but prints the execution): check `status` and `resultData.error`.
 */
export async function executeWorkflow(home: N8nHome, id: string, timeoutMs = 120_000): Promise<ExecutionResult> {
	const result = await n8nCliResult(home, ['execute', `--id=${id}`, '--rawOutput'], timeoutMs);
	try {
		return parseRawOutput(result.stdout);
	} catch {
		throw new Error(`n8n execute --id=${id} exited with ${result.exitCode} and printed no execution\n${result.printed}`);
	}
}

/**
 * `--rawOutput` prints the execution as pretty JSON, but the task runner and license SDK print lines to
 * stdout first: the JSON starts at the first line that is exactly "{" and ends at the last "}".
 */
export function parseRawOutput(stdout: string): ExecutionResult {
	const lines = stdout.split('\n');
	const start = lines.indexOf('{');
	const end = lines.lastIndexOf('}');
	if (start < 0 || end < start) throw new Error('n8n printed no execution JSON');
	return JSON.parse(lines.slice(start, end + 1).join('\n')) as ExecutionResult;
}

/** The items a node put on one of its outputs in its last run (every run's items with `run` given). */
export function outputItems(result: ExecutionResult, nodeName: string, output = 0, run?: number): INodeExecutionData[] {
	const runs = result.data.resultData.runData[nodeName];
	if (!runs?.length) throw new Error(`node "${nodeName}" did not run; ran: ${Object.keys(result.data.resultData.runData).join(', ')}`);
	return runs[run ?? runs.length - 1].data?.main[output] ?? [];
}

export function outputJson(result: ExecutionResult, nodeName: string, output = 0): IDataObject[] {
	return outputItems(result, nodeName, output).map((item) => item.json);
}

/** Marks a workflow as published (active) so `n8n start` registers its webhooks and triggers; n8n must be stopped. */
export async function publishWorkflow(home: N8nHome, id: string): Promise<void> {
	await n8nCli(home, ['publish:workflow', `--id=${id}`]);
}

const running = new Set<ChildProcess>();
process.once('exit', () => running.forEach((child) => killGroup(child)));

/** An n8n process (`n8n start`, `n8n worker`...) in its own process group, with its output kept. */
export interface N8nProcess {
	/** coreutils' timeout, whose child is n8n (and n8n's, its task runner). */
	pid?: number;
	output(): string;
	exited: Promise<void>;
	/** Stops the process and all its children; resolves once they are gone. Safe to call twice. */
	stop(): Promise<void>;
	/** SIGKILL to the process and all its children; resolves once they are gone. */
	kill(): Promise<void>;
}

/** Spawns `n8n <args>` with the home's environment (plus `env`), killed at the latest after `maxLifetimeSeconds`. */
export function spawnN8n(
	home: N8nHome,
	args: string[],
	env: NodeJS.ProcessEnv,
	{ maxLifetimeSeconds = 900, onOutput }: { maxLifetimeSeconds?: number; onOutput?: (chunk: string) => void } = {},
): N8nProcess {
	const child = spawn('timeout', ['--kill-after=10', String(maxLifetimeSeconds), requiredEnv('E2E_N8N_BIN'), ...args], {
		env: { ...home.env, ...env },
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	running.add(child);
	let output = '';
	const keep = (chunk: Buffer) => {
		output = (output + chunk.toString()).slice(-200_000);
		onOutput?.(chunk.toString());
	};
	child.stdout?.on('data', keep);
	child.stderr?.on('data', keep);
	const exited = new Promise<void>((done) => child.once('exit', () => (running.delete(child), done())));
	return {
		pid: child.pid,
		output: () => output,
		exited,
		async stop() {
			if (child.exitCode !== null || child.signalCode !== null) return;
			killGroup(child, 'SIGTERM');
			const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 15_000);
			await exited;
			clearTimeout(timer);
		},
		async kill() {
			if (child.exitCode !== null || child.signalCode !== null) return;
			killGroup(child, 'SIGKILL');
			await exited;
		},
	};
}

/** Starts `n8n start` on free loopback ports and resolves when its health check answers. */
export async function startN8n(
	home: N8nHome,
	{ readyTimeoutMs = 90_000, maxLifetimeSeconds = 900, port: fixedPort }: { readyTimeoutMs?: number; maxLifetimeSeconds?: number; port?: number } = {},
): Promise<RunningN8n> {
	// A restarted n8n may take its old port again, so that an owner session made before (bound to the URL) still works.
	const port = fixedPort ?? (await freePort());
	const env = {
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PORT: String(port),
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
	};
	const server = spawnN8n(home, ['start'], env, { maxLifetimeSeconds });
	const n8n: RunningN8n = { baseUrl: `http://127.0.0.1:${port}`, pid: server.pid, output: server.output, stop: server.stop, kill: server.kill };
	try {
		await pollUntil(readyTimeoutMs, server.exited, `n8n did not get ready on port ${port}`, async () => {
			const response = await axios.get(`${n8n.baseUrl}/healthz`, { timeout: 2000, validateStatus: () => true });
			return response.status === 200;
		});
	} catch (error) {
		await n8n.stop();
		throw new Error(`${(error as Error).message}\n--- n8n output ---\n${server.output().slice(-6000)}`);
	}
	return n8n;
}

/**
 * Waits until a published workflow's webhook is registered, which happens some seconds after the health
 * check answers. Probes with a method the webhook does not accept, so the workflow does not run: n8n then
 * answers "not registered for GET requests" instead of "The requested webhook ... is not registered".
 */
export async function waitForWebhook(n8n: RunningN8n, path: string, { probeMethod = 'GET', timeoutMs = 60_000 } = {}): Promise<void> {
	await pollUntil(timeoutMs, undefined, `webhook /webhook/${path} was not registered`, async () => {
		const response = await axios.request({ method: probeMethod, url: `${n8n.baseUrl}/webhook/${path}`, timeout: 2000, validateStatus: () => true });
		const message = typeof response.data === 'object' ? String(response.data?.message) : '';
		return message.includes(`not registered for ${probeMethod} requests`);
	}).catch((error: Error) => {
		throw new Error(`${error.message}\n--- n8n output ---\n${n8n.output().slice(-6000)}`);
	});
}

export async function pollUntil(timeoutMs: number, aborted: Promise<void> | undefined, message: string, ready: () => Promise<boolean>): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let gone = false;
	void aborted?.then(() => (gone = true));
	while (Date.now() < deadline && !gone) {
		if (await ready().catch(() => false)) return;
		await new Promise((done) => setTimeout(done, 500));
	}
	throw new Error(gone ? `${message}: the process exited` : `${message} within ${timeoutMs / 1000} s`);
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): void {
	try {
		if (child.pid) process.kill(-child.pid, signal);
	} catch {
		// Already gone.
	}
}

/** A port that was free a moment ago on 127.0.0.1 (the OS hands out ephemeral ports in turn, so a reuse is unlikely). */
export function freePort(): Promise<number> {
	return new Promise((done, fail) => {
		const server = createServer();
		server.once('error', fail);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
		});
	});
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<CliResult> {
	return new Promise((done) => {
		execFile(command, args, { env, cwd: ROOT, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
			const exitCode = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
			done({ exitCode, stdout, printed: `--- stderr ---\n${stderr.slice(-4000)}\n--- stdout ---\n${stdout.slice(-4000)}` });
		});
	});
}
