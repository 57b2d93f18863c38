import { ScoreLead } from '../../../nodes/ScoreLead/ScoreLead.node';
import { runNode, runNodeError } from '../../helpers/runNode';

/** The tool variant n8n 2.41 builds from `usableAsTool`: the same node under a type name ending in "Tool". */
class ScoreLeadTool extends ScoreLead {
	constructor() {
		super();
		this.description = { ...this.description, name: 'scoreLeadTool' };
	}
}

const asOf = '2026-11-22T00:00:00Z';
const jsonModel = (points: number) =>
	JSON.stringify({ name: `Client ${points}`, fitRules: [{ label: 'VP', points, when: { field: 'title', operator: 'contains', value: 'vp' } }] });

describe('Score Lead node', () => {
	it('scores with the preset by default, under leadScore, with pairedItem', async () => {
		const { outputs } = await runNode(ScoreLead, {
			parameters: { options: { asOf } },
			items: [{ email: 'dana@acme.io', jobTitle: 'VP Marketing' }, { email: 'kim@gmail.com', jobTitle: 'Student' }],
		});
		expect(outputs[0]).toHaveLength(2);
		// dana: senior title 20 + company email 10 = 30 (grade B); kim: free mail -10 + student -15 = -25, total floor 0
		expect(outputs[0].map((i) => [(i.json.leadScore as any).score, (i.json.leadScore as any).grade, i.pairedItem])).toEqual([
			[30, 'B', { item: 0 }],
			[0, 'D', { item: 1 }],
		]);
		expect((outputs[0][1].json.leadScore as any).summary).toBe('-15 Student or intern, -10 Free email, raised to floor 0');
		expect(outputs[0][0].json.email).toBe('dana@acme.io');
	});

	it('puts the result first in the item, and score, grade, summary and top reasons first in the result', async () => {
		// At As Of itself, so the preset's 30-day half-life takes nothing off.
		const events = [{ type: 'demo_request', timestamp: asOf }];
		const { outputs } = await runNode(ScoreLead, {
			parameters: { options: { asOf } },
			// The second lead was scored before: its old leadScore is replaced, and moves to the front too.
			items: [
				{ email: 'dana@acme.io', jobTitle: 'VP Marketing', events },
				{ email: 'kim@acme.io', leadScore: { score: 1 }, events: [] },
			],
		});
		expect(outputs[0].map((i) => Object.keys(i.json))).toEqual([
			['leadScore', 'email', 'jobTitle', 'events'],
			['leadScore', 'email', 'events'],
		]);
		const dana = outputs[0][0].json.leadScore as Record<string, unknown>;
		expect(Object.keys(dana).slice(0, 4)).toEqual(['score', 'grade', 'summary', 'topReasons']);
		// fit: senior title 20 + company email 10 = 30; engagement: demo request 30; total 60
		expect(dana).toMatchObject({ score: 60, grade: 'B', summary: '+20 Senior title, +10 Company email, +30 Demo request' });
		expect(dana.topReasons).toEqual(['+30 Demo request', '+20 Senior title', '+10 Company email']);
		expect((dana.explanation as any).contributions.map((c: { text: string }) => c.text)).toEqual(['Senior title: +20', 'Company email: +10', 'Demo request: 1 event, +30']);
		expect((outputs[0][1].json.leadScore as any).score).toBe(10);
	});

	it('puts the first segment of a nested Output Field first', async () => {
		const { outputs } = await runNode(ScoreLead, {
			parameters: { outputField: 'scoring.lead', includeExplanation: false, options: { asOf } },
			items: [{ email: 'dana@acme.io', scoring: { kept: true } }],
		});
		expect(outputs[0][0].json).toEqual({ scoring: { kept: true, lead: expect.objectContaining({ score: 10, topReasons: ['+10 Company email'] }) }, email: 'dana@acme.io' });
		expect(Object.keys(outputs[0][0].json)).toEqual(['scoring', 'email']);
	});

	it('with Flat Fields, the score fields lead the item, replacing the values of an earlier run', async () => {
		const { outputs } = await runNode(ScoreLead, {
			parameters: { output: 'flat', options: { asOf } },
			items: [{ email: 'dana@acme.io', jobTitle: 'VP Marketing', score: 3, grade: 'D' }],
		});
		const json = outputs[0][0].json;
		expect(Object.keys(json)).toEqual([
			'score',
			'grade',
			'scoreSummary',
			'topReasons',
			'scoreLabel',
			'fitScore',
			'engagementScore',
			'lastActivityAt',
			'decayFrom',
			'scoredAt',
			'scoreBounds',
			'scoreModel',
			'scoreExplanation',
			'email',
			'jobTitle',
		]);
		// senior title 20 + company email 10 = 30 (grade B), no engagement (level 4)
		expect(json).toMatchObject({ score: 30, grade: 'B', scoreSummary: '+20 Senior title, +10 Company email', topReasons: ['+20 Senior title', '+10 Company email'], scoreLabel: 'B4' });
	});

	it('as an AI Agent tool returns a compact result: score, grade, summary and top reasons first', async () => {
		const { outputs } = await runNode(ScoreLeadTool, {
			parameters: { toolLead: { jobTitle: 'VP Sales', email: 'kim@gmail.com', events: [{ type: 'demo_request', timestamp: asOf }] }, options: { asOf } },
			items: [{ toolCallId: 'call_1' }],
		});
		// senior title 20 - free email 10 = 10 (grade D); demo request 30 (level 2): 40, D2
		expect(outputs[0].map((i) => i.json)).toEqual([
			{
				score: 40,
				grade: 'D',
				summary: '+20 Senior title, -10 Free email, +30 Demo request',
				topReasons: ['+30 Demo request', '+20 Senior title', '-10 Free email'],
				label: 'D2',
				fitScore: 10,
				engagementScore: 30,
				model: 'B2B SaaS v1',
			},
		]);
		expect(Object.keys(outputs[0][0].json).slice(0, 4)).toEqual(['score', 'grade', 'summary', 'topReasons']);
	});

	it('builds a model from the rule builder', async () => {
		const { outputs } = await runNode(ScoreLead, {
			parameters: {
				modelSource: 'ui',
				fitRules: {
					rule: [
						{ label: 'Target size', field: 'company.size', operator: 'between', value: '50, 500', points: 15 },
						{ label: 'Free mail', field: 'email', operator: 'isFreeEmail', points: -10 },
					],
				},
				engagementRules: {
					rule: [{ label: 'Pricing', eventType: 'page_view', points: 10, propertyField: 'url', propertyOperator: 'contains', propertyValue: '/pricing', maxOccurrences: 2 }],
				},
				settings: { halfLifeDays: 0, engagementCap: 15 },
				output: 'flat',
				includeExplanation: false,
				options: { asOf },
			},
			items: [
				{
					email: 'a@gmail.com',
					company: { size: 120 },
					events: [
						{ type: 'page_view', url: '/pricing', timestamp: '2026-11-20' },
						{ type: 'page_view', url: '/pricing', timestamp: '2026-11-21' },
						{ type: 'page_view', url: '/pricing', timestamp: '2026-11-21' },
					],
				},
			],
		});
		// fit 15 - 10 = 5; engagement: at most 2 x 10 = 20, capped at 15; total 20
		expect(outputs[0][0].json).toMatchObject({ score: 20, fitScore: 5, engagementScore: 15, grade: 'D', scoreLabel: 'D3' });
		expect(outputs[0][0].json.scoreExplanation).toBeUndefined();
		expect(outputs[0][0].json.scoreSummary).toBe('+15 Target size, -10 Free mail, +15 Pricing x2 (capped from +20)');
	});

	it('scores each client with its own model from an expression, compiling each model once', async () => {
		const { outputs } = await runNode(ScoreLead, {
			parameters: { modelSource: 'json', modelJson: '={{ $json.model }}', options: { asOf } },
			items: [
				{ title: 'VP', model: jsonModel(5) },
				{ title: 'VP', model: jsonModel(7) },
				{ title: 'VP', model: jsonModel(5) },
			],
		});
		expect(outputs[0].map((i) => (i.json.leadScore as any).score)).toEqual([5, 7, 5]);
		expect(outputs[0].map((i) => (i.json.leadScore as any).model.name)).toEqual(['Client 5', 'Client 7', 'Client 5']);
	});

	it('fails before any item with a bad fixed model, naming the rule and the problem', async () => {
		const error = await runNodeError(ScoreLead, {
			parameters: {
				modelSource: 'json',
				modelJson: JSON.stringify({ name: 'bad', fitRules: [{ label: 'x', points: 1, when: { field: 'a', operator: 'greaterThan', value: 'ten' } }] }),
			},
			items: [{ a: 1 }],
		});
		expect(error.message).toBe('Invalid scoring model: fitRules[0] ("x").when.value: operator "greaterThan" needs a number');
		expect((error as any).context?.itemIndex).toBeUndefined();
	});

	it('stops on a bad item, naming the item and field', async () => {
		const error = await runNodeError(ScoreLead, {
			parameters: { options: { asOf } },
			items: [{ company: { employees: 100 } }, { company: { employees: 'many' } }],
		});
		expect(error.message).toBe('Item 1: Field "company.employees": expected a number, got "many"');
		expect((error as any).context?.itemIndex).toBe(1);
	});

	it('with Continue On Fail, the bad item carries its error and the rest go on', async () => {
		const { outputs } = await runNode(ScoreLead, {
			parameters: { options: { asOf } },
			continueOnFail: true,
			items: [{ company: { employees: 100 } }, { company: { employees: 'many' } }, { events: 'oops' }],
		});
		expect(outputs[0]).toHaveLength(3);
		expect((outputs[0][0].json.leadScore as any).score).toBe(15);
		expect(outputs[0][1].json.error).toMatchObject({ field: 'company.employees', expected: 'a number', itemIndex: 1 });
		expect(outputs[0][2].json.error).toMatchObject({ message: 'Item 2: Field "events": expected a list of events, got "oops"' });
		expect(outputs[0].map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('rolls leads up into accounts, with each lead or one item per account', async () => {
		const items = [
			{ email: 'a@acme.io', jobTitle: 'CEO', company: { domain: 'acme.io' } },
			{ email: 'b@acme.io', jobTitle: 'Engineer', company: { domain: 'ACME.io' }, events: [{ type: 'demo_request', timestamp: asOf }] },
			{ email: 'c@other.io', jobTitle: 'Engineer', company: { domain: 'other.io' } },
		];
		const withAccount = await runNode(ScoreLead, { parameters: { scope: 'leadsWithAccount', options: { asOf } }, items });
		// acme.io: best fit max(20 + 10, 10) = 30; engagement 0 + 30 = 30; total 60; 1 engaged contact of 2
		expect((withAccount.outputs[0][1].json.leadScore as any).account).toEqual({
			account: 'acme.io',
			fitScore: 30,
			engagementScore: 30,
			score: 60,
			grade: 'B',
			engagementLevel: '2',
			label: 'B2',
			contacts: 2,
			engagedContacts: 1,
		});
		const perAccount = await runNode(ScoreLead, { parameters: { scope: 'accounts', options: { asOf } }, items });
		expect(perAccount.outputs[0].map((i) => [i.json.account, i.json.score, i.pairedItem])).toEqual([
			['acme.io', 60, [{ item: 0 }, { item: 1 }]],
			['other.io', 10, [{ item: 2 }]],
		]);
	});
});

describe('Score Lead node error output', () => {
	it('sends bad items to the error output when On Error says so', async () => {
		const { outputs } = await runNode(ScoreLead, {
			parameters: { options: { asOf } },
			onError: 'continueErrorOutput',
			items: [{ company: { employees: 100 } }, { company: { employees: 'many' } }],
		});
		expect(outputs[0].map((i) => (i.json.leadScore as any).score)).toEqual([15]);
		expect(outputs[1]).toHaveLength(1);
		// The lead keeps its fields on the error output (n8n merges the paired input back in), plus the whole error.
		expect(outputs[1][0].json).toEqual({
			company: { employees: 'many' },
			error: {
				message: 'Item 1: Field "company.employees": expected a number, got "many"',
				itemIndex: 1,
				field: 'company.employees',
				expected: 'a number',
				node: 'Score Lead',
				nodeType: 'n8n-nodes-lead-scoring.scoreLead',
			},
		});
		expect(outputs[1][0].pairedItem).toEqual({ item: 1 });
	});
});

describe('Score Lead node defaults and builder checks', () => {
	it('ships a working example as the default JSON model', async () => {
		const { outputs } = await runNode(ScoreLead, {
			parameters: { modelSource: 'json', options: { asOf } },
			items: [{ jobTitle: 'VP Sales', email: 'v@gmail.com', events: [{ type: 'demo_request', timestamp: asOf }] }],
		});
		// VP title 30 - free mail 10 = 20 fit; demo request 25 engagement; total 45
		expect((outputs[0][0].json.leadScore as any).summary).toBe('+30 VP title, -10 Free mail, +25 Demo request');
		expect((outputs[0][0].json.leadScore as any).score).toBe(45);
	});

	it('refuses a rule builder without rules instead of scoring everyone 0', async () => {
		const error = await runNodeError(ScoreLead, { parameters: { modelSource: 'ui' }, items: [{}] });
		expect(error.message).toBe('Invalid scoring rules: add at least one fit rule or engagement rule (every lead would score 0)');
	});

	it('rounds to the decimal places set in the builder', async () => {
		const { outputs } = await runNode(ScoreLead, {
			parameters: {
				modelSource: 'ui',
				engagementRules: { rule: [{ label: 'Click', eventType: 'click', points: 10 }] },
				settings: { halfLifeDays: 3, decimals: 0 },
				options: { asOf },
			},
			items: [{ events: [{ type: 'click', timestamp: '2026-11-21T00:00:00Z' }] }],
		});
		// 10 x 0.5^(1/3) = 7.937 -> 8 with no decimals
		expect((outputs[0][0].json.leadScore as any).engagementScore).toBe(8);
	});
});

describe('Score Lead node account roll-ups', () => {
	const model = (points: number, key?: string) =>
		JSON.stringify({
			name: `M${points}`,
			...(key ? { account: { key } } : {}),
			fitRules: [{ label: 'VP', points, when: { field: 'title', operator: 'equals', value: 'VP' } }],
		});

	it('keeps one account per model even when models are compiled again (more than 64 per-client models)', async () => {
		// item 0 and item 65 share model M0 and account acme; 64 other models come between them
		const items = [
			{ title: 'VP', company: { domain: 'acme.io' }, m: model(0 + 1) },
			...Array.from({ length: 64 }, (_, k) => ({ title: 'VP', company: { domain: 'acme.io' }, m: model(k + 2) })),
			{ title: 'VP', company: { domain: 'acme.io' }, m: model(0 + 1) },
		];
		const { outputs } = await runNode(ScoreLead, { parameters: { modelSource: 'json', modelJson: '={{ $json.m }}', scope: 'accounts', options: { asOf } }, items });
		expect(outputs[0]).toHaveLength(65);
		const first = outputs[0].find((i) => (i.json.model as any).name === 'M1')!;
		expect(first.json).toMatchObject({ account: 'acme.io', contacts: 2, fitScore: 1 });
		expect(first.pairedItem).toEqual([{ item: 0 }, { item: 65 }]);
		const paired = outputs[0].flatMap((i) => (i.pairedItem as Array<{ item: number }>).map((p) => p.item)).sort((a, b) => a - b);
		expect(paired).toEqual(Array.from({ length: 66 }, (_, k) => k));
	});

	it("uses the model's account.key when the Account Key Field is empty, and gives keyless leads no account", async () => {
		const { outputs } = await runNode(ScoreLead, {
			parameters: { modelSource: 'json', modelJson: model(10, 'org'), scope: 'leadsWithAccount', options: { asOf } },
			items: [{ title: 'VP', org: 'Acme' }, { title: 'Dev', org: 'acme ' }, { title: 'VP' }],
		});
		// acme: best fit max(10, 0) = 10, two contacts; the third lead has no org
		expect((outputs[0][1].json.leadScore as any).account).toMatchObject({ account: 'acme', fitScore: 10, contacts: 2 });
		expect((outputs[0][2].json.leadScore as any).account).toBeNull();
		const perAccount = await runNode(ScoreLead, {
			parameters: { modelSource: 'json', modelJson: model(10, 'org'), scope: 'accounts', options: { asOf } },
			continueOnFail: true,
			items: [{ title: 'VP', org: 'Acme' }, { title: 'VP' }],
		});
		expect(perAccount.outputs[0].map((i) => i.json.account ?? (i.json.error as any).field)).toEqual(['org', 'acme']);
	});
});

describe('Score Lead node settings', () => {
	it('names a bad output path by its setting before any item', async () => {
		const error = await runNodeError(ScoreLead, { parameters: { outputField: 'x.__proto__' }, items: [{}] });
		expect(error.message).toBe('Invalid setting: Output Field: field path "x.__proto__" uses the reserved name "__proto__"');
	});
});
