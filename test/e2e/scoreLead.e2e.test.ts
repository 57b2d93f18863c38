import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { ADA, BOB, E2E_MODEL, pickScore as pick, scoreLeadNode } from './fixtures';
import { createN8nHome, executeWorkflow, importWorkflows, outputItems, outputJson, type N8nHome } from './n8n';
import { chain, fixedItems, manualTrigger } from './workflows';

// Two problems, both to be named: a rule without points and an unknown operator.
const BAD_MODEL = JSON.stringify({
	...E2E_MODEL,
	fitRules: [{ label: 'Senior title', when: { field: 'jobTitle', operator: 'contains', value: 'VP' } }, { ...E2E_MODEL.fitRules[1], when: { field: 'email', operator: 'looksLike' } }],
});

describe('Score Lead in a real n8n (CLI execute, packed tarball)', () => {
	let home: N8nHome;
	let ids: string[];

	beforeAll(async () => {
		home = await createN8nHome();
		ids = await importWorkflows(home, [
			chain('Score two leads', [manualTrigger(), fixedItems('Leads', [ADA, BOB]), scoreLeadNode()], 'e2eScoreTwo00001'),
			chain(
				'Score with a bad item',
				[manualTrigger(), fixedItems('Leads', [ADA, { ...BOB, events: 'not a list' }, BOB]), scoreLeadNode({ onError: 'continueRegularOutput' })],
				'e2eScoreBad00001',
			),
			chain(
				'Score with a bad model',
				[manualTrigger(), fixedItems('Leads', [ADA]), { ...scoreLeadNode(), parameters: { modelSource: 'json', modelJson: BAD_MODEL } }],
				'e2eScoreBadModel',
			),
		]);
	});

	it('n8n loads the packed tarball unpacked in its nodes folder, not the source tree', () => {
		const installed = join(home.dir, '.n8n/nodes/node_modules/n8n-nodes-lead-scoring');
		expect(realpathSync(installed)).toBe(installed);
		expect(existsSync(join(installed, 'dist/nodes/ScoreLead/ScoreLead.node.js'))).toBe(true);
		expect(existsSync(join(installed, 'dist/nodes/ScoreLead/scoreLead.svg'))).toBe(true);
		expect(existsSync(join(installed, 'nodes'))).toBe(false);
		expect(existsSync(join(installed, 'node_modules/zod/package.json'))).toBe(true);
	});

	it('scores each lead with exact fit, engagement, grade and label, paired with its input', async () => {
		const run = await executeWorkflow(home, ids[0]);
		expect(run.status).toBe('success');
		const scored = outputJson(run, 'Score Lead');
		// Ada: fit = Senior title 20 + Company email 15 = 35 -> grade B (30 <= 35 < 45);
		//      engagement = Demo request 25 + Pricing page 3 of 4 views x 5 = 15 -> 40 -> level 1; score 35 + 40 = 75.
		// Bob: fit = 0 (Analyst, gmail.com is free mail) -> grade D; engagement = 1 pricing view x 5 = 5 -> level 3
		//      (the blog view matches no rule); score 0 + 5 = 5.
		expect(scored.map((lead) => ({ name: lead.name, ...pick(lead.leadScore) }))).toEqual([
			{ name: 'Ada Lovelace', score: 75, fitScore: 35, engagementScore: 40, grade: 'B', label: 'B1' },
			{ name: 'Bob Jones', score: 5, fitScore: 0, engagementScore: 5, grade: 'D', label: 'D3' },
		]);
		expect(scored[0]).toMatchObject({ ...ADA, leadScore: { model: { name: 'E2E model', version: '3' } } });
		expect(outputItems(run, 'Score Lead').map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('with Continue On Fail the bad item carries a clear error and the good ones are scored; none is lost', async () => {
		const run = await executeWorkflow(home, ids[1]);
		expect(run.status).toBe('success');
		const items = outputItems(run, 'Score Lead');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(pick(items[0].json.leadScore)).toEqual({ score: 75, fitScore: 35, engagementScore: 40, grade: 'B', label: 'B1' });
		expect(pick(items[2].json.leadScore)).toEqual({ score: 5, fitScore: 0, engagementScore: 5, grade: 'D', label: 'D3' });
		expect(items[1].json.leadScore).toBeUndefined();
		expect(items[1].json.error).toMatchObject({ itemIndex: 1, field: 'events', message: expect.stringMatching(/^Item 1: .*events/) });
	});

	it('a bad model stops the workflow before any item, naming every problem by its path', async () => {
		const run = await executeWorkflow(home, ids[2]);
		expect(run.status).toBe('error');
		const error = run.data.resultData.error!;
		expect(error.message).toBe('Invalid scoring model (2 problems)');
		expect(String(error.description).split('\n').map((line) => line.split(':')[0])).toEqual(['fitRules[0].points', 'fitRules[1].when.operator']);
		expect(run.data.resultData.runData['Score Lead'][0].data).toBeUndefined();
	});
});
