/**
 * The templates' PostgreSQL lead store in tests: the schema users run (templates/lead-store.sql), SQL through psql
 * over TCP with the server's password (as a user connects), rows as JSON, and the credential n8n uses for it.
 */
import { execFile, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { IDataObject } from 'n8n-workflow';
import type { CredentialJson } from './credentials';
import type { WorkflowJson } from './n8n';
import type { RunningPostgres } from './services';

export const LEAD_STORE_SQL = resolve(__dirname, '../../templates/lead-store.sql');

function psql(pg: RunningPostgres, args: string[]): Promise<string> {
	return new Promise((done, fail) => {
		execFile('psql', [pg.url, '-v', 'ON_ERROR_STOP=1', '-Atq', ...args], { timeout: 30_000 }, (error, stdout, stderr) =>
			error ? fail(new Error(`psql ${args.join(' ')} failed: ${stderr || error.message}`)) : done(stdout),
		);
	});
}

/** Runs the schema file as a user would (`psql URL -f templates/lead-store.sql`). */
export const applySchema = (pg: RunningPostgres) => psql(pg, ['-f', LEAD_STORE_SQL]);

export const sql = (pg: RunningPostgres, statement: string) => psql(pg, ['-c', statement]);

/** The rows of a query as JSON objects (timestamps as ISO text in UTC). */
export async function rows(pg: RunningPostgres, query: string): Promise<IDataObject[]> {
	const out = await psql(pg, ['-c', "SET TIME ZONE 'UTC'", '-c', `SELECT coalesce(json_agg(t), '[]') FROM (${query}) t`]);
	return JSON.parse(out) as IDataObject[];
}

/** n8n's Postgres credential for the test server, decrypted as `n8n import:credentials` takes it. */
export const postgresCredential = (pg: RunningPostgres): CredentialJson => ({
	id: 'leadStorePg00001',
	name: 'Lead store (test PostgreSQL)',
	type: 'postgres',
	data: { host: pg.host, port: pg.port, database: pg.database, user: pg.user, password: pg.password, ssl: 'disable', allowUnauthorizedCerts: false, maxConnections: 10 },
});

/** The template with the credential picked in every Postgres node, as a user does after importing it. */
export function withPostgresCredential(template: WorkflowJson, credential: CredentialJson): WorkflowJson {
	const nodes = template.nodes.map((node) =>
		node.type === 'n8n-nodes-base.postgres' ? { ...node, credentials: { postgres: { id: credential.id, name: credential.name } } } : node,
	);
	return { ...template, nodes };
}

/**
 * A psql session that holds exclusive advisory locks on the given keys (`hashtext(key)`) until `release()`: a crash point
 * (test/e2e/crashPoints.ts) taking the shared lock of a held key waits there, so a test knows where n8n is when it
 * kills it. The session ends, and its locks with it, at the latest after `maxSeconds`.
 */
export async function holdLocks(pg: RunningPostgres, keys: string[], maxSeconds = 300): Promise<{ release(): Promise<void> }> {
	const session = spawn('timeout', [String(maxSeconds), 'psql', pg.url, '-v', 'ON_ERROR_STOP=1', '-Atq'], { stdio: ['pipe', 'pipe', 'pipe'] });
	const exited = new Promise<void>((done) => session.once('exit', () => done()));
	let printed = '';
	const held = new Promise<void>((done, fail) => {
		session.stdout.on('data', (chunk: Buffer) => ((printed += chunk.toString()), printed.includes('held') && done()));
		session.stderr.on('data', (chunk: Buffer) => (printed += chunk.toString()));
		void exited.then(() => fail(new Error(`the lock session ended: ${printed}`)));
	});
	const locks = keys.map((key) => `SELECT pg_advisory_lock(hashtext(${literal(key)}));`).join('\n');
	session.stdin.write(`${locks}\n\\echo held\n`);
	await held;
	return {
		async release() {
			session.stdin.end('\\q\n');
			await exited;
		},
	};
}

/** Which of the keys (as given to `holdLocks`) a session of the database waits for. */
export async function waitingKeys(pg: RunningPostgres, keys: string[]): Promise<string[]> {
	if (keys.length === 0) return [];
	// pg_advisory_lock(bigint) keeps the key's low 32 bits in objid; hashtext's int4 is sign-extended to bigint first.
	const waiting = await rows(pg, `SELECT k FROM unnest(ARRAY[${keys.map(literal).join(', ')}]) AS k
		WHERE EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND NOT l.granted
			AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) AND l.objid::bigint = (hashtext(k)::bigint & 4294967295))`);
	return waiting.map((row) => String(row.k));
}

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
