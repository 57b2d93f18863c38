/**
 * Real Redis and PostgreSQL servers for tests, from Debian's packages (`.ci/debian-packages.sh` installs them):
 * each on a free loopback port, with its data in a fresh temp dir, stopped (and the dir removed) on `stop()`,
 * when the test process exits, and at the latest after `maxLifetimeSeconds` by coreutils' timeout.
 *
 *   const redis = await startRedis();                    // redis.port, redis.url
 *   const pg = await startPostgres();                    // pg.port, pg.user, pg.password, pg.database, pg.url
 *   await pg.createDatabase('n8n');                      // another database on the same server
 *   await redis.stop(); await pg.stop();                 // always, e.g. in afterAll
 *
 * PostgreSQL's initdb and server refuse to run as root: as root (CI) they run as the `postgres` user through
 * `runuser`, in a data dir that user owns; as anyone else they run as that user.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { chmod, chown, mkdtemp, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './n8n';

export interface RunningService {
	host: '127.0.0.1';
	port: number;
	/** The server's own temp dir (data, socket, logs); removed on stop. */
	dir: string;
	/** Everything the server printed so far (the last 100 kB), for failure messages. */
	output(): string;
	/** Stops the server and removes its data dir; resolves once it is gone. Safe to call twice. */
	stop(): Promise<void>;
}

export interface RunningRedis extends RunningService {
	/** redis://[:password@]127.0.0.1:<port> */
	url: string;
	password?: string;
}

export interface RunningPostgres extends RunningService {
	user: string;
	password: string;
	/** A database created for the caller (`test` unless named). */
	database: string;
	/** postgres://user:password@127.0.0.1:<port>/<database> */
	url: string;
	/** Creates one more database on the server, owned by `user`. */
	createDatabase(name: string): Promise<void>;
}

interface ServiceOptions {
	/** Killed by coreutils' timeout after this long, whatever happens to the test process. */
	maxLifetimeSeconds?: number;
	readyTimeoutMs?: number;
}

const started = new Set<ChildProcess>();
const dirs = new Set<string>();
process.once('exit', () => {
	started.forEach((child) => signalGroup(child, 'SIGKILL'));
	dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

/** A redis-server with no persistence on a free loopback port; `password` sets `requirepass`. */
export async function startRedis({ password, maxLifetimeSeconds = 1800, readyTimeoutMs = 20_000 }: ServiceOptions & { password?: string } = {}): Promise<RunningRedis> {
	const dir = await tempDir('lead-scoring-redis-');
	const port = await freePort();
	const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no'];
	if (password) args.push('--requirepass', password);
	const server = launch('redis-server', args, maxLifetimeSeconds, 'SIGTERM');
	const service: RunningRedis = {
		host: '127.0.0.1',
		port,
		dir,
		password,
		url: `redis://${password ? `:${encodeURIComponent(password)}@` : ''}127.0.0.1:${port}`,
		output: server.output,
		stop: () => server.stop('SIGTERM').finally(() => removeDir(dir)),
	};
	const ping = `${password ? command('AUTH', password) : ''}${command('PING')}`;
	await waitUntil(readyTimeoutMs, server, `redis-server did not answer on port ${port}`, async () => (await exchange(port, ping)).includes('+PONG'));
	return service;
}

/**
 * A PostgreSQL server (initdb into a fresh dir, fsync off) on a free loopback port, password authentication
 * over TCP as the superuser `postgres`, with a database `database` (default `test`) created.
 */
export async function startPostgres({
	database = 'test',
	maxLifetimeSeconds = 1800,
	readyTimeoutMs = 60_000,
}: ServiceOptions & { database?: string } = {}): Promise<RunningPostgres> {
	const bin = postgresBin();
	const asRoot = process.getuid?.() === 0;
	const dir = await tempDir('lead-scoring-pg-');
	const user = 'postgres';
	const password = randomBytes(12).toString('hex');
	const passwordFile = join(dir, 'password');
	await writeFile(passwordFile, password, { mode: 0o600 });
	if (asRoot) {
		const { uid, gid } = await postgresUser();
		await chown(dir, uid, gid);
		await chown(passwordFile, uid, gid);
	}
	const asPostgres = (program: string, args: string[]): [string, string[]] =>
		asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, program), ...args]] : [join(bin, program), args];

	const data = join(dir, 'data');
	const initdb = await exec(
		...asPostgres('initdb', ['-D', data, '-U', user, `--pwfile=${passwordFile}`, '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--no-instructions']),
		120_000,
	);
	if (initdb.code !== 0) throw new Error(`initdb failed\n${initdb.printed}`);

	const port = await freePort();
	const [program, args] = asPostgres('postgres', [
		'-D', data, '-p', String(port), '-k', dir,
		'-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off',
		'-c', 'max_connections=100', '-c', 'shared_buffers=32MB',
	]);
	// SIGINT is PostgreSQL's fast shutdown: it ends the sessions instead of waiting for the clients to leave.
	const server = launch(program, args, maxLifetimeSeconds, 'SIGINT');
	const psql = async (sql: string) => {
		const result = await exec(...asPostgres('psql', ['-h', dir, '-p', String(port), '-U', user, '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-Atqc', sql]), 30_000);
		if (result.code !== 0) throw new Error(`psql failed: ${sql}\n${result.printed}`);
		return result.stdout.trim();
	};
	const service: RunningPostgres = {
		host: '127.0.0.1',
		port,
		dir,
		user,
		password,
		database,
		url: `postgres://${user}:${password}@127.0.0.1:${port}/${database}`,
		output: server.output,
		stop: () => server.stop('SIGINT').finally(() => removeDir(dir)),
		async createDatabase(name: string) {
			if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`database name "${name}": use lower-case letters, digits and _`);
			await psql(`CREATE DATABASE ${name} OWNER ${user}`);
		},
	};
	try {
		await waitUntil(readyTimeoutMs, server, `postgres did not get ready on port ${port}`, async () => (await psql('SELECT 1').catch(() => '')) === '1');
		await service.createDatabase(database);
	} catch (error) {
		await service.stop();
		throw error;
	}
	return service;
}

/** The newest installed PostgreSQL's bin dir (Debian keeps them in /usr/lib/postgresql/<major>/bin); PG_BIN wins. */
function postgresBin(): string {
	if (process.env.PG_BIN) return process.env.PG_BIN;
	const root = '/usr/lib/postgresql';
	const majors = existsSync(root) ? readdirSync(root).filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(b) - Number(a)) : [];
	const found = majors.map((major) => join(root, major, 'bin')).find((bin) => existsSync(join(bin, 'initdb')));
	if (!found) throw new Error('PostgreSQL is not installed (bash .ci/debian-packages.sh installs it), or set PG_BIN');
	return found;
}

async function postgresUser(): Promise<{ uid: number; gid: number }> {
	const [uid, gid] = await Promise.all(['-u', '-g'].map(async (flag) => Number((await exec('id', [flag, 'postgres'], 5000)).stdout.trim())));
	if (!Number.isInteger(uid) || !Number.isInteger(gid)) throw new Error('there is no postgres user (the postgresql package creates it)');
	return { uid, gid };
}

/** A fresh dir directly under the system temp dir, so that the postgres user can reach it. */
async function tempDir(prefix: string): Promise<string> {
	const dir = await mkdtemp(join(tmpdir(), prefix));
	await chmod(dir, 0o700);
	dirs.add(dir);
	return dir;
}

function removeDir(dir: string): void {
	rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
	dirs.delete(dir);
}

interface Launched {
	output(): string;
	exited: Promise<void>;
	isDone(): boolean;
	stop(signal: NodeJS.Signals): Promise<void>;
}

/** Spawns a server in its own process group under coreutils' timeout, which ends it after `maxLifetimeSeconds`. */
function launch(program: string, args: string[], maxLifetimeSeconds: number, stopSignal: NodeJS.Signals): Launched {
	const child = spawn('timeout', [`--signal=${stopSignal}`, '--kill-after=10', String(maxLifetimeSeconds), program, ...args], {
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	started.add(child);
	let output = '';
	let done = false;
	const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-100_000));
	child.stdout?.on('data', keep);
	child.stderr?.on('data', keep);
	const exited = new Promise<void>((resolve) =>
		child.once('exit', () => {
			done = true;
			started.delete(child);
			resolve();
		}),
	);
	return {
		output: () => output,
		exited,
		isDone: () => done,
		async stop(signal) {
			if (done) return;
			signalGroup(child, signal);
			const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), 15_000);
			await exited;
			clearTimeout(timer);
		},
	};
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	try {
		if (child.pid) process.kill(-child.pid, signal);
	} catch {
		// Already gone.
	}
}

async function waitUntil(timeoutMs: number, server: Launched, message: string, ready: () => Promise<boolean>): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline && !server.isDone()) {
		if (await ready().catch(() => false)) return;
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	await server.stop('SIGKILL');
	const why = server.isDone() && Date.now() < deadline ? 'the process exited' : `within ${timeoutMs / 1000} s`;
	throw new Error(`${message}: ${why}\n--- output ---\n${server.output().slice(-4000)}`);
}

/** A RESP command, as redis-cli would send it. */
function command(...parts: string[]): string {
	return `*${parts.length}\r\n${parts.map((part) => `$${Buffer.byteLength(part)}\r\n${part}\r\n`).join('')}`;
}

/** Sends raw bytes to 127.0.0.1:port and returns what came back within a moment. */
function exchange(port: number, payload: string): Promise<string> {
	return new Promise((resolve, reject) => {
		const socket = connect(port, '127.0.0.1');
		let answer = '';
		socket.setTimeout(1000, () => socket.destroy(new Error('timeout')));
		socket.on('connect', () => socket.write(payload));
		socket.on('data', (chunk) => {
			answer += chunk.toString();
			if (answer.includes('+PONG') || answer.startsWith('-')) socket.end();
		});
		socket.on('error', reject);
		socket.on('close', () => resolve(answer));
	});
}

interface ExecResult {
	code: number;
	stdout: string;
	printed: string;
}

function exec(program: string, args: string[], timeoutMs: number): Promise<ExecResult> {
	return new Promise((resolve) => {
		execFile(program, args, { timeout: timeoutMs, killSignal: 'SIGKILL', cwd: tmpdir() }, (error, stdout, stderr) => {
			const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
			resolve({ code, stdout, printed: `--- stderr ---\n${stderr.slice(-4000)}\n--- stdout ---\n${stdout.slice(-4000)}` });
		});
	});
}
