import axios from 'axios';
import { ADA, BOB, pickScore, scoreLeadNode } from './fixtures';
import { createN8nHome, importWorkflow, publishWorkflow, startN8n, waitForWebhook, type RunningN8n } from './n8n';
import { chain, code, webhook } from './workflows';

describe('n8n start with the packed package: a published webhook workflow scores posted leads', () => {
	let n8n: RunningN8n | undefined;

	beforeAll(async () => {
		const home = await createN8nHome();
		const id = await importWorkflow(
			home,
			chain('Inbound lead', [
				webhook('Form', 'score-lead', '6f1c1e52-8f0e-4a57-9d5e-2f1b0c9a7e11'),
				code('Lead', 'return $input.all().map((item) => ({ json: item.json.body }));'),
				scoreLeadNode(),
			]),
		);
		await publishWorkflow(home, id);
		n8n = await startN8n(home);
		await waitForWebhook(n8n, 'score-lead');
	});

	afterAll(async () => {
		await n8n?.stop();
	});

	it('answers each POST with the scored lead, in separate production executions', async () => {
		const post = (lead: object) => axios.post(`${n8n!.baseUrl}/webhook/score-lead`, lead, { timeout: 30_000 });
		const [ada, bob] = [await post(ADA), await post(BOB)];
		// Same hand-worked numbers as the CLI test: Ada 35 fit + 40 engagement, Bob 0 + 5.
		expect(ada.status).toBe(200);
		expect(pickScore(ada.data.leadScore)).toEqual({ score: 75, fitScore: 35, engagementScore: 40, grade: 'B', label: 'B1' });
		expect(ada.data.email).toBe('ada@acme.io');
		expect(pickScore(bob.data.leadScore)).toEqual({ score: 5, fitScore: 0, engagementScore: 5, grade: 'D', label: 'D3' });
	});

	it('answers a lead the node cannot read with a 500 (n8n hides the details from the caller) and keeps serving', async () => {
		const bad = await axios.post(`${n8n!.baseUrl}/webhook/score-lead`, { ...ADA, events: 'not a list' }, { timeout: 30_000, validateStatus: () => true });
		expect(bad.status).toBe(500);
		expect(bad.data).toEqual({ message: 'Error in workflow' });
		const again = await axios.post(`${n8n!.baseUrl}/webhook/score-lead`, BOB, { timeout: 30_000 });
		expect(again.data.leadScore.score).toBe(5);
	});
});
