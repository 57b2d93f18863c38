import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { ADA, BOB, E2E_MODEL, pickScore as pick, scoreLeadNode } from './fixtures';
import { createN8nHome, executeWorkflow, importWorkflows, outputItems, outputJson, type N8nHome } from './n8n';
import type { IDataObject } from 'n8n-workflow';
import { chain, fixedItems, manualTrigger, ours } from './workflows';

// Two problems, both to be named: a rule without points and an unknown operator.
const BAD_MODEL = JSON.stringify({
	...E2E_MODEL,
	fitRules: [{ label: 'Senior title', when: { field: 'jobTitle', operator: 'contains', value: 'VP' } }, { ...E2E_MODEL.fitRules[1], when: { field: 'email', operator: 'looksLike' } }],
});

/**
 * The three builders with fields as users give them in the editor: dragged from the input panel (n8n stores
 * `{{ $json.path }}`) or another expression. Score Lead -> Classify Stage (single output) -> Route to Sales.
 */
const AS_OF = { asOf: '2026-11-22T00:00:00Z' };
const BUILDER_LEADS = [
	{ name: 'Ada', jobTitle: 'VP Marketing', company: { employees: 250 }, requested: { demo: true }, address: { country: 'DE' } },
	{ name: 'Bob', jobTitle: 'VP Sales', company: { employees: 50 }, requested: {}, address: { country: 'US' } },
	{ name: 'Cy', jobTitle: 'Analyst', company: { employees: 500 }, requested: { demo: false }, address: { country: 'ch' } },
];
const BUILDERS_WORKFLOW = chain(
	'Builders with dragged fields',
	[
		manualTrigger(),
		fixedItems('Leads', BUILDER_LEADS),
		ours('Score Lead', 'scoreLead', {
			modelSource: 'ui',
			fitRules: {
				rule: [
					{ label: 'Senior title', field: '={{ $json.jobTitle }}', operator: 'contains', value: 'vp', points: 60 },
					{ label: 'Big company', field: '={{ $json.company.employees * 1 }}', operator: 'greaterThan', value: '100', points: 20 },
				],
			},
			includeExplanation: false,
			options: AS_OF,
		}),
		ours('Classify Stage', 'classifyStage', {
			ladderSource: 'ui',
			floorStage: 'Cold',
			stages: {
				stage: [
					{ name: 'MQL', minTotal: 50 },
					{ name: 'SQL', minTotal: 70, conditions: { whenField: '={{ $json.requested.demo }}', whenOperator: 'equals', whenValue: 'true' } },
				],
			},
			routing: 'single',
			options: AS_OF,
		}),
		ours('Route to Sales', 'routeToSales', {
			reps: { rep: [{ id: 'cleo', name: 'Cleo', team: 'Enterprise' }, { id: 'ana', name: 'Ana', team: 'DACH' }, { id: 'ben', name: 'Ben', team: 'Rest' }] },
			routingRules: {
				rule: [
					{ name: 'Sales ready', field: '={{ $json.leadStage.stage }}', operator: 'equals', value: 'SQL', team: 'Enterprise' },
					{ name: 'DACH', field: '={{ $json.address.country.toLowerCase() }}', operator: 'in', value: 'de, at, ch', team: 'DACH' },
				],
			},
			defaultTeam: 'Rest',
			options: AS_OF,
		}),
	],
	'e2eBuilderDrag01',
);

/** A field typed as a CRM does not name it ("title" for jobTitle): every lead scores 0, and n8n must say why. */
const HINTS_WORKFLOW = chain(
	'Hints for a typo',
	[
		manualTrigger(),
		fixedItems('Leads', [ADA, BOB]),
		ours('Score Lead', 'scoreLead', {
			modelSource: 'ui',
			fitRules: { rule: [{ label: 'Senior title', field: 'title', operator: 'contains', value: 'vp', points: 60 }] },
			includeExplanation: false,
			options: AS_OF,
		}),
		ours('Classify Stage', 'classifyStage', { routing: 'single', options: AS_OF }),
	],
	'e2eHintsTypo0001',
);

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
			BUILDERS_WORKFLOW,
			HINTS_WORKFLOW,
		]);
	});

	it('n8n loads the packed tarball unpacked in its nodes folder, not the source tree', () => {
		const installed = join(home.dir, '.n8n/nodes/node_modules/n8n-nodes-lead-scoring');
		expect(realpathSync(installed)).toBe(installed);
		expect(existsSync(join(installed, 'dist/nodes/ScoreLead/ScoreLead.node.js'))).toBe(true);
		expect(existsSync(join(installed, 'dist/nodes/ScoreLead/scoreLead.svg'))).toBe(true);
		expect(existsSync(join(installed, 'nodes'))).toBe(false);
		// zod is bundled into dist: nothing is fetched at install (no runtime dependency), so no node_modules.
		expect(existsSync(join(installed, 'dist/src/zod.js'))).toBe(true);
		expect(existsSync(join(installed, 'node_modules'))).toBe(false);
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

	it('a bad model stops the workflow before any item, naming every problem by its path and rule label', async () => {
		const run = await executeWorkflow(home, ids[2]);
		expect(run.status).toBe('error');
		const error = run.data.resultData.error!;
		expect(error.message).toBe('Invalid scoring model (2 problems)');
		expect(String(error.description).split('\n').map((line) => line.split(':')[0])).toEqual(['fitRules[0] ("Senior title").points', 'fitRules[1] ("Company email").when.operator']);
		expect(run.data.resultData.runData['Score Lead'][0].data).toBeUndefined();
	});

	it('dragged fields and other expressions in the three builders: the right score, stage and owner', async () => {
		const run = await executeWorkflow(home, ids[3]);
		expect(run.status).toBe('success');
		// Ada: VP (60) + 250 > 100 (20) = 80, a demo -> SQL -> rule "Sales ready" -> Cleo.
		// Bob: VP (60), 50 employees -> 60 -> MQL; US is not DACH -> Rest -> Ben.
		// Cy: 500 employees (20) -> 20 -> Cold; "ch" lower-cased is in the list -> DACH -> Ana.
		const routed = outputJson(run, 'Route to Sales');
		const pick = (lead: IDataObject) => [
			lead.name,
			(lead.leadScore as IDataObject).score,
			(lead.leadStage as IDataObject).stage,
			(lead.routing as IDataObject).owner,
			(lead.routing as IDataObject).team,
		];
		expect(routed.map(pick)).toEqual([
			['Ada', 80, 'SQL', 'cleo', 'Enterprise'],
			['Bob', 60, 'MQL', 'ben', 'Rest'],
			['Cy', 20, 'Cold', 'ana', 'DACH'],
		]);
		// The values n8n computed for the rules are read, never written to the lead.
		expect(routed.map((lead) => Object.keys(lead).sort())).toEqual(BUILDER_LEADS.map((lead) => [...Object.keys(lead), 'leadScore', 'leadStage', 'routing'].sort()));
		expect(outputJson(run, 'Route to Sales', 1)).toEqual([]);
	});

	it("no silent 0: n8n's run data carries the node hints for a field no lead has, no rule matched and stages no lead reached", async () => {
		const run = await executeWorkflow(home, ids[4]);
		expect(run.status).toBe('success');
		expect(outputJson(run, 'Score Lead').map((lead) => (lead.leadScore as IDataObject).score)).toEqual([0, 0]);
		const hints = (node: string) => (run.data.resultData.runData[node][0] as { hints?: IDataObject[] }).hints;
		expect(hints('Score Lead')).toEqual([
			{
				type: 'warning',
				location: 'outputPane',
				message: 'Fit rule "Senior title" (rule 1) reads "title", which no lead has: check the field name (drag it from the input panel).',
			},
			{ type: 'warning', location: 'outputPane', message: "No rule matched any lead: every score is the model's floor. Check the rules' fields and values against the input." },
		]);
		expect(hints('Classify Stage')).toEqual([
			{ type: 'info', location: 'outputPane', message: 'No lead reached IQL, MQL, SQL in this run. If that is unexpected, check those stages\' thresholds against the scores.' },
		]);
	});
});
