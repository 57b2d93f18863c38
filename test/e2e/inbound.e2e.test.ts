import axios from 'axios';
import { createN8nHome, importWorkflows, publishWorkflow, startN8n, waitForWebhook, type RunningN8n } from './n8n';
import { loadTemplate, withFixedAsOf } from './templateHelpers';

/**
 * The inbound form template published in `n8n start`, as a user runs it: each POST is a separate production
 * execution, so the round-robin turn lives in the workflow's static data between them. The webhook answers when
 * the execution has ended, after n8n saved that data, so posting the next lead right after an answer is safe
 * (with a Respond to Webhook node it was not: 1 run in 4 gave Ben two leads in a row). The other production
 * templates are published too, to show that their triggers activate. At most 7 requests, each bounded to 30 s.
 */
const AS_OF = '2026-11-22T09:00:00Z';
const TEMPLATES = ['inbound-form.json', 'engagement-event.json', 'agency-multi-client.json', 'nightly-decay.json'];

const form = (fields: object) => ({ submittedAt: AS_OF, ...fields });
const GRACE = form({ email: 'grace@northwind.io', firstName: 'Grace', lastName: 'Hopper', jobTitle: 'VP Engineering', company: 'Northwind', employees: 1200, industry: 'Software', form: 'demo', events: [{ type: 'page_view', url: 'https://www.example.com/pricing', timestamp: '2026-10-23T09:00:00Z' }] });
const SOPHIE = form({ email: 'sophie.martin@gmail.com', firstName: 'Sophie', lastName: 'Martin', jobTitle: 'Marketing Student', form: 'ebook' });
// Form tools send numbers as text: "300" employees still counts for the 50-5000 size band.
const LINUS = form({ email: 'linus@fabrikam.com', firstName: 'Linus', lastName: 'Berg', jobTitle: 'Marketing Manager', company: 'Fabrikam', employees: '300', industry: 'Retail', form: 'demo' });
const MARGARET = form({ email: 'margaret@gmail.com', firstName: 'Margaret', lastName: 'Hamilton', jobTitle: 'Head of Operations', company: 'Apollo Fintech', employees: 80, industry: 'Fintech', form: 'contact', events: [{ type: 'webinar_attended', timestamp: AS_OF }, { type: 'email_click', timestamp: AS_OF }] });
const OMAR = form({ email: 'omar@vertexcloud.com', firstName: 'Omar', lastName: 'Haddad', jobTitle: 'CTO', company: 'Vertex Cloud', employees: 2000, industry: 'Technology', form: 'demo' });

describe('inbound form template published in n8n start: leads posted to its webhook', () => {
	let n8n: RunningN8n | undefined;
	const post = (path: string, body: object) => axios.post(`${n8n!.baseUrl}/webhook/${path}`, body, { timeout: 30_000 });

	beforeAll(async () => {
		const home = await createN8nHome();
		const ids = await importWorkflows(home, TEMPLATES.map((file) => withFixedAsOf(loadTemplate(file), AS_OF)));
		for (const id of ids) await publishWorkflow(home, id);
		n8n = await startN8n(home);
		for (const path of ['lead-scoring/inbound', 'lead-scoring/engagement', 'lead-scoring/agency']) await waitForWebhook(n8n, path);
	});

	afterAll(async () => {
		await n8n?.stop();
	});

	it('answers each form post with score, grade, stage, owner, due and summary; qualified leads go to Ana, Ben, Chloe in turn', async () => {
		const answers = [];
		for (const lead of [GRACE, SOPHIE, LINUS, MARGARET, OMAR]) answers.push((await post('lead-scoring/inbound', lead)).data);
		const due = '2026-11-22T09:15:00.000Z';
		expect(answers).toEqual([
			// Fit 20 + 15 + 10 + 10 = 55, capped at 50 (A); demo 30 + a 30-day-old pricing view 5 = 35 (level 2): 85, SQL.
			{ email: 'grace@northwind.io', score: 85, grade: 'A', label: 'A2', stage: 'SQL', owner: 'ana', ownerName: 'Ana Silva', priority: 'P1', due,
				summary: '+20 Senior title, +15 Company size 50-5000, +10 Target industry, +5 Company email (capped from +10), +30 Demo request, +5 Pricing page' },
			// Student -15, free email -10, ebook form +10: -15, floored at 0 -> Cold. Not routed, so the turn does not move.
			{ email: 'sophie.martin@gmail.com', score: 0, grade: 'D', label: 'D3', stage: 'Cold', owner: null, ownerName: null, priority: null, due: null,
				summary: expect.stringMatching(/^-15 Student or intern, -10 Free email, \+10 Form submitted/) },
			// Manager 10 + size "300" 15 + company email 10 = 35 (B); demo 30 (level 2): 65, MQL.
			{ email: 'linus@fabrikam.com', score: 65, grade: 'B', label: 'B2', stage: 'MQL', owner: 'ben', ownerName: 'Ben Okafor', priority: 'P2', due,
				summary: '+10 Manager title, +15 Company size 50-5000, +10 Company email, +30 Demo request' },
			// Head of 20 + size 80 15 + fintech 10 - free email 10 = 35 (B); contact form 10 + webinar 15 + email click 3 = 28: 63, MQL.
			{ email: 'margaret@gmail.com', score: 63, grade: 'B', label: 'B2', stage: 'MQL', owner: 'chloe', ownerName: 'Chloe Martin', priority: 'P2', due,
				summary: '+20 Senior title, +15 Company size 50-5000, +10 Target industry, -10 Free email, +10 Form submitted, +15 Webinar attended, +3 Email click' },
			// CTO 20 + 15 + 10 + 10 = 55, capped at 50 (A); demo 30: 80, SQL; the turn has come round to Ana again.
			{ email: 'omar@vertexcloud.com', score: 80, grade: 'A', label: 'A2', stage: 'SQL', owner: 'ana', ownerName: 'Ana Silva', priority: 'P1', due,
				summary: '+20 Senior title, +15 Company size 50-5000, +10 Target industry, +5 Company email (capped from +10), +30 Demo request' },
		]);
	});

	it('the agency and engagement templates serve their webhooks too, and every template activated', async () => {
		// Summit Realty's model: budget 750k 30 + mortgage 20 = 50; a viewing booked now 40: 90 >= 60, Summit's "Ready to
		// offer"; the first of Summit's sales reps, Sam.
		const agency = await post('lead-scoring/agency', { client: 'summit-realty', name: 'Ines', email: 'ines@example.com', budget: 750000, mortgageApproved: true, events: [{ type: 'viewing_booked', timestamp: AS_OF }] });
		expect(agency.data).toMatchObject({
			name: 'Ines',
			leadScore: { score: 90, fitScore: 50, engagementScore: 40, model: { name: 'Summit Realty', version: '4' } },
			leadStage: { stage: 'Ready to offer' },
			routing: { owner: 'sam', team: 'sales' },
		});
		expect(agency.data).not.toHaveProperty('agency');
		// Trackers get an answer at once; the work goes on in the execution.
		const event = await post('lead-scoring/engagement', { email: 'priya@brightlabs.io', type: 'page_view', url: 'https://www.example.com/pricing', timestamp: AS_OF });
		expect(event.status).toBe(200);
		// n8n logs a template it could not activate (e.g. a node version it lacks) as an error.
		expect(n8n!.output()).not.toMatch(/Issue on initial workflow activation|Failed to reactivate/);
	});
});
