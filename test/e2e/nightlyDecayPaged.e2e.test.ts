import type { IDataObject } from 'n8n-workflow';
import { importCredentials } from './credentials';
import { applySchema, postgresCredential, rows, sql, withPostgresCredential } from './leadStore';
import { createN8nHome, executeWorkflow, importWorkflows, n8nCli, outputJson, publishWorkflow, type N8nHome, type WorkflowJson } from './n8n';
import { startPostgres, type RunningPostgres } from './services';
import { loadTemplate, withFixedAsOf } from './templateHelpers';

/**
 * The nightly decay template over a store of many contacts, in a real n8n whose own database is PostgreSQL (so the
 * test reads the execution data n8n kept from its execution_data table): pages of 5,000 contacts, each a
 * sub-execution of the same workflow, one statement per page; a row made to fail once, so one page is tried again.
 * CONTACTS is what CI affords (BENCHMARKS.md, "The lead store at scale", has 50,000 and 1,000,000).
 */
const CONTACTS = Number(process.env.DECAY_E2E_CONTACTS ?? 10_000);
const PAGE_SIZE = Number(process.env.DECAY_E2E_PAGE_SIZE ?? 2_500);
const NIGHT = '2026-11-22T02:00:00Z';
// A contact in the middle of a page past the first: that page's statement fails once.
const FAILS_ONCE = `c${String(Math.floor(CONTACTS * 0.55)).padStart(7, '0')}@example.com`;
const TEMPLATE_ID = 'tplNightlyDecay1';

let pg: RunningPostgres;
let home: N8nHome;
const store = (): RunningPostgres => ({ ...pg, database: 'leads', url: pg.url.replace(/\/[^/]+$/, '/leads') });

beforeAll(async () => {
	pg = await startPostgres({ database: 'n8n' });
	await pg.createDatabase('leads');
	await applySchema(store());
	// Contact 1 is written as a person might type it: the store keeps it as c0000001@example.com, and the night decays it.
	// Contact i: fit i % 41, engagement (i % 7) x 8, scored 0, 30, 60 or 90 days before the night (i % 4 half-lives),
	// never staged: every contact gets a new current score and stage tonight, worked out exactly below.
	await sql(store(), `INSERT INTO contacts (email, fit_score, engagement_score, score, scored_at)
		SELECT CASE WHEN i = 1 THEN ' C0000001@Example.COM ' ELSE format('c%s@example.com', lpad(i::text, 7, '0')) END, i % 41, (i % 7) * 8, i % 41 + (i % 7) * 8, timestamptz '${NIGHT}' - (i % 4) * interval '30 days'
		FROM generate_series(1, ${CONTACTS}) i`);
	// Every row written lands in decay_writes (in the same transaction as the write, so a failed statement leaves none);
	// the first write of FAILS_ONCE raises instead (a sequence is not rolled back), failing its page's statement once.
	await sql(store(), `CREATE TABLE decay_writes (email text NOT NULL);
		CREATE SEQUENCE fail_once;
		CREATE FUNCTION count_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
			IF NEW.email = '${FAILS_ONCE}' AND nextval('fail_once') = 1 THEN RAISE EXCEPTION 'forced failure of %', NEW.email; END IF;
			INSERT INTO decay_writes VALUES (NEW.email); RETURN NEW; END $$;
		CREATE TRIGGER count_write BEFORE UPDATE ON contacts FOR EACH ROW EXECUTE FUNCTION count_write();`);
	const base = await createN8nHome();
	home = {
		dir: base.dir,
		env: { ...base.env, DB_TYPE: 'postgresdb', DB_POSTGRESDB_HOST: pg.host, DB_POSTGRESDB_PORT: String(pg.port), DB_POSTGRESDB_DATABASE: 'n8n', DB_POSTGRESDB_USER: pg.user, DB_POSTGRESDB_PASSWORD: pg.password,
			// n8n 2.41 runs a called workflow's published version, which a running `n8n start` records from the publish:workflow
			// command (an outbox polled every 15 s); without a server, the CLI reads the published version directly.
			N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'false' },
	};
	// The first command on a fresh PostgreSQL database runs n8n's migrations (over a minute on a loaded machine).
	await n8nCli(home, ['list:workflow'], 600_000);
	const credential = postgresCredential(store());
	await importCredentials(home, [credential]);
	const template = withPageSize(withFixedAsOf(loadTemplate('nightly-decay.json'), NIGHT), PAGE_SIZE);
	await importWorkflows(home, [withPostgresCredential(template, credential)]);
	// A workflow calling itself outside the editor runs its published version (n8n 2.x), as the schedule does.
	await publishWorkflow(home, TEMPLATE_ID);
}, 900_000);
afterAll(async () => {
	await pg?.stop();
});

const n8nDb = (): RunningPostgres => pg;

/** The template with another page size, as a user sets it (the plan query's parameter). */
function withPageSize(template: WorkflowJson, size: number): WorkflowJson {
	const nodes = template.nodes.map((node) =>
		node.name === 'Postgres: plan pages' ? { ...node, parameters: { ...(node.parameters as IDataObject), options: { queryReplacement: `={{ [${size}] }}` } } } : node,
	);
	return { ...template, nodes };
}

it(`decays ${CONTACTS} contacts in pages of ${PAGE_SIZE}: every row written exactly once after a page's retry, nothing the second time, no execution data kept`, async () => {
	const first = await executeWorkflow(home, TEMPLATE_ID, 600_000);
	expect([first.status, first.data.resultData.error?.message]).toEqual(['success', undefined]);
	const pages = Math.ceil(CONTACTS / PAGE_SIZE);
	expect(outputJson(first, 'Postgres: plan pages').map((page) => page.contacts)).toEqual(Array.from({ length: pages }, (_, i) => Math.min(PAGE_SIZE, CONTACTS - i * PAGE_SIZE)));
	const report = outputJson(first, 'Report the night');
	expect(report).toEqual([{ pages, read: CONTACTS, written: CONTACTS, sample: expect.any(Array) }]);
	// Every contact written once: the page that failed wrote nothing (one statement), its retry wrote all of it.
	expect(await rows(store(), `SELECT count(*)::int AS writes, count(DISTINCT email)::int AS contacts FROM decay_writes`)).toEqual([{ writes: CONTACTS, contacts: CONTACTS }]);
	expect(await rows(store(), `SELECT last_value::int AS tries FROM fail_once`)).toEqual([{ tries: 2 }]);
	// Half-life 30 days: fit + engagement x 0.5^(days / 30), exact for whole half-lives; stage entered tonight.
	const wrong = await rows(store(), `SELECT email, current_score, stage FROM contacts
		WHERE current_score IS DISTINCT FROM fit_score + engagement_score * power(0.5, extract(epoch FROM timestamptz '${NIGHT}' - scored_at) / 86400 / 30)
		   OR stage IS NULL OR stage_entered_at <> timestamptz '${NIGHT}' LIMIT 5`);
	expect(wrong).toEqual([]);
	expect(await rows(store(), `SELECT email, current_score FROM contacts WHERE lower(email) LIKE '%c0000001@%'`)).toEqual([{ email: 'c0000001@example.com', current_score: 1 + 8 * 0.5 }]);
	const stages = await rows(store(), `SELECT stage, count(*)::int AS contacts FROM contacts GROUP BY stage ORDER BY stage`);

	const second = await executeWorkflow(home, TEMPLATE_ID, 600_000);
	expect([second.status, second.data.resultData.error?.message]).toEqual(['success', undefined]);
	expect(outputJson(second, 'Report the night')).toEqual([{ pages, read: CONTACTS, written: 0, sample: [] }]);
	expect(await rows(store(), `SELECT count(*)::int AS writes FROM decay_writes`)).toEqual([{ writes: CONTACTS }]);
	expect(await rows(store(), `SELECT stage, count(*)::int AS contacts FROM contacts GROUP BY stage ORDER BY stage`)).toEqual(stages);

	// Successful nights keep no execution (saveDataSuccessExecution: none): n8n marks each one deleted at its end, its
	// data then only what it started with (about 1 KB: the page's key range), until n8n prunes it; a page's full data
	// would hold its leads through four nodes.
	const executions = await rows(n8nDb(), `SELECT e.mode, e."deletedAt" IS NOT NULL AS deleted, length(d.data) AS characters FROM execution_entity e JOIN execution_data d ON d."executionId" = e.id`);
	expect(executions.filter((execution) => !execution.deleted)).toEqual([]);
	expect(executions.filter((execution) => execution.mode === 'integrated')).toHaveLength(2 * pages);
	expect(Math.max(...executions.map((execution) => Number(execution.characters)))).toBeLessThan(2_000);

	// A page that fails on every try: the other pages are saved, the night ends in an error naming the page by its key
	// range, and n8n keeps the failed night and the failed page (their data bounded by one page, not by the store).
	await sql(store(), `CREATE TABLE fail_always (email text PRIMARY KEY);
		INSERT INTO fail_always VALUES ('${FAILS_ONCE}');
		UPDATE contacts SET current_score = NULL WHERE email = '${FAILS_ONCE}';
		CREATE OR REPLACE FUNCTION count_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
			IF EXISTS (SELECT 1 FROM fail_always WHERE email = NEW.email) AND NEW.current_score IS NOT NULL THEN RAISE EXCEPTION 'forced failure of %', NEW.email; END IF;
			RETURN NEW; END $$;`);
	const third = await executeWorkflow(home, TEMPLATE_ID, 600_000);
	const failedPage = Math.ceil(Math.floor(CONTACTS * 0.55) / PAGE_SIZE);
	const range = (page: number) => `${page === 1 ? 'first key' : `c${String((page - 1) * PAGE_SIZE).padStart(7, '0')}@example.com`} < email <= c${String(page * PAGE_SIZE).padStart(7, '0')}@example.com`;
	expect([third.status, third.data.resultData.error?.message]).toEqual(['error', `1 page(s) failed after 3 tries, the other pages were saved: page ${failedPage} (${range(failedPage)}): forced failure of ${FAILS_ONCE}`]);
	expect(outputJson(third, 'Report the night')).toEqual([{ pages: pages - 1, read: CONTACTS - PAGE_SIZE, written: 0, sample: [] }]);
	const kept = await rows(n8nDb(), `SELECT e.mode, length(d.data) AS characters FROM execution_entity e JOIN execution_data d ON d."executionId" = e.id WHERE e."deletedAt" IS NULL ORDER BY e.mode`);
	console.log(`execution data kept for a failed night of ${CONTACTS} contacts in pages of ${PAGE_SIZE}: ${JSON.stringify(kept)}`);
	expect(kept.map((execution) => execution.mode)).toEqual(['cli', 'integrated']);
	expect(Number(kept[0].characters)).toBeLessThan(50_000);
	expect(Number(kept[1].characters)).toBeLessThan(PAGE_SIZE * 1_000);
}, 900_000);


