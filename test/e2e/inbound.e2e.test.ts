import axios from 'axios';
import { createN8nHome, importWorkflows, publishWorkflow, startN8n, waitForWebhook, type RunningN8n } from './n8n';
import { loadTemplate, withFixedAsOf } from './templateHelpers';

/**
 * The agency template published in `n8n start`, as a user runs it: a lead posted to its webhook is answered with the
 * lead scored by its client's model. (The inbound form and engagement templates, which need PostgreSQL, are published
 * and posted to in integrations.e2e.test.ts.) At most 1 request, bounded to 30 s.
 */
const AS_OF = '2026-11-22T09:00:00Z';

describe('agency template published in n8n start: a lead posted to its webhook', () => {
	let n8n: RunningN8n | undefined;
	const post = (path: string, body: object) => axios.post(`${n8n!.baseUrl}/webhook/${path}`, body, { timeout: 30_000 });

	beforeAll(async () => {
		const home = await createN8nHome();
		const [id] = await importWorkflows(home, [withFixedAsOf(loadTemplate('agency-multi-client.json'), AS_OF)]);
		await publishWorkflow(home, id);
		n8n = await startN8n(home);
		await waitForWebhook(n8n, 'lead-scoring/agency');
	});

	afterAll(async () => {
		await n8n?.stop();
	});

	it('is answered with the lead scored by its client model, and the template activated', async () => {
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
		// n8n logs a template it could not activate (e.g. a node version it lacks) as an error.
		expect(n8n!.output()).not.toMatch(/Issue on initial workflow activation|Failed to reactivate/);
	});
});
