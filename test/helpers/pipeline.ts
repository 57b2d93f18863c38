/**
 * The pipeline of issue 10, Score Lead -> Apply Decay -> Classify Stage -> Route to Sales on default settings (only
 * the model, the curve, the reps and a fixed As Of set), with leads whose every number is worked out by hand below.
 * Used by the in-process test (test/unit/nodes/pipeline.test.ts) and the real-n8n one (test/e2e/pipeline.e2e.test.ts).
 */
export const AS_OF = '2026-11-22T09:00:00Z';

/** Total 0..100; grades A 45, B 30, C 15, D 0 and engagement levels 1: 40, 2: 20, 3: 5, 4: 0 (the defaults). */
export const PIPELINE_MODEL = {
	name: 'Pipeline',
	version: '1',
	groups: [{ name: 'engagement', kind: 'engagement', cap: 60 }],
	total: { floor: 0, ceiling: 100 },
	fitRules: [
		{ label: 'VP title', points: 30, when: { field: 'jobTitle', operator: 'contains', value: 'vp' } },
		{ label: 'Target size', points: 20, when: { field: 'company.employees', operator: 'between', value: [50, 5000] } },
		{ label: 'Free mail', points: -30, when: { field: 'email', operator: 'isFreeEmail' } },
	],
	engagementRules: [
		{ label: 'Demo request', points: 40, eventType: 'demo_request', maxOccurrences: 1 },
		{ label: 'Pricing page', points: 10, eventType: 'page_view', where: { field: 'url', operator: 'contains', value: '/pricing' }, maxOccurrences: 3 },
		{ label: 'Webinar', points: 5, eventType: 'webinar' },
	],
};

/** Apply Decay's curve: the engagement part halves every 30 days of inactivity. */
export const CURVE = { curve: 'halfLife', halfLifeDays: 30 };

export const REPS = [
	{ id: 'ana', name: 'Ana' },
	{ id: 'ben', name: 'Ben' },
];

const pricing = (timestamp: string) => ({ type: 'page_view', url: '/pricing', timestamp });

export const LEADS = [
	{
		id: 'cara',
		email: 'cara@acme.io',
		jobTitle: 'VP Sales',
		company: { employees: 200 },
		events: [{ type: 'demo_request', timestamp: '2026-11-21T09:00:00Z' }, pricing('2026-11-20T09:00:00Z'), pricing('2026-11-19T09:00:00Z'), pricing('2026-11-18T09:00:00Z')],
	},
	{ id: 'fred', email: 'fred@gmail.com', jobTitle: 'Analyst', company: { employees: 10 }, events: [{ type: 'webinar', timestamp: AS_OF }] },
	{ id: 'mal1', email: 'mal1@example.org', jobTitle: 'VP Ops', company: { employees: 'many' }, events: [] },
	{ id: 'quinn', email: 'quinn@globex.com', jobTitle: 'VP Marketing', company: { employees: 300 }, events: [{ type: 'demo_request', timestamp: '2026-09-23T09:00:00Z' }] },
	{ id: 'sam', email: 'sam@initech.com', jobTitle: 'VP Revenue', company: { employees: 1000 }, events: [{ type: 'demo_request', timestamp: AS_OF }] },
	{ id: 'mia', email: 'mia@umbrella.com', jobTitle: 'Head of Ops', company: { employees: 120 }, events: [pricing('2026-11-12T09:00:00Z'), pricing(AS_OF)] },
	{ id: 'mal2', email: 'mal2@example.org', jobTitle: 'CTO', company: { employees: 80 }, events: 'not a list' },
];

/**
 * By hand:
 * - cara: fit 30 + 20 = 50 (A); engagement 40 + 3 x 10 = 70, capped at 60 (level 1); total 110 -> ceiling 100.
 *   Last activity: the demo, 1 day before As Of. Decay: 60 x 0.5^(1/30) = 60 x 0.97716 = 58.63; 58.63 + 50 =
 *   108.63 -> ceiling 100 (it was 100 before decay too: unchanged). SQL (100 >= 75).
 * - fred: fit -30 (free mail; D); engagement 5 (level 3); total -25 -> floor 0. Activity at As Of: nothing fades,
 *   -25 -> floor 0. Cold.
 * - quinn: fit 50 (A); engagement 40 (level 1); total 90, SQL on the scored total. Gone quiet 60 days (Sep 23 ->
 *   Nov 22): 40 x 0.5^2 = 10; 10 + 50 = 60 -> MQL (50 <= 60 < 75), not SQL.
 * - sam: fit 50; engagement 40, at As Of; total 90; no decay: 90 -> SQL.
 * - mia: fit 20 (Target size; C); engagement 2 x 10 = 20 (level 2); total 40; newest view at As Of: 40 -> IQL.
 * - mal1: Score Lead fails: company.employees holds "many", not a number.
 * - mal2: Score Lead fails: events holds text, not a list.
 */
export const EXPECTED = {
	cara: { score: 100, fitScore: 50, engagementScore: 60, label: 'A1', lastActivityAt: '2026-11-21T09:00:00.000Z', decayed: 100, decayedEngagement: 58.63, stage: 'SQL' },
	fred: { score: 0, fitScore: -30, engagementScore: 5, label: 'D3', lastActivityAt: '2026-11-22T09:00:00.000Z', decayed: 0, decayedEngagement: 5, stage: 'Cold' },
	quinn: { score: 90, fitScore: 50, engagementScore: 40, label: 'A1', lastActivityAt: '2026-09-23T09:00:00.000Z', decayed: 60, decayedEngagement: 10, stage: 'MQL' },
	sam: { score: 90, fitScore: 50, engagementScore: 40, label: 'A1', lastActivityAt: '2026-11-22T09:00:00.000Z', decayed: 90, decayedEngagement: 40, stage: 'SQL' },
	mia: { score: 40, fitScore: 20, engagementScore: 20, label: 'C2', lastActivityAt: '2026-11-22T09:00:00.000Z', decayed: 40, decayedEngagement: 20, stage: 'IQL' },
};

/** The first errors of the malformed leads, raised by Score Lead (item indexes are Score Lead's input). */
export const FIRST_ERRORS = {
	mal1: {
		message: 'Item 2: Field "company.employees": expected a number, got "many"',
		itemIndex: 2,
		field: 'company.employees',
		expected: 'a number',
		node: 'Score Lead',
		nodeType: 'n8n-nodes-lead-scoring.scoreLead',
	},
	mal2: {
		message: 'Item 6: Field "events": expected a list of events, got "not a list"',
		itemIndex: 6,
		field: 'events',
		expected: 'a list of events',
		node: 'Score Lead',
		nodeType: 'n8n-nodes-lead-scoring.scoreLead',
	},
};

/** The nodes' parameters: defaults but for the model, the curve, the reps and As Of. */
export const PARAMETERS = {
	scoreLead: { modelSource: 'json', modelJson: JSON.stringify(PIPELINE_MODEL), options: { asOf: AS_OF } },
	applyDecay: { curve: 'halfLife', halfLifeDays: 30, options: { asOf: AS_OF } },
	classifyStage: { options: { asOf: AS_OF } },
	routeToSales: { reps: { rep: REPS }, options: { asOf: AS_OF } },
};

/** The numbers of a lead at the end of the pipeline, for comparison with EXPECTED. */
export function outcome(json: Record<string, any>) {
	return {
		score: json.leadScore.score,
		fitScore: json.leadScore.fitScore,
		engagementScore: json.leadScore.engagementScore,
		label: json.leadScore.label,
		lastActivityAt: json.leadScore.lastActivityAt,
		decayed: json.decay.score,
		decayedEngagement: json.decay.engagementScore,
		stage: json.leadStage.stage,
	};
}
