import type { IDataObject } from 'n8n-workflow';
import { importCredentials, ownerSession, type OwnerSession } from './credentials';
import { intakeCredentials, post, withIntakeCredentials } from './intake';
import { editorDefaultTrigger, runInEditor } from './editorRun';
import { applySchema, postgresCredential, rows, sql, withPostgresCredential } from './leadStore';
import { createN8nHome, executeWorkflow, type ExecutionResult, importWorkflows, outputJson, publishWorkflow, startN8n, waitForWebhook, type N8nHome, type RunningN8n } from './n8n';
import { startPostgres, type RunningPostgres } from './services';
import { loadTemplate, withFixedAsOf } from './templateHelpers';

/**
 * The templates wired to real tools, in a real n8n with a real PostgreSQL (Debian's, on a loopback port) as the lead
 * store: the nightly decay job run twice from the command line; the n8n form and the email platforms' webhooks of the
 * published templates in one `n8n start`; and every template run on its pinned sample data as *Execute workflow* in
 * the editor runs it, with no credential set. Scores are worked out by hand from the B2B SaaS preset
 * (docs/scoring-model.md): fit cap 50, engagement half-life 30 days.
 */
const NIGHT = '2026-11-22T02:00:00Z';
const MORNING = '2026-11-22T09:00:00Z';

const WIRED = ['inbound-form.json', 'engagement-event.json', 'nightly-decay.json', 'crm-hubspot.json', 'crm-pipedrive.json', 'crm-salesforce.json', 'demo-ranking.json'];

it.each(WIRED)('%s: the sticky notes say, left to right, where leads come in, what to map, where the score goes back, another CRM', (file) => {
	const notes = loadTemplate(file)
		.nodes.filter((node) => node.type === 'n8n-nodes-base.stickyNote')
		.sort((a, b) => (a.position as number[])[0] - (b.position as number[])[0])
		.map((node) => String((node.parameters as IDataObject).content).split('\n')[0]);
	expect(notes).toEqual([
		expect.stringMatching(/^# 1\. Where your (leads|events) come in$/),
		'# 2. What to map',
		'# 3. Where the score goes back',
		'# 4. Another CRM',
	]);
});

it('the inbound and engagement templates store, load and save leads with the same SQL', () => {
	const queries = (file: string) =>
		Object.fromEntries(loadTemplate(file).nodes.filter((node) => node.type === 'n8n-nodes-base.postgres').map((node) => [node.name, (node.parameters as IDataObject).query]));
	const inbound = queries('inbound-form.json');
	const engagement = queries('engagement-event.json');
	expect(inbound['Postgres: store lead and events']).toBe(engagement['Postgres: store events']);
	expect(inbound['Postgres: load lead with its events']).toBe(engagement['Postgres: load lead with its events']);
	expect(inbound['Postgres: save score, stage and owner']).toBe(engagement['Postgres: save score, stage and owner']);
});

let pg: RunningPostgres;
beforeAll(async () => {
	pg = await startPostgres({ database: 'leads' });
	await pg.createDatabase('nightly');
});
afterAll(async () => {
	await pg?.stop();
});

const database = (name: string): RunningPostgres => ({ ...pg, database: name, url: pg.url.replace(/\/[^/]+$/, `/${name}`) });

describe('nightly decay template against PostgreSQL, run twice with `n8n execute` (Run now)', () => {
	const nightly = () => database('nightly');
	let home: N8nHome;
	const CONTACTS = `SELECT email, current_score, stage, stage_entered_at, updated_at FROM contacts ORDER BY email`;

	beforeAll(async () => {
		await applySchema(nightly());
		home = await createN8nHome();
		// Without a running `n8n start` to record the published version, the CLI reads it directly.
		home.env.N8N_USE_WORKFLOW_PUBLICATION_SERVICE = 'false';
		// The five contacts of the template's pinned sample, as Score Lead, Classify Stage and the seeding left them.
		await sql(nightly(), `INSERT INTO contacts (email, name, score, fit_score, engagement_score, scored_at, stage, stage_entered_at, updated_at) VALUES
			('ada@analytical.io', 'Ada Lovelace', 80, 40, 40, '2026-10-23T02:00:00Z', 'SQL', '2026-10-23T02:00:00Z', '2026-10-23T02:00:00Z'),
			('bob@fabrikam.com', 'Bob Jones', 60, 30, 30, '2026-09-23T02:00:00Z', 'MQL', '2026-09-23T02:00:00Z', '2026-09-23T02:00:00Z'),
			('cy@contoso.com', 'Cy Young', 75, 45, 30, '2026-11-22T02:00:00Z', 'SQL', '2026-11-22T02:00:00Z', '2026-11-22T02:00:00Z'),
			('dee@tailspin.io', 'Dee Ramos', 26, 10, 16, '2026-10-23T02:00:00Z', 'IQL', '2026-10-20T02:00:00Z', '2026-10-23T02:00:00Z'),
			('eve@adatum.com', 'Eve Chen', 28, 20, 8, '2026-08-24T02:00:00Z', NULL, NULL, '2026-08-24T02:00:00Z'),
			('fay@hotmail.com', 'Fay Low', 0, -30, 5, '2026-10-23T02:00:00Z', 'Cold', '2026-10-23T02:00:00Z', '2026-10-23T02:00:00Z'),
			('new@lead.io', 'Not scored yet', NULL, NULL, NULL, NULL, NULL, NULL, '2026-11-01T00:00:00Z')`);
		// The preset's bounds, as the save step stores leadScore.bounds; Fay's total is held at the floor.
		await sql(nightly(), `UPDATE contacts SET score_bounds = '{"floor": 0, "ceiling": 100}' WHERE email = 'fay@hotmail.com'`);
		const credential = { ...postgresCredential(nightly()), id: 'nightlyPg0000001' };
		await importCredentials(home, [credential]);
		await importWorkflows(home, [withPostgresCredential(withFixedAsOf(loadTemplate('nightly-decay.json'), NIGHT), credential)]);
		// Its pages call the workflow itself, whose published version runs outside the editor (test/e2e/nightlyDecayPaged.e2e.test.ts).
		await publishWorkflow(home, 'tplNightlyDecay1');
	});

	it('the first run writes the decayed score and stage; the second changes no row', async () => {
		const first = await executeWorkflow(home, 'tplNightlyDecay1');
		expect(first.status).toBe('success');
		const afterFirst = await rows(nightly(), CONTACTS);
		// Half-life 30 days on the engagement part, from the score at the last activity (scored_at); fit unchanged:
		// Ada 40 + 40 x 0.5 = 60: SQL -> MQL (below SQL's exit 70). Bob 30 + 30 x 0.25 = 37.5: MQL -> IQL. Cy, active
		// today, 75: stays SQL (entered date kept). Dee 10 + 16 x 0.5 = 18: stays IQL (exit 15). Eve 20 + 8 x 0.125 = 21:
		// enters IQL tonight. Fay -30 + 5 x 0.5 = -27.5, held at the preset's floor 0: stays Cold. The contact never scored
		// is not read.
		expect(afterFirst.map(({ updated_at, ...row }) => row)).toEqual([
			{ email: 'ada@analytical.io', current_score: 60, stage: 'MQL', stage_entered_at: '2026-11-22T02:00:00+00:00' },
			{ email: 'bob@fabrikam.com', current_score: 37.5, stage: 'IQL', stage_entered_at: '2026-11-22T02:00:00+00:00' },
			{ email: 'cy@contoso.com', current_score: 75, stage: 'SQL', stage_entered_at: '2026-11-22T02:00:00+00:00' },
			{ email: 'dee@tailspin.io', current_score: 18, stage: 'IQL', stage_entered_at: '2026-10-20T02:00:00+00:00' },
			{ email: 'eve@adatum.com', current_score: 21, stage: 'IQL', stage_entered_at: '2026-11-22T02:00:00+00:00' },
			{ email: 'fay@hotmail.com', current_score: 0, stage: 'Cold', stage_entered_at: '2026-10-23T02:00:00+00:00' },
			{ email: 'new@lead.io', current_score: null, stage: null, stage_entered_at: null },
		]);
		expect(afterFirst.at(-1)!.updated_at).toBe('2026-11-01T00:00:00+00:00');
		// One page (5,000 a page) with the six scored contacts, all written: their scores changed (current_score was empty).
		expect(outputJson(first, 'Report the night')).toEqual([{ pages: 1, read: 6, written: 6, sample: ['ada@analytical.io', 'bob@fabrikam.com', 'cy@contoso.com'] }]);

		const second = await executeWorkflow(home, 'tplNightlyDecay1');
		expect(second.status).toBe('success');
		// Same rows, updated_at included: nothing was written the second time.
		expect(await rows(nightly(), CONTACTS)).toEqual(afterFirst);
		expect(outputJson(second, 'Report the night')).toEqual([{ pages: 1, read: 6, written: 0, sample: [] }]);
	});
});

describe('published templates in one `n8n start`: the n8n form and the email platforms post, PostgreSQL keeps the leads', () => {
	const leads = () => database('leads');
	let n8n: RunningN8n | undefined;
	let session: OwnerSession;
	const credential = () => postgresCredential(leads());
	const LEAD = `SELECT email, name, job_title, company, employees, score, fit_score, engagement_score, grade, label, summary, current_score, stage, owner, priority,
		round(extract(epoch FROM sla_due - scored_at)) AS sla_seconds, scored_at IS NOT NULL AS scored, updated_at FROM contacts WHERE email = 'priya@brightlabs.io'`;
	const EVENTS = `SELECT source, type, count(*)::int AS count FROM lead_events WHERE email = 'priya@brightlabs.io' GROUP BY source, type ORDER BY source, type`;
	const SAMPLES = ['inbound-form.json', 'engagement-event.json', 'nightly-decay.json', 'crm-hubspot.json', 'crm-pipedrive.json', 'crm-salesforce.json'];
	// The editor's copies: as shipped (no credential), a fixed As Of so their numbers do not depend on the day.
	const sample = (file: string) => {
		const template = withFixedAsOf(loadTemplate(file), file === 'nightly-decay.json' ? NIGHT : MORNING);
		return { ...template, id: String(template.id).replace(/^tpl/, 'smp'), name: `${template.name} (sample)` };
	};

	beforeAll(async () => {
		await applySchema(leads());
		const home = await createN8nHome();
		await importCredentials(home, [credential(), ...intakeCredentials()]);
		// Production: As Of empty (now), as shipped; the user picked the Postgres and Lead Intake credentials.
		const production = ['inbound-form.json', 'engagement-event.json'].map((file) => withIntakeCredentials(withPostgresCredential(loadTemplate(file), credential())));
		await importWorkflows(home, [...production, ...SAMPLES.map(sample)]);
		for (const workflow of production) await publishWorkflow(home, workflow.id!);
		n8n = await startN8n(home);
		session = await ownerSession(n8n);
		for (const path of ['inbound', 'engagement/sendgrid', 'engagement/mailchimp', 'engagement/mailchimp-transactional', 'engagement/brevo']) await waitForWebhook(n8n, `lead-scoring/${path}`);
		expect(n8n.output()).not.toMatch(/Issue on initial workflow activation|Failed to reactivate/);
		// The form's page answers 200 once the form is registered (with its webhooks, so this is at most a moment later).
		const page = await fetch(`${n8n.baseUrl}/form/lead-scoring/inbound-form`, { signal: AbortSignal.timeout(10_000) });
		expect(page.status).toBe(200);
	});
	afterAll(async () => {
		await n8n?.stop();
	});

	const postForm = async (path: string, fields: string[]) => {
		const body = new FormData();
		fields.forEach((value, index) => body.append(`field-${index}`, value));
		const response = await fetch(`${n8n!.baseUrl}/form/${path}`, { method: 'POST', body, signal: AbortSignal.timeout(30_000) });
		return { status: response.status, text: await response.text() };
	};
	const SCORED = (email: string) => rows(leads(), `SELECT email, score, grade, label, stage, owner, priority, sla_due IS NOT NULL AS due, summary FROM contacts WHERE email = '${email}'`);

	it('the n8n form: a submission over HTTP is scored, staged, routed and stored in PostgreSQL', async () => {
		const answer = await postForm('lead-scoring/inbound-form', ['Priya Patel', 'Priya@BrightLabs.io', 'VP of Sales', 'Bright Labs', '400']);
		expect(answer.status).toBe(200);
		// Fit: VP 20 + 400 employees 15 + company email 10 = 45 (A). Engagement: the form submission 10, seconds old (level 3).
		// 55: MQL, new, so Route to Sales gives her to the first rep in turn, P2, due 15 minutes after she was scored.
		const [row] = await rows(leads(), LEAD);
		expect(row).toEqual({
			email: 'priya@brightlabs.io', name: 'Priya Patel', job_title: 'VP of Sales', company: 'Bright Labs', employees: 400,
			score: 55, fit_score: 45, engagement_score: 10, grade: 'A', label: 'A3', current_score: 55, stage: 'MQL', owner: 'ana', priority: 'P2',
			summary: '+20 Senior title, +15 Company size 50-5000, +10 Company email, +10 Form submitted',
			sla_seconds: 900, scored: true, updated_at: expect.any(String),
		});
		expect(await rows(leads(), EVENTS)).toEqual([{ source: 'n8n-form', type: 'form_submit', count: 1 }]);
	});

	it('your site posting JSON to its webhook (with its secret): stored and scored; qualified leads take turns across executions', async () => {
		// Posted with no submittedAt: the submission is now, as the scoring (As Of empty) is; older events are given relative to now.
		const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
		const GRACE = { email: 'grace@northwind.io', firstName: 'Grace', lastName: 'Hopper', jobTitle: 'VP Engineering', company: 'Northwind', employees: 1200, industry: 'Software', form: 'demo', events: [{ type: 'page_view', url: 'https://www.example.com/pricing', timestamp: daysAgo(30) }] };
		const SOPHIE = { email: 'sophie.martin@gmail.com', firstName: 'Sophie', lastName: 'Martin', jobTitle: 'Marketing Student', form: 'ebook' };
		// Form tools send numbers as text: "300" employees still counts for the 50-5000 size band.
		const LINUS = { email: 'linus@fabrikam.com', firstName: 'Linus', lastName: 'Berg', jobTitle: 'Marketing Manager', company: 'Fabrikam', employees: '300', industry: 'Retail', form: 'demo' };
		const MARGARET = { email: 'margaret@gmail.com', firstName: 'Margaret', lastName: 'Hamilton', jobTitle: 'Head of Operations', company: 'Apollo Fintech', employees: 80, industry: 'Fintech', form: 'contact', events: [{ type: 'webinar_attended', timestamp: daysAgo(0) }, { type: 'email_click', timestamp: daysAgo(0) }] };
		const OMAR = { email: 'omar@vertexcloud.com', firstName: 'Omar', lastName: 'Haddad', jobTitle: 'CTO', company: 'Vertex Cloud', employees: '2000', industry: 'Technology', form: 'demo' };
		const answers = [];
		for (const lead of [GRACE, SOPHIE, LINUS, MARGARET, OMAR]) {
			expect((await post(n8n!, 'site', 'lead-scoring/inbound', lead)).status).toBe(200);
			answers.push((await SCORED(lead.email))[0]);
		}
		const due = true;
		expect(answers).toEqual([
			// Fit 20 + 15 + 10 + 10 = 55, capped at 50 (A); demo 30 + a 30-day-old pricing view 5 = 35 (level 2): 85, SQL.
			// Priya (the n8n form) took Ana's turn, so Grace goes to Ben.
			{ email: 'grace@northwind.io', score: 85, grade: 'A', label: 'A2', stage: 'SQL', owner: 'ben', priority: 'P1', due,
				summary: '+20 Senior title, +15 Company size 50-5000, +10 Target industry, +5 Company email (capped from +10), +30 Demo request, +5 Pricing page' },
			// Student -15, free email -10, ebook form +10: floored at 0 -> Cold. Not routed, so the turn does not move.
			{ email: 'sophie.martin@gmail.com', score: 0, grade: 'D', label: 'D3', stage: 'Cold', owner: null, priority: null, due: false,
				summary: '-15 Student or intern, -10 Free email, +10 Form submitted, raised to floor 0' },
			// Manager 10 + size "300" 15 + company email 10 = 35 (B); demo 30 (level 2): 65, MQL.
			{ email: 'linus@fabrikam.com', score: 65, grade: 'B', label: 'B2', stage: 'MQL', owner: 'chloe', priority: 'P2', due,
				summary: '+10 Manager title, +15 Company size 50-5000, +10 Company email, +30 Demo request' },
			// Head of 20 + size 80 15 + fintech 10 - free email 10 = 35 (B); contact form 10 + webinar 15 + email click 3 = 28: 63, MQL.
			{ email: 'margaret@gmail.com', score: 63, grade: 'B', label: 'B2', stage: 'MQL', owner: 'ana', priority: 'P2', due,
				summary: '+20 Senior title, +15 Company size 50-5000, +10 Target industry, -10 Free email, +10 Form submitted, +15 Webinar attended, +3 Email click' },
			// CTO 20 + 15 + 10 + 10 = 55, capped at 50 (A); demo 30: 80, SQL; the turn has come round to Ben again.
			{ email: 'omar@vertexcloud.com', score: 80, grade: 'A', label: 'A2', stage: 'SQL', owner: 'ben', priority: 'P1', due,
				summary: '+20 Senior title, +15 Company size 50-5000, +10 Target industry, +5 Company email (capped from +10), +30 Demo request' },
		]);
		expect(await rows(leads(), `SELECT email, owner, stage FROM contacts WHERE email <> 'priya@brightlabs.io' ORDER BY email`)).toEqual([
			{ email: 'grace@northwind.io', owner: 'ben', stage: 'SQL' },
			{ email: 'linus@fabrikam.com', owner: 'chloe', stage: 'MQL' },
			{ email: 'margaret@gmail.com', owner: 'ana', stage: 'MQL' },
			{ email: 'omar@vertexcloud.com', owner: 'ben', stage: 'SQL' },
			{ email: 'sophie.martin@gmail.com', owner: null, stage: 'Cold' },
		]);
	});

	it('SendGrid (3 events), Mailchimp (a form-encoded click) and Brevo post to the engagement webhook: each event counted once', async () => {
		const before = (await rows(leads(), LEAD))[0];
		const at = Math.floor(Date.now() / 1000) - 60;
		const sendgrid = [
			{ email: 'priya@brightlabs.io', timestamp: at, event: 'open', sg_event_id: 'sg-open-1', sg_message_id: 'msg-1.filter0001', category: ['nurture'] },
			{ email: 'priya@brightlabs.io', timestamp: at + 10, event: 'click', url: 'https://www.example.com/pricing', sg_event_id: 'sg-click-1', sg_message_id: 'msg-1.filter0001', category: ['nurture'] },
			{ email: 'priya@brightlabs.io', timestamp: at + 20, event: 'click', url: 'https://www.example.com/case-studies', sg_event_id: 'sg-click-2', sg_message_id: 'msg-1.filter0001', category: ['nurture'] },
		];
		const mandrill = new URLSearchParams({
			mandrill_events: JSON.stringify([{ event: 'click', ts: at + 30, url: 'https://www.example.com/integrations', ip: '203.0.113.9', user_agent: 'Mozilla/5.0', _id: 'mc-message-1',
				msg: { ts: at - 3600, subject: 'Your trial', email: 'priya@brightlabs.io', sender: 'news@example.com', tags: [], state: 'sent', _id: 'mc-message-1' } }]),
		}).toString();
		const brevo = { event: 'click', email: 'priya@brightlabs.io', id: 1024, date: '2026-11-30 10:00:00', ts: at + 40, 'message-id': '<202611301000.1@smtp-relay.mailin.fr>',
			ts_event: at + 40, subject: 'Case study', tag: '', sending_ip: '185.41.28.1', ts_epoch: (at + 40) * 1000, link: 'https://www.example.com/security' };

		const answers = [];
		const deliveries: Array<[string, string, unknown]> = [['sendgrid', 'sendgrid', sendgrid], ['mailchimpTransactional', 'mailchimp-transactional', mandrill], ['brevo', 'brevo', brevo]];
		for (const [source, path, body] of deliveries) {
			const answer = await post(n8n!, source, `lead-scoring/engagement/${path}`, body);
			const [lead] = await SCORED('priya@brightlabs.io');
			answers.push([answer.status, lead.score, lead.stage]);
		}
		// The webhook answers once the leads are saved: open 1 + two clicks 3 + 3 on the form's 10 -> 17; + 3 -> 20; + 3 -> 23.
		expect(answers).toEqual([
			[200, 62, 'MQL'],
			[200, 65, 'MQL'],
			[200, 68, 'MQL'],
		]);
		const [after] = await rows(leads(), LEAD);
		// Fit 45 + engagement 10 + 1 + 4 x 3 = 23 (level 2): 68, still MQL, so no second hand-off: Ana keeps her.
		expect(after).toEqual({ ...before, score: 68, engagement_score: 23, label: 'A2', current_score: 68,
			summary: '+20 Senior title, +15 Company size 50-5000, +10 Company email, +10 Form submitted, +12 Email click x4, +1 Email open',
			sla_seconds: expect.any(Number), updated_at: expect.any(String) });
		expect(await rows(leads(), EVENTS)).toEqual([
			{ source: 'brevo', type: 'email_click', count: 1 },
			{ source: 'mailchimp-transactional', type: 'email_click', count: 1 },
			{ source: 'n8n-form', type: 'form_submit', count: 1 },
			{ source: 'sendgrid', type: 'email_click', count: 2 },
			{ source: 'sendgrid', type: 'email_open', count: 1 },
		]);

		// SendGrid retries a delivery it thinks failed: stored once, and the lead is not touched.
		const again = await post(n8n!, 'sendgrid', 'lead-scoring/engagement/sendgrid', sendgrid);
		expect(again.status).toBe(200);
		expect((await rows(leads(), LEAD))[0]).toEqual(after);
		expect((await rows(leads(), `SELECT count(*)::int AS n FROM lead_events WHERE email = 'priya@brightlabs.io'`))[0].n).toBe(6);
	});

	it('a Mailchimp audience webhook (form-encoded type, fired_at, data[...]): a signup becomes a new lead with a form submission', async () => {
		const firedAt = new Date(Date.now() - 60_000).toISOString().slice(0, 19).replace('T', ' ');
		const subscribe = new URLSearchParams({
			type: 'subscribe', fired_at: firedAt, 'data[id]': '8a25ff1d98', 'data[list_id]': 'a6b5da1054', 'data[email]': 'Dana@BrightLabs.io', 'data[email_type]': 'html',
			'data[ip_opt]': '10.20.10.30', 'data[ip_signup]': '10.20.10.30', 'data[merges][EMAIL]': 'Dana@BrightLabs.io', 'data[merges][FNAME]': 'Dana', 'data[merges][LNAME]': 'Lee',
		}).toString();
		const answer = await post(n8n!, 'mailchimp', 'lead-scoring/engagement/mailchimp', subscribe);
		// Company email 10 (fit, D); the signup as a form submission 10 (level 3): 20, a new IQL lead.
		expect([answer.status, await SCORED('dana@brightlabs.io')]).toEqual([200, [{ email: 'dana@brightlabs.io', score: 20, grade: 'D', label: 'D3', stage: 'IQL', owner: null, priority: null, due: false,
			summary: '+10 Company email, +10 Form submitted' }]]);
		expect(await rows(leads(), `SELECT source, type, campaign FROM lead_events WHERE email = 'dana@brightlabs.io'`)).toEqual([{ source: 'mailchimp', type: 'form_submit', campaign: 'a6b5da1054' }]);
	});

	it('four Brevo clicks for one lead posted at once (overlapping executions): every click counted, the last write holds them all', async () => {
		const OMAR = `SELECT score, engagement_score, label, stage, owner, summary FROM contacts WHERE email = 'omar@vertexcloud.com'`;
		const at = Math.floor(Date.now() / 1000) - 60;
		const click = (n: number) => ({ event: 'click', email: 'omar@vertexcloud.com', id: 1024, date: '2026-11-30 10:00:00', ts: at + n, 'message-id': `<overlap-${n}@smtp-relay.mailin.fr>`,
			ts_event: at + n, subject: 'Webinar', tag: '', ts_epoch: (at + n) * 1000, link: `https://www.example.com/webinar/${n}` });
		const answers = await Promise.all([1, 2, 3, 4].map((n) => post(n8n!, 'brevo', 'lead-scoring/engagement/brevo', click(n))));
		expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
		// Omar (the webhook form): fit 50, demo 30; plus four clicks 12 = 42 (level 1): 92, still SQL, still Ben's.
		expect((await rows(leads(), OMAR))[0]).toEqual({ score: 92, engagement_score: 42, label: 'A1', stage: 'SQL', owner: 'ben',
			summary: '+20 Senior title, +15 Company size 50-5000, +10 Target industry, +5 Company email (capped from +10), +30 Demo request, +12 Email click x4' });
	});

	it.each(SAMPLES)('%s: Execute workflow starts from the sample-data trigger and runs on pinned data with no credential', async (file) => {
		const template = sample(file);
		const trigger = editorDefaultTrigger(template)!;
		// The sample data is pinned on the trigger itself (form, webhook) or on the node it feeds (the store or CRM read).
		const next = ((template.connections[trigger] as IDataObject).main as Array<Array<{ node: string }>>)[0][0].node;
		expect(Object.keys((template as IDataObject).pinData as IDataObject)).toEqual(expect.arrayContaining([trigger === 'Every hour' || trigger === 'Every night at 02:00' ? next : trigger]));
		const result = await runInEditor(session, template.id!, trigger);
		expect({ file, status: result.status, error: result.data.resultData.error?.message }).toEqual({ file, status: 'success', error: undefined });
		SAMPLE_RESULTS[file](result);
	});

	it('nightly-decay.json: its page, run from When called for a page, decays the pinned sample contacts', async () => {
		const result = await runInEditor(session, 'smpNightlyDecay1', 'When called for a page');
		expect({ status: result.status, error: result.data.resultData.error?.message }).toEqual({ status: 'success', error: undefined });
		const view = (lead: IDataObject) => [lead.email, (lead.decay as IDataObject).score, (lead.leadStage as IDataObject).stage];
		expect(outputJson(result, 'Classify Stage').map(view)).toEqual([
			['ada@analytical.io', 60, 'MQL'], ['bob@fabrikam.com', 37.5, 'IQL'], ['cy@contoso.com', 75, 'SQL'], ['dee@tailspin.io', 18, 'IQL'], ['eve@adatum.com', 21, 'IQL'],
		]);
		expect(outputJson(result, 'The page as one list')).toHaveLength(1);
	});
});

const pick = (lead: IDataObject) => {
	const { score, fitScore, engagementScore, grade, label, summary } = lead.leadScore as IDataObject;
	return { email: lead.email, score, fitScore, engagementScore, grade, label, summary, stage: (lead.leadStage as IDataObject).stage };
};
/** What a node put out over all its runs (a node fed by two outputs of Classify Stage runs once per output). */
const allRuns = (result: ExecutionResult, node: string) =>
	(result.data.resultData.runData[node] ?? []).flatMap((run) => (run.data?.main[0] ?? []).map((item) => item.json));
const SAMPLE_RESULTS: Record<string, (result: Awaited<ReturnType<typeof runInEditor>>) => void> = {
	'inbound-form.json': (result) => {
		// The pinned lead: fit 20 + 15 + 10 (SaaS) + 10 = 55, capped at 50 (A); webinar 30 days old 15 x 0.5 = 7.5, pricing
		// page today 10, the form 10: 27.5 (level 2). 77.5: a new SQL lead, to Ana first, P1, due 15 minutes later.
		expect(outputJson(result, 'Route to Sales').map((lead) => [pick(lead), (lead.routing as IDataObject).owner, ((lead.routing as IDataObject).sla as IDataObject).due])).toEqual([
			[{ email: 'priya@brightlabs.io', score: 77.5, fitScore: 50, engagementScore: 27.5, grade: 'A', label: 'A2', stage: 'SQL',
				summary: '+20 Senior title, +15 Company size 50-5000, +10 Target industry, +5 Company email (capped from +10), +10 Pricing page, +10 Form submitted, +7.5 Webinar attended' },
			'ana', '2026-11-22T09:15:00.000Z'],
		]);
	},
	'engagement-event.json': (result) => {
		// Lead Intake's pinned answer to the pinned SendGrid delivery: one lead, three events.
		expect(outputJson(result, 'Lead Intake: SendGrid')).toEqual([{ email: 'priya@brightlabs.io', name: null, firstName: null, lastName: null, jobTitle: null,
			company: { name: null, employees: null, industry: null }, country: null, consent: null, fields: {}, events: [
			{ type: 'email_open', timestamp: MORNING.replace('Z', '.000Z'), url: null, campaign: 'nurture', source: 'sendgrid', eventId: 'c2FtcGxlLW9wZW4tMQ' },
			{ type: 'email_click', timestamp: MORNING.replace('Z', '.000Z'), url: 'https://www.example.com/pricing', campaign: 'nurture', source: 'sendgrid', eventId: 'c2FtcGxlLWNsaWNrLTE' },
			{ type: 'email_click', timestamp: MORNING.replace('Z', '.000Z'), url: 'https://www.example.com/case-studies', campaign: 'nurture', source: 'sendgrid', eventId: 'c2FtcGxlLWNsaWNrLTI' },
		] }]);
		// The pinned stored lead (MQL): fit 50; webinar 7.5 + pricing 10 + form 10 + open 1 + two clicks 6 = 34.5: 84.5, into SQL.
		expect(outputJson(result, 'Route to Sales').map((lead) => [pick(lead), (lead.routing as IDataObject).owner])).toEqual([
			[{ email: 'priya@brightlabs.io', score: 84.5, fitScore: 50, engagementScore: 34.5, grade: 'A', label: 'A2', stage: 'SQL',
				summary: '+20 Senior title, +15 Company size 50-5000, +10 Target industry, +5 Company email (capped from +10), +10 Pricing page, +10 Form submitted, +7.5 Webinar attended, +6 Email click x2, +1 Email open' },
			'ana'],
		]);
	},
	'nightly-decay.json': (result) => {
		// The pinned plan (one page) and the pinned page result, reported.
		expect(outputJson(result, 'Report the night')).toEqual([{ pages: 1, read: 5, written: 5, sample: ['ada@analytical.io', 'bob@fabrikam.com', 'cy@contoso.com'] }]);
	},
	'crm-hubspot.json': (result) => {
		expect(allRuns(result, 'Map score to HubSpot properties')).toEqual([
			// Priya, stored MQL: VP 20 + "100-500" employees (100) 15 + SaaS 10 + company email 10 = 55, capped at 50 (A);
			// HubSpot's last conversion 10, last click 3, last open 1, all today: 14 (level 3). 64: still MQL (Unchanged).
			{ email: 'priya@brightlabs.io', lead_score: 64, lead_grade: 'A3', lead_stage: 'MQL', lifecyclestage: 'marketingqualifiedlead',
				lead_score_summary: '+20 Senior title, +15 Company size 50-5000, +10 Target industry, +5 Company email (capped from +10), +10 Form submitted, +3 Email click, +1 Email open' },
			// Tom, new (Changed): student -15, free mail -10; one email open 30 days old 0.5 (level 4): floored at 0, Cold.
			{ email: 'tom@yahoo.com', lead_score: 0, lead_grade: 'D4', lead_stage: 'Cold', lifecyclestage: 'lead', lead_score_summary: '-15 Student or intern, -10 Free email, +0.5 Email open, raised to floor 0' },
		]);
	},
	'crm-pipedrive.json': (result) => {
		expect(allRuns(result, 'Map score to Pipedrive fields')).toEqual([
			// Omar, stored MQL: CTO 20 + 2000 employees 15 + Technology 10 + company email 10 = 55, capped at 50; demo today 30 (level 2): 80, into SQL.
			{ personId: 501, 'Lead score': 80, 'Lead grade': 'A2', 'Lead stage': 'SQL',
				'Lead score summary': '+20 Senior title, +15 Company size 50-5000, +10 Target industry, +5 Company email (capped from +10), +30 Demo request' },
			// Lena, new: manager 10 + company email 10 = 20 (C); a form 30 days old 5 (level 3): 25, IQL.
			{ personId: 502, 'Lead score': 25, 'Lead grade': 'C3', 'Lead stage': 'IQL', 'Lead score summary': '+10 Manager title, +10 Company email, +5 Form submitted' },
		]);
	},
	'crm-salesforce.json': (result) => {
		expect(allRuns(result, 'Map score to Salesforce fields')).toEqual([
			// Grace, new: VP 20 + 1200 employees 15 + Software 10 + company email 10 = 55, capped at 50 (A, Hot); a form today 10: 60, MQL.
			{ leadId: '00Q5g00000LsA1bEAF', Rating: 'Hot', Lead_Score__c: 60, Lead_Grade__c: 'A3', Lead_Stage__c: 'MQL',
				Lead_Score_Summary__c: '+20 Senior title, +15 Company size 50-5000, +10 Target industry, +5 Company email (capped from +10), +10 Form submitted' },
			// Kenji, stored IQL: free mail -10 (D, Cold); a form 30 days old 5: total floored at 0, below IQL's exit 15: Cold.
			{ leadId: '00Q5g00000LsA1cEAF', Rating: 'Cold', Lead_Score__c: 0, Lead_Grade__c: 'D3', Lead_Stage__c: 'Cold', Lead_Score_Summary__c: '-10 Free email, +5 Form submitted, raised to floor 0' },
		]);
	},
};
