import axios from 'axios';
import type { IDataObject } from 'n8n-workflow';
import { importCredentials, ownerSession, type OwnerSession } from './credentials';
import { crashPointKey, withCrashPoints } from './crashPoints';
import { SECRETS, intakeCredentials, withIntakeCredentials } from './intake';
import { runInEditor } from './editorRun';
import { applySchema, holdLocks, postgresCredential, rows, sql, waitingKeys, withPostgresCredential } from './leadStore';
import { createN8nHome, importWorkflows, pollUntil, startN8n, waitForWebhook, type N8nHome, type RunningN8n, type WorkflowJson } from './n8n';
import { startPostgres, type RunningPostgres } from './services';
import { loadTemplate, withFixedAsOf } from './templateHelpers';

/**
 * The lead store under crashes, in a real n8n with a real PostgreSQL: the inbound form and engagement templates, with
 * a crash point on every connection (test/e2e/crashPoints.ts), n8n killed with SIGKILL while requests wait between two
 * steps, started again, and every request retried as its sender would. The rows (contacts, events, quarantine) then
 * equal those of the shipped templates fed the same requests without a crash. One PostgreSQL and one n8n home for the
 * file; three n8n starts: before the first kill, between the kills, after the second.
 *
 * Requests of one kill wait at their crash points together (one lead each). Static-data round robin loses the turn
 * of an execution that crashes (it is saved when an execution ends): a lead routed and saved before the kill took a
 * turn the next lead takes again. So the points after the save, where the saved owner stays, wait in the second
 * kill, one routed lead per template, after every other lead has been routed.
 */
const MORNING = '2026-11-22T09:00:00Z';
const PATHS = { inbound: 'lead-scoring/inbound', engagement: 'lead-scoring/engagement' } as const;
type Flow = keyof typeof PATHS;
const WEBHOOK: Record<Flow, string> = { inbound: "Site form webhook", engagement: "Site events webhook" };
const FILE: Record<Flow, string> = { inbound: 'inbound-form.json', engagement: 'engagement-event.json' };
const SAVE = 'Postgres: save score, stage and owner';

interface Delivery {
	flow: Flow;
	body: unknown;
	/** A platform's own webhook of the flow's template (Brevo's), else your site's; with that source's secret. */
	platform?: 'brevo';
}

// Leads, each arriving in one request. Engagement: your own tracker's JSON ({ email, type, url, timestamp, eventId }).
const at = (event: IDataObject) => ({ timestamp: MORNING, ...event });
/** A contact already known as VP Sales, 400 employees (fit 45), clicks through: demo, pricing, two webinars: SQL, routed. */
const hotEvents = (email: string): Delivery => ({ flow: 'engagement', body: [
	at({ email, type: 'demo_request', eventId: 'demo-1' }), at({ email, type: 'page_view', url: 'https://www.example.com/pricing', eventId: 'view-1' }),
	at({ email, type: 'webinar_attended', eventId: 'webinar-1' }), at({ email, type: 'webinar_attended', eventId: 'webinar-2' }),
] });
/** Company email 10; a form 10 and a click 3: 23, IQL, not routed (the engagement template routes SQL only). */
const warmEvents = (email: string): Delivery => ({ flow: 'engagement', body: [at({ email, type: 'form_submit', eventId: 'form-1' }), at({ email, type: 'email_click', eventId: 'click-1' })] });
const anonymousEvents = (n: number): Delivery => ({ flow: 'engagement', body: [at({ email: '   ', type: 'email_click', eventId: `anonymous-click-${n}` })] });
/** VP 20, 400 employees 15, company email 10; the demo form 30: 75, SQL, routed. */
const hotForm = (email: string): Delivery => ({ flow: 'inbound', body: { email, firstName: 'Ada', lastName: email.split('@')[0], jobTitle: 'VP Sales', company: 'Bright Labs', employees: 400, form: 'demo', submittedAt: MORNING } });
/** Student -15, free email -10; the ebook form 10: floored at 0, Cold, not routed. */
const coldForm = (email: string): Delivery => ({ flow: 'inbound', body: { email, firstName: 'Sam', lastName: 'Student', jobTitle: 'Student', form: 'ebook', submittedAt: MORNING } });
const anonymousForm = (email: string | undefined, firstName: string, lastName: string): Delivery => ({ flow: 'inbound', body: { ...(email === undefined ? {} : { email }), firstName, lastName, form: 'ebook', submittedAt: MORNING } });

interface Scenario {
	point: string;
	/** The request's x-crash-tag, and the lock its crash point waits for. */
	tag: string;
	key: string;
	delivery: Delivery;
}

const CONTACTS = `SELECT * FROM contacts ORDER BY email`;
const EVENTS = `SELECT email, source, event_id, type, occurred_at, url, campaign FROM lead_events ORDER BY email, source, event_id`;
// The post as quarantined, less the URL it came to (the reference copy's webhooks are under reference/).
const QUARANTINE = `SELECT source, reason, payload - 'webhookUrl' AS payload FROM lead_quarantine ORDER BY source, (payload - 'webhookUrl')::text`;
const withoutUpdatedAt = (contacts: IDataObject[]) => contacts.map(({ updated_at, ...row }) => row);

let pg: RunningPostgres;
let home: N8nHome;
let n8n: RunningN8n | undefined;
let session: OwnerSession;
const database = (name: string): RunningPostgres => ({ ...pg, database: name, url: pg.url.replace(/\/[^/]+$/, `/${name}`) });
const crashed = () => database('crashed');
const reference = () => database('reference');

/** The crash copy (crash points, its own store) and the reference copy (the shipped template at reference/<path>). */
const crashCopy = (flow: Flow) => withCrashPoints(withFixedAsOf(loadTemplate(FILE[flow]), MORNING), WEBHOOK[flow]);
function referenceCopy(flow: Flow): WorkflowJson {
	const template = withFixedAsOf(loadTemplate(FILE[flow]), MORNING);
	const nodes = template.nodes.map((node) => {
		const parameters = node.parameters as IDataObject;
		if (node.type === 'n8n-nodes-base.webhook') return { ...node, webhookId: String(node.webhookId).replace(/^.{8}/, 'feedbeef'), parameters: { ...parameters, path: `reference/${parameters.path}` } };
		if (node.type === 'n8n-nodes-base.formTrigger') {
			const options = parameters.options as IDataObject;
			return { ...node, webhookId: String(node.webhookId).replace(/^.{8}/, 'feedbeef'), parameters: { ...parameters, options: { ...options, path: `reference/${options.path}` } } };
		}
		return node;
	});
	return { ...template, id: String(template.id).replace(/^tpl/, 'ref'), name: `${template.name} (reference)`, nodes };
}

const post = (delivery: Delivery, { toReference = false, tag = '' } = {}) =>
	axios.post(`${n8n!.baseUrl}/webhook/${toReference ? 'reference/' : ''}${PATHS[delivery.flow]}${delivery.platform ? `/${delivery.platform}` : ''}`, delivery.body, {
		headers: { authorization: `Bearer ${SECRETS[delivery.platform ?? 'site']}`, ...(tag ? { 'x-crash-tag': tag } : {}) }, timeout: 60_000, validateStatus: () => true,
	});

async function startAndWait(): Promise<void> {
	n8n = await startN8n(home, { port: Number(new URL(n8n!.baseUrl).port), readyTimeoutMs: 180_000 });
	// Generous: after a kill, n8n starts again as slowly as the first time, and CI machines may be busy.
	for (const path of Object.values(PATHS)) {
		await waitForWebhook(n8n, path, { timeoutMs: 180_000 });
		await waitForWebhook(n8n, `reference/${path}`, { timeoutMs: 180_000 });
	}
}

/** Holds the scenarios' crash points, posts their requests at once, kills n8n when all wait, then lets go of the points. */
async function crashAll(scenarios: Scenario[]): Promise<void> {
	const locks = await holdLocks(crashed(), scenarios.map((scenario) => scenario.key));
	try {
		const answers = scenarios.map((scenario) => post(scenario.delivery, { tag: scenario.tag }).catch((error: Error) => error));
		const keys = scenarios.map((scenario) => scenario.key);
		await pollUntil(60_000, undefined, 'not every request reached its crash point', async () => (await waitingKeys(crashed(), keys)).length === keys.length).catch(async (error: Error) => {
			const waiting = await waitingKeys(crashed(), keys);
			const missing = scenarios.filter((scenario) => !waiting.includes(scenario.key)).map((scenario) => scenario.point);
			const stored = await rows(crashed(), `SELECT email, score, stage, scored_events FROM contacts ORDER BY email`);
			const active = await rows(crashed(), `SELECT state, wait_event_type, wait_event, left(query, 60) AS query FROM pg_stat_activity WHERE datname = current_database()`);
			throw new Error(`${error.message}: ${missing.join('; ')}\n${JSON.stringify(stored)}\n${JSON.stringify(active)}\n--- n8n output ---\n${n8n!.output().slice(-3000)}`);
		});
		await n8n!.kill();
		// None was answered: each was killed between two steps.
		expect((await Promise.all(answers)).map((answer) => (answer instanceof Error ? 'no answer' : answer.status))).toEqual(scenarios.map(() => 'no answer'));
	} finally {
		await locks.release();
	}
}

describe('lead-store templates: kill -9 between any two steps, then the sender retries: the same rows as without the crash', () => {
	const crashTemplates = { inbound: crashCopy('inbound'), engagement: crashCopy('engagement') };
	// Every crash point a request to your site's webhook passes, with a lead that passes it (the form trigger's and the
	// vendors' own paths are not posted to; a signed request never takes the 401 path).
	const otherPath = /^(Lead form|Lead Intake: (?!your site).*|.* webhook|Respond: 401.*)$/;
	const points = (flow: Flow) =>
		crashTemplates[flow].nodes
			.map((node) => /^Crash point: (.*) -> (.*)$/.exec(String(node.name)))
			.filter((match): match is RegExpExecArray => !!match && !otherPath.test(match[1]) && !otherPath.test(match[2]))
			// Lead Intake hands on no lead without an email (it sends them to the quarantine itself): the guard's other branch
			// is for other writers, and no request passes it.
			.filter(([, from, to]) => !(from === 'Has a usable email?' && to.includes('quarantine')))
			.map(([, from, to]) => ({ flow, from, to }));
	const afterSave = (from: string, flow: Flow) => from === SAVE || (flow === 'inbound' && from === 'Response');
	let n = 0;
	const scenario = ({ flow, from, to }: { flow: Flow; from: string; to: string }, delivery: Delivery): Scenario => {
		const tag = `crash-${(n += 1)}`;
		return { point: `${flow}: ${from} -> ${to}`, tag, key: crashPointKey(from, to, tag), delivery };
	};
	// Named by the scenario's number: an address's local part is at most 64 characters (a longer one is no email, and
	// scores no Company email).
	const lead = (flow: Flow, kind: 'hot' | 'cold') => {
		const email = `${kind}.${flow}.${n + 1}@northwind.io`;
		if (flow === 'engagement') return kind === 'hot' ? hotEvents(email) : warmEvents(email);
		return kind === 'hot' ? hotForm(email) : coldForm(email.replace('@northwind.io', '@gmail.com'));
	};
	// The issue's case: a stored 20/IQL lead (company email 10, a form 10) gets a demo request (30): 50, MQL. Killed after
	// the events were stored and before the score was saved, then retried: before the fix the retry stored nothing new
	// and never scored, leaving 20/IQL.
	const ivy = 'ivy@contoso.io';
	const ivySeed: Delivery = { flow: 'engagement', body: [at({ email: ivy, type: 'form_submit', eventId: 'ivy-form' })] };
	const ivyDemo: Delivery = { flow: 'engagement', body: [at({ email: ivy, type: 'demo_request', eventId: 'ivy-demo' })] };
	// Two people clicking one Brevo campaign link in the same second: the same Brevo event id, two leads, two events.
	const brevoClick = (email: string): Delivery => ({ flow: 'engagement', platform: 'brevo', body: { event: 'click', email, id: 1024, date: '2026-11-22 09:00:00', ts: 1795338000, ts_event: 1795338000,
		camp_id: 77, 'campaign name': 'November launch', subject: 'November launch', tag: '', link: 'https://www.example.com/launch' } });
	// Forms without a usable email: quarantined, none merged into a shared contact.
	const anonymous = [anonymousForm(undefined, 'No', 'Email 1'), anonymousForm('', 'No', 'Email 2'), anonymousForm('   ', 'No', 'Email 3'), anonymousForm('a student', 'No', 'Email 4')];
	const before = [ivySeed, brevoClick('kim@fabrikam.com'), brevoClick('lee@fabrikam.com'), ...anonymous];

	const first: Scenario[] = [];
	const second: Scenario[] = [];

	beforeAll(async () => {
		pg = await startPostgres({ database: 'crashed' });
		await pg.createDatabase('reference');
		await pg.createDatabase('nightly');
		await Promise.all([applySchema(crashed()), applySchema(reference()), applySchema(database('nightly'))]);
		home = await createN8nHome();
		// Crash points hold a connection each while they wait: the crash store's pool has room for all of them.
		const crashCredential = { ...postgresCredential(crashed()), id: 'crashedPg0000001', name: 'Crashed store' };
		(crashCredential.data as IDataObject).maxConnections = 60;
		const referenceCredential = { ...postgresCredential(reference()), id: 'referencePg00001', name: 'Reference store' };
		const nightlyCredential = { ...postgresCredential(database('nightly')), id: 'nightlyPg0000001', name: 'Nightly store' };
		await importCredentials(home, [crashCredential, referenceCredential, nightlyCredential, ...intakeCredentials()]);
		const workflows = [
			...(['inbound', 'engagement'] as const).map((flow) => withIntakeCredentials(withPostgresCredential(crashTemplates[flow], crashCredential))),
			...(['inbound', 'engagement'] as const).map((flow) => withIntakeCredentials(withPostgresCredential(referenceCopy(flow), referenceCredential))),
		];
		// The nightly decay template as it is (mixed-case test below), its sample data unpinned so a run from the editor
		// reads the store (as `n8n execute` does, without starting another n8n).
		const nightly = { ...withFixedAsOf(loadTemplate('nightly-decay.json'), '2026-12-22T09:00:00Z'), pinData: {} };
		await importWorkflows(home, [...workflows, withPostgresCredential(nightly, nightlyCredential)]);
		n8n = await startN8n(home);
		session = await ownerSession(n8n);
		for (const workflow of workflows) {
			const { versionId } = (await session.request('GET', `/workflows/${workflow.id}`)).data.data as IDataObject;
			await session.request('POST', `/workflows/${workflow.id}/activate`, { versionId });
		}
		for (const path of Object.values(PATHS)) {
			await waitForWebhook(n8n, path, { timeoutMs: 180_000 });
			await waitForWebhook(n8n, `reference/${path}`, { timeoutMs: 180_000 });
		}

		for (const flow of ['engagement', 'inbound'] as const) {
			let routedAfterSave = false;
			for (const point of points(flow)) {
				const { from, to } = point;
				const late = afterSave(from, flow);
				let delivery: Delivery;
				if (from.includes('quarantine') || to.includes('quarantine')) {
					delivery = flow === 'engagement' ? anonymousEvents(n) : anonymousForm('   ', 'Crash', `Point ${n}`);
				} else if ((from === 'Classify Stage' && to === SAVE) || (late && routedAfterSave)) {
					delivery = lead(flow, 'cold');
				} else {
					// One routed lead per template after the save (the first such point), the others cold.
					routedAfterSave ||= late;
					delivery = lead(flow, 'hot');
				}
				(late ? second : first).push(scenario(point, delivery));
			}
		}
		// The hot engagement leads' profiles, as a form stored them earlier (the engagement template stores events only).
		const profiles = [...first, ...second].filter(({ delivery }) => delivery.flow === 'engagement' && JSON.stringify(delivery.body).includes('demo-1'));
		const known = `INSERT INTO contacts (email, name, job_title, employees) VALUES ${profiles.map(({ delivery }) => `('${(delivery.body as IDataObject[])[0].email}', 'Known Lead', 'VP Sales', 400)`).join(', ')}`;
		await Promise.all([sql(crashed(), known), sql(reference(), known)]);
		first.push({ ...scenario({ flow: 'engagement', from: 'Postgres: store events', to: 'Postgres: load lead with its events' }, ivyDemo), point: 'engagement (ivy): store -> load' });
	}, 300_000);
	afterAll(async () => {
		await n8n?.stop();
		await pg?.stop();
	});

	it('every request, crashed at its point and retried, leaves the rows the shipped templates leave without a crash', async () => {
		expect(first.length + second.length).toBeGreaterThanOrEqual(24);
		// Both stores get the same requests in the same order.
		for (const delivery of before) {
			expect((await post(delivery)).status).toBe(200);
			expect((await post(delivery, { toReference: true })).status).toBe(200);
		}
		for (const { delivery } of [...first, ...second]) expect((await post(delivery, { toReference: true })).status).toBe(200);

		await crashAll(first);
		await startAndWait();
		for (const { delivery } of first) expect((await post(delivery)).status).toBe(200);
		await crashAll(second);
		await startAndWait();
		for (const { delivery } of second) expect((await post(delivery)).status).toBe(200);

		expect(withoutUpdatedAt(await rows(crashed(), CONTACTS))).toEqual(withoutUpdatedAt(await rows(reference(), CONTACTS)));
		expect(await rows(crashed(), EVENTS)).toEqual(await rows(reference(), EVENTS));
		expect(await rows(crashed(), QUARANTINE)).toEqual(await rows(reference(), QUARANTINE));
	}, 600_000);

	it('the retried lead of the issue is scored: 50, MQL (it stayed 20/IQL before)', async () => {
		expect(await rows(crashed(), `SELECT score, stage, scored_events, summary FROM contacts WHERE email = '${ivy}'`)).toEqual([
			{ score: 50, stage: 'MQL', scored_events: 2, summary: '+10 Company email, +30 Demo request, +10 Form submitted' },
		]);
	});

	it('hot leads (one per crash point before the save, one after it, in each template): SQL, with an owner', async () => {
		const routed = await rows(crashed(), `SELECT email, score, stage, owner FROM contacts WHERE email LIKE 'hot.%' ORDER BY email`);
		// One hot lead per crash point that got one (their emails start with hot.).
		const hot = [...first, ...second].filter((scenario) => JSON.stringify(scenario.delivery.body).includes('"hot.')).length;
		expect(hot).toBe(16);
		expect(routed.length).toBe(hot);
		// Forms: VP 20, 400 employees 15, company email 10, demo 30: 75. Events: the same fit 45 (stored before) and
		// engagement 60 (the preset's engagement cap), 105, held at the ceiling 100.
		expect(routed.map((row) => [row.email, row.score, row.stage, !!row.owner])).toEqual(
			routed.map((row) => [row.email, String(row.email).startsWith('hot.engagement.') ? 100 : 75, 'SQL', true]),
		);
	});

	it('two leads clicking one Brevo campaign link in the same second: both clicks kept', async () => {
		expect(await rows(crashed(), `SELECT email, source, event_id, type FROM lead_events WHERE source = 'brevo' ORDER BY email`)).toEqual([
			{ email: 'kim@fabrikam.com', source: 'brevo', event_id: expect.any(String), type: 'email_click' },
			{ email: 'lee@fabrikam.com', source: 'brevo', event_id: expect.any(String), type: 'email_click' },
		]);
		// Lead Intake's Brevo event id holds the recipient as well, so the two clicks differ by id too.
		const ids = await rows(crashed(), `SELECT DISTINCT event_id FROM lead_events WHERE source = 'brevo'`);
		expect(ids.length).toBe(2);
	});

	it('forms and events without a usable email: quarantined with the reason, no contact made for them', async () => {
		// Lead Intake's error names the vendor and the field; the quarantine keeps the post (its body) with it.
		const name = `concat_ws(' ', payload#>>'{body,firstName}', payload#>>'{body,lastName}')`;
		const kept = await rows(crashed(), `SELECT source, reason, ${name} AS name FROM lead_quarantine ORDER BY source, ${name}`);
		const looked = '(looked for "email", "work email", "email address", "business email", "e-mail"); add its name to the Field Table\'s Email row';
		expect(kept.filter((row) => /^No Email [1-4]$/.test(String(row.name)))).toEqual([
			{ source: 'inbound-form', reason: `Item 0: Site submission has no email field ${looked}`, name: 'No Email 1' },
			{ source: 'inbound-form', reason: 'Item 0: Site submission: the email field holds "", not an address', name: 'No Email 2' },
			{ source: 'inbound-form', reason: 'Item 0: Site submission: the email field holds "   ", not an address', name: 'No Email 3' },
			{ source: 'inbound-form', reason: 'Item 0: Site submission: the email field holds "a student", not an address', name: 'No Email 4' },
		]);
		expect(kept.filter((row) => row.source === 'engagement-event').map((row) => String(row.reason).replace(/anonymous-click-\d+/, 'anonymous-click-N'))).toEqual([
			'Item 0: Site event anonymous-click-N: email holds "   ", not an address',
			'Item 0: Site event anonymous-click-N: email holds "   ", not an address',
		]);
		expect(await rows(crashed(), `SELECT email FROM contacts WHERE email NOT LIKE '%@%.%'`)).toEqual([]);
	});

	it('the store keeps its keys lower-case: a contact written as Mixed@Example.com by another tool is decayed by the nightly template', async () => {
		const nightly = database('nightly');
		// Another writer, not the templates: a score of 60 (fit 20, engagement 40) as of 2026-11-22, stage MQL.
		await sql(nightly, `INSERT INTO contacts (email, name, score, fit_score, engagement_score, scored_at, stage, stage_entered_at)
			VALUES ('  Mixed@Example.com ', 'Mixed Case', 60, 20, 40, '2026-11-22T09:00:00Z', 'MQL', '2026-11-22T09:00:00Z')`);
		await expect(sql(nightly, `INSERT INTO contacts (email) VALUES ('   ')`)).rejects.toThrow(/contacts_email_normalised/);
		const result = await runInEditor(session, 'tplNightlyDecay1', 'Run now');
		expect(result.status).toBe('success');
		// 30 days later, half-life 30 days: 20 + 40 x 0.5 = 40, below MQL's exit 45: IQL.
		// The night decays in pages (sub-executions of the same workflow): the row is the record of what it did.
		expect(await rows(nightly, `SELECT email, current_score, stage FROM contacts`)).toEqual([{ email: 'mixed@example.com', current_score: 40, stage: 'IQL' }]);
	}, 180_000);
});
