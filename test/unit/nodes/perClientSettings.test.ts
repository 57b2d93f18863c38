/**
 * Settings per client, and expressions inside the builders: each item is scored, classified and routed with the
 * setting its own expressions give, compiled once per distinct setting (issue 16; issue 15, item 3).
 */
import { ClassifyStage } from '../../../nodes/ClassifyStage/ClassifyStage.node';
import { RouteToSales } from '../../../nodes/RouteToSales/RouteToSales.node';
import { ScoreLead } from '../../../nodes/ScoreLead/ScoreLead.node';
import { compiledSettings } from '../../../src/cache';
import { runNode, runNodeError } from '../../helpers/runNode';

const asOf = '2026-11-24T10:00:00Z';
const scores = (items: Array<{ json: any }>) => items.map((i) => i.json.leadScore?.fitScore);

beforeEach(() => compiledSettings.reset());

describe('expressions inside the builders are evaluated per item', () => {
	it('Score Lead: a fit rule value from the lead scores each lead against its own value, one compile per value', async () => {
		const { outputs } = await runNode(ScoreLead, {
			parameters: {
				modelSource: 'ui',
				fitRules: { rule: [{ label: 'Target industry', field: 'industry', operator: 'equals', value: '={{ $json.target }}', points: 10 }] },
				options: { asOf },
			},
			items: [
				{ industry: 'saas', target: 'saas' },
				{ industry: 'retail', target: 'retail' },
				{ industry: 'saas', target: 'retail' },
				{ industry: 'retail', target: 'retail' },
			],
		});
		// item 0's value ("saas") applied to item 1 would give 0; each lead matches its own target but the third.
		expect(scores(outputs[0])).toEqual([10, 10, 0, 10]);
		expect(compiledSettings.stats).toMatchObject({ compiles: 2, hits: 2 });
	});

	it('Classify Stage: a stage minimum from the lead, on one output per stage', async () => {
		const { outputs } = await runNode(ClassifyStage, {
			parameters: {
				ladderSource: 'ui',
				floorStage: 'Cold',
				stages: { stage: [{ name: 'Hot', minTotal: '={{ $json.threshold }}' }] },
				options: { asOf },
			},
			items: [
				{ leadScore: { score: 50 }, threshold: 40 },
				{ leadScore: { score: 50 }, threshold: 60 },
			],
		});
		// 50 >= 40: Hot; 50 < 60: Cold (item 0's threshold would make both Hot)
		expect(outputs.map((items) => items.map((i) => [i.pairedItem, (i.json.leadStage as any).stage]))).toEqual([
			[[{ item: 1 }, 'Cold']],
			[[{ item: 0 }, 'Hot']],
			[], // Failed
		]);
	});

	it('Route to Sales: a rule value from the lead picks each lead its own team', async () => {
		const { outputs } = await runNode(RouteToSales, {
			parameters: {
				reps: { rep: [{ id: 'loc', team: 'local' }, { id: 'rem', team: 'remote' }] },
				routingRules: { rule: [{ name: 'Home market', field: 'country', operator: 'equals', value: '={{ $json.homeCountry }}', team: 'local' }] },
				defaultTeam: 'remote',
				options: { asOf },
			},
			items: [
				{ country: 'DE', homeCountry: 'DE' },
				{ country: 'FR', homeCountry: 'FR' },
				{ country: 'FR', homeCountry: 'DE' },
			],
		});
		expect(outputs[0].map((i) => [i.pairedItem, (i.json.routing as any).owner, (i.json.routing as any).team])).toEqual([
			[{ item: 0 }, 'loc', 'local'],
			[{ item: 1 }, 'loc', 'local'],
			[{ item: 2 }, 'rem', 'remote'],
		]);
		expect(compiledSettings.stats).toMatchObject({ compiles: 2, hits: 1 });
	});

	it('Route to Sales: reps and SLA per client from expressions', async () => {
		const { outputs } = await runNode(RouteToSales, {
			parameters: { repsSource: 'json', repsJson: '={{ $json.reps }}', slaMinutes: '={{ $json.sla }}', options: { asOf } },
			items: [
				{ reps: [{ id: 'acme-ana' }], sla: 30 },
				{ reps: [{ id: 'globex-bo' }], sla: 60 },
				{ reps: [{ id: 'acme-ana' }], sla: 30 },
			],
		});
		// due: 10:00Z plus each client's SLA, round the clock
		expect(outputs[0].map((i) => [(i.json.routing as any).owner, (i.json.routing as any).sla.due])).toEqual([
			['acme-ana', '2026-11-24T10:30:00.000Z'],
			['globex-bo', '2026-11-24T11:00:00.000Z'],
			['acme-ana', '2026-11-24T10:30:00.000Z'],
		]);
	});
});

describe('settings read once per run', () => {
	it('refuse an expression that differs between items, naming the setting and both values, before any item', async () => {
		const error = await runNodeError(ScoreLead, {
			parameters: { outputField: '={{ $json.target }}', options: { asOf } },
			items: [{ target: 'score' }, { target: 'score' }, { target: 'other' }],
		});
		expect(error.message).toBe(
			'Invalid setting: Output Field: an expression here must give the same value for every item (it is read once per run); it gave "score" for item 0 and "other" for item 2',
		);
		expect((error as any).context?.itemIndex).toBeUndefined();
	});

	it('take an expression that gives every item the same value', async () => {
		const { outputs } = await runNode(ScoreLead, {
			parameters: { outputField: '={{ $json.target }}', includeExplanation: '={{ false }}', options: { asOf } },
			items: [{ target: 'score', jobTitle: 'VP Sales' }, { target: 'score' }],
		});
		expect(outputs[0].map((i) => [Object.keys(i.json), (i.json.score as any).explanation])).toEqual([
			[['score', 'target', 'jobTitle'], undefined],
			[['score', 'target'], undefined],
		]);
	});

	it('Route to Sales: a once-per-run option from an expression is checked for every item too', async () => {
		const error = await runNodeError(RouteToSales, {
			parameters: { reps: { rep: [{ id: 'ana' }] }, options: { asOf, outputField: '={{ $json.client }}' } },
			items: [{ client: 'acme' }, { client: 'globex' }],
		});
		expect(error.message).toBe(
			'Invalid setting: Output Field: an expression here must give the same value for every item (it is read once per run); it gave "acme" for item 0 and "globex" for item 1',
		);
	});
});

describe('a model per client', () => {
	const model = (name: string, points = 1) => ({ name, fitRules: [{ label: 'VP', points, when: { field: 'title', operator: 'equals', value: 'VP' } }] });

	it('compiles exactly one model per distinct client model: 200 clients interleaved over 10,000 leads', async () => {
		const models = Array.from({ length: 200 }, (_, k) => model(`Client ${k}`));
		const items = Array.from({ length: 10_000 }, (_, i) => ({ title: 'VP', model: models[i % 200] }));
		const { outputs } = await runNode(ScoreLead, { parameters: { modelSource: 'json', modelJson: '={{ $json.model }}', options: { asOf } }, items });
		expect(outputs[0]).toHaveLength(10_000);
		expect(outputs[0].every((item, i) => (item.json.leadScore as any).model.name === `Client ${i % 200}` && (item.json.leadScore as any).score === 1)).toBe(true);
		expect(compiledSettings.stats).toMatchObject({ compiles: 200, hits: 9_800, entries: 200, evictions: 0 });
	});

	it('shares one compiled copy between clients with the same model, and keeps it for the next run', async () => {
		const parameters = { modelSource: 'json', modelJson: '={{ $json.model }}', options: { asOf } };
		const items = [
			{ client: 'a', title: 'VP', model: model('Shared', 5) },
			{ client: 'b', title: 'VP', model: model('Shared', 5) },
		];
		await runNode(ScoreLead, { parameters, items });
		const { outputs } = await runNode(ScoreLead, { parameters, items });
		expect(outputs[0].map((i) => (i.json.leadScore as any).score)).toEqual([5, 5]);
		expect(compiledSettings.stats).toMatchObject({ compiles: 1, hits: 3 });
	});

	it("a bad client model fails only its client's leads, compiled once, naming the value by a short prefix", async () => {
		const bad = { name: 'Bad client', fitRules: [{ label: 'x', points: 1, when: { field: 'title', operator: 'greaterThan', value: 'ten' } }], note: 'y'.repeat(1_000_000) };
		const { outputs } = await runNode(ScoreLead, {
			parameters: { modelSource: 'json', modelJson: '={{ $json.model }}', options: { asOf } },
			continueOnFail: true,
			items: [
				{ title: 'VP', model: model('Good', 3) },
				{ title: 'VP', model: bad },
				{ title: 'VP', model: bad },
			],
		});
		expect((outputs[0][0].json.leadScore as any).score).toBe(3);
		// the first 60 characters of the model's JSON, never the megabyte of its note
		const prefix = '{"name":"Bad client","fitRules":[{"label":"x","points":1,"wh...';
		for (const [index, item] of [[1, outputs[0][1]], [2, outputs[0][2]]] as const) {
			expect((item.json.error as any).message).toBe(
				`Item ${index}: Invalid scoring model (value ${prefix}): fitRules[0] ("x").when.value: operator "greaterThan" needs a number; Unrecognized key: "note"`,
			);
		}
		expect(compiledSettings.stats).toMatchObject({ compiles: 2, hits: 1 });
	});
});
