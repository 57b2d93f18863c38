/**
 * The templates' PostgreSQL lead store in tests: the schema users run (templates/lead-store.sql), SQL through psql
 * over TCP with the server's password (as a user connects), rows as JSON, and the credential n8n uses for it.
 */
import { execFile } from 'node:child_process';
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
