import { RouteToSales } from '../../../nodes/RouteToSales/RouteToSales.node';
import { RouteToSalesRedis } from '../../../nodes/RouteToSales/routeToSalesRedis';
import type { INodeType } from 'n8n-workflow';
import { OPERATOR_OPTIONS } from '../../../nodes/shared/conditionBuilder';
import { runNode, runNodeError } from '../../helpers/runNode';

// Tuesday 2026-11-24 10:00Z.
const options = { asOf: '2026-11-24T10:00:00Z' };
const uiReps = {
	rep: [
		{ id: 'ana', name: 'Ana', team: 'EMEA', timeZone: 'Europe/Berlin' },
		{ id: 'ben', name: 'Ben', team: 'EMEA', timeZone: 'Europe/Berlin', outOfOfficeTo: '2026-12-01' },
		{ id: 'cai', name: 'Cai', team: 'EMEA', timeZone: 'Europe/Berlin' },
	],
};
const owners = (items: Array<{ json: any }>) => items.map((i) => i.json.routing.owner);

describe('Route to Sales node', () => {
	it('assigns in turn, pairs every item, and keeps the pointer in static data for production runs', async () => {
		const first = await runNode(RouteToSales, {
			parameters: { reps: uiReps, options },
			items: [{ email: 'a@x.io' }, { email: 'b@x.io' }, { email: 'c@x.io' }],
			mode: 'trigger',
		});
		expect(owners(first.outputs[0])).toEqual(['ana', 'cai', 'ana']);
		expect(first.outputs[0].map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(first.outputs[1]).toEqual([]);
		expect(first.outputs[0][1].json.routing).toMatchObject({
			status: 'assigned',
			skipped: [{ repId: 'ben', reason: 'outOfOffice', text: 'skipped Ben: out of office until 2026-12-01' }],
			// 15 minutes by default, round the clock: 10:15Z.
			sla: { due: '2026-11-24T10:15:00.000Z', minutes: 15, businessHours: false, timeZone: 'Europe/Berlin' },
		});
		const saved = Object.values(first.staticData)[0] as any;
		expect(saved.routingState.pointers).toEqual({ '': { ana: 2, ben: 1, cai: 1 } }); // Ben, away, raised to the others' level

		// n8n's static data is an observable proxy that structuredClone refuses; plain JSON is what n8n stores anyway.
		const second = await runNode(RouteToSales, { parameters: { reps: uiReps, options }, items: [{}], mode: 'trigger', staticData: JSON.parse(JSON.stringify(first.staticData)) });
		expect(owners(second.outputs[0])).toEqual(['cai']);
	});

	it('sends leads nobody can take to Unassigned, or to the fallback owner', async () => {
		const away = { rep: [{ id: 'ana', active: false }] };
		const none = await runNode(RouteToSales, { parameters: { reps: away, options }, items: [{ email: 'a@x.io' }] });
		expect(none.outputs[0]).toEqual([]);
		expect(none.outputs[1][0].json.routing).toMatchObject({ status: 'unassigned', owner: null });
		expect(none.outputs[1][0].pairedItem).toEqual({ item: 0 });
		const fallback = await runNode(RouteToSales, {
			parameters: { reps: away, options: { ...options, fallbackOwner: 'queue' } },
			items: [{}],
		});
		expect(fallback.outputs[0][0].json.routing).toMatchObject({ status: 'fallback', owner: 'queue' });
	});

	it('applies routing rules from the editor and reads reps from JSON', async () => {
		const reps = JSON.stringify([
			{ id: 'de', team: 'DACH' },
			{ id: 'us', team: 'US' },
		]);
		const { outputs } = await runNode(RouteToSales, {
			parameters: {
				repsSource: 'json',
				repsJson: reps,
				routingRules: { rule: [{ field: 'country', operator: 'in', value: 'DE,AT,CH', team: 'DACH' }] },
				defaultTeam: 'US',
				method: 'leastLoaded',
				options,
			},
			items: [{ country: 'at' }, { country: 'fr' }],
		});
		expect(owners(outputs[0])).toEqual(['de', 'us']);
	});

	it('carries the pointer on the item when asked, continuing from the previous item when one has none', async () => {
		const { outputs, staticData } = await runNode(RouteToSales, {
			parameters: { reps: uiReps, pointerStorage: 'item', pointerField: 'rr', options },
			items: [{ rr: { pointers: { '': { ana: 1, ben: 0, cai: 0 } } } }, {}],
			mode: 'trigger',
		});
		// Ben is away: the first lead goes to Cai (0), the second continues from the first's state (ana 1, cai 1).
		expect(owners(outputs[0])).toEqual(['cai', 'ana']);
		expect(outputs[0][1].json.rr).toEqual({ pointers: { '': { ana: 2, ben: 1, cai: 1 } } });
		expect(staticData).toEqual({});
	});

	it('fails before any item on bad reps, listing every problem by path', async () => {
		const error = await runNodeError(RouteToSales, {
			parameters: { repsSource: 'json', repsJson: '[{"id": "a", "weight": -1, "timeZone": "Moon/Base"}]', options },
			items: [{}],
		});
		expect(error.message).toBe('Invalid routing settings (2 problems)');
		expect((error as any).description).toBe('rep 1 "a": Weight: must be from 0.01 to 1,000,000\nrep 1 "a": Time Zone: expected an IANA time zone such as "Europe/Berlin"');
	});

	it('fails before any item on a hand-off field path that could reach the prototype', async () => {
		const error = await runNodeError(RouteToSales, {
			parameters: { repsSource: 'json', repsJson: '[{"id": "a"}]', notify: 'assigned', options: { ...options, activitiesField: 'constructor.prototype' } },
			items: [{}],
		});
		expect(error.message).toBe('Invalid setting: Activities Field: field path "constructor.prototype" uses the reserved name "constructor"');
		expect((error as any).context?.itemIndex).toBeUndefined();
	});

	it('with Continue On Fail, puts a lead without a key on Unassigned with the error and routes the rest', async () => {
		const { outputs } = await runNode(RouteToSales, {
			parameters: { reps: uiReps, method: 'sticky', options },
			items: [{ email: 'a@x.io' }, { name: 'no email' }],
			continueOnFail: true,
		});
		expect(outputs[0]).toHaveLength(1);
		expect(outputs[1][0].pairedItem).toEqual({ item: 1 });
		expect(outputs[1][0].json.error).toMatchObject({ field: 'email', message: expect.stringContaining('Item 1: Field "email": expected a lead key') });
	});

	it('a Score Field from an expression may differ per lead: each lead is read at its own path', async () => {
		const { outputs } = await runNode(RouteToSales, {
			parameters: { reps: uiReps, options: { ...options, scoreField: '={{ $json.flat ? "score" : "leadScore.score" }}' } },
			items: [{ flat: true, score: 90 }, { leadScore: { score: 30 } }],
		});
		// No stage: the priority follows the score, 90 -> P1 and 30 -> P3 (thresholds 80, 50, 20).
		expect(outputs[0].map((item) => (item.json.routing as { priority: unknown }).priority)).toEqual([
			{ level: 'P1', reason: 'score 90' },
			{ level: 'P3', reason: 'score 30' },
		]);
	});
});

describe('Route to Sales in the editor', () => {
	const hintsOf = (result: Awaited<ReturnType<typeof runNode>>) => result.run.data.resultData.runData['Route to Sales']?.[0]?.hints ?? [];

	it('says where the turn is kept after a run that kept it in static data (the measured truth), warns that a test run keeps nothing, and says nothing after other runs', async () => {
		const kept = await runNode(RouteToSales, { parameters: { reps: uiReps, options }, items: [{}], mode: 'webhook' });
		expect(hintsOf(kept)).toEqual([{ message: expect.stringContaining('workflow static data'), type: 'info', location: 'outputPane' }]);
		expect(hintsOf(kept)[0].message).toContain('in queue mode workers never see static data and every lead goes to the first rep');
		const testRun = await runNode(RouteToSales, { parameters: { reps: uiReps, options }, items: [{}], mode: 'manual' });
		expect(hintsOf(testRun)).toEqual([{ message: expect.stringMatching(/^This test run does not save the turn/), type: 'warning', location: 'outputPane' }]);

		const failed = await runNode(RouteToSales, { parameters: { reps: uiReps, options }, items: [{ leadScore: { score: 'high' } }] });
		expect(failed.error?.message).toContain('leadScore.score');
		expect(hintsOf(failed)).toEqual([]);

		const sticky = await runNode(RouteToSales, { parameters: { reps: uiReps, method: 'sticky', options }, items: [{ email: 'a@x.io' }] });
		const onItem = await runNode(RouteToSales, { parameters: { reps: uiReps, pointerStorage: 'item', options }, items: [{}] });
		expect([hintsOf(sticky), hintsOf(onItem)]).toEqual([[], []]);
	});

	it('warns when Least Loaded compares loads typed into the node, not when they are mapped from the CRM', async () => {
		const typed = await runNode(RouteToSales, { parameters: { reps: uiReps, method: 'leastLoaded', options }, items: [{}] });
		expect(hintsOf(typed)).toEqual([{ message: expect.stringMatching(/^Least Loaded compares each rep's Open Leads, and here they are numbers typed into the node/), type: 'warning', location: 'outputPane' }]);
		const mapped = { rep: [{ id: 'ana', openLeads: '={{ $json.loads.ana }}' }, { id: 'ben', openLeads: 3 }] };
		const fromCrm = await runNode(RouteToSales, { parameters: { reps: mapped, method: 'leastLoaded', options }, items: [{ loads: { ana: 5 } }] });
		expect(owners(fromCrm.outputs[0])).toEqual(['ben']);
		expect(hintsOf(fromCrm)).toEqual([]);
		const json = await runNode(RouteToSales, { parameters: { repsSource: 'json', repsJson: '={{ $json.reps }}', method: 'leastLoaded', options }, items: [{ reps: [{ id: 'x' }] }] });
		expect(hintsOf(json)).toEqual([]);
	});

	it('offers the rule operators of the other condition builders, and tests them as they do', async () => {
		const description = new RouteToSales().description;
		const ruleFields = (description.properties.find((p) => p.name === 'routingRules')!.options![0] as any).values;
		// alphabetical by label, as n8n's verification scanner requires
		expect(ruleFields.map((f: any) => f.name)).toEqual(['field', 'name', 'operator', 'team', 'value']);
		// the same list, in the same words, as Score Lead's and Classify Stage's builders
		expect(ruleFields[2].options).toBe(OPERATOR_OPTIONS);

		const reps = JSON.stringify([{ id: 'kam', team: 'Accounts' }, { id: 'web', team: 'Web' }]);
		const teamsFor = async (operator: string) => {
			const { outputs } = await runNode(RouteToSales, {
				parameters: { repsSource: 'json', repsJson: reps, routingRules: { rule: [{ field: 'company', operator, team: 'Accounts' }] }, defaultTeam: 'Web', method: 'leastLoaded', options },
				items: [{ company: 'Acme' }, { company: '' }, { company: null }, {}],
			});
			return owners(outputs[0]);
		};
		expect(await teamsFor('isNotEmpty')).toEqual(['kam', 'web', 'web', 'web']);
		expect(await teamsFor('isEmpty')).toEqual(['web', 'kam', 'kam', 'kam']);
		expect(await teamsFor('isCompanyEmail')).toEqual(['web', 'web', 'web', 'web']);
		// A workflow saved with the earlier words routes as before.
		expect(await teamsFor('exists')).toEqual(['kam', 'web', 'web', 'web']);
	});

	it("asks for the webhook credential only when it notifies; Redis only in the companion's Route to Sales (Redis), when the turns live there", () => {
		const webhook = { name: 'leadScoringWebhookApi', required: true, displayOptions: { show: { notify: ['assigned', 'all'] } } };
		expect(new RouteToSales().description.credentials).toEqual([webhook]);
		expect(new RouteToSalesRedis().description.credentials).toEqual([
			webhook,
			{ name: 'leadScoringRedisApi', required: true, testedBy: 'redisConnectionTest', displayOptions: { show: { pointerStorage: ['redis'] } } },
		]);
	});

	it('the companion node is this node with the Redis settings in place of the moved marker, and the same type name', () => {
		const names = (node: INodeType) => node.description.properties.map((p) => p.name);
		const main = names(new RouteToSales());
		const redis = names(new RouteToSalesRedis());
		expect(main.filter((name) => !redis.includes(name))).toEqual(['redisMovedNotice']);
		expect(redis.filter((name) => !main.includes(name))).toEqual(['keyPrefix', 'rotationScope']);
		expect(new RouteToSalesRedis().description).toMatchObject({ name: 'routeToSales', displayName: 'Route to Sales (Redis)', defaults: { name: 'Route to Sales' } });
	});

	describe('a workflow built for the Redis store, run by the main package', () => {
		const moved =
			/^Item 0: Turn Storage "Redis \(Atomic\)" has moved to the companion package n8n-nodes-lead-scoring-redis: no lead was routed\. Install it \(self-hosted n8n\) and use its node Route to Sales \(Redis\), type n8n-nodes-lead-scoring-redis\.routeToSales \(parameters and credential carry over\), or Turn Storage "Turn Number From Item" fed by n8n's Redis node \(Increment\); docs\/route-to-sales\.md, "Moved"$/;
		const parameters = { reps: uiReps, pointerStorage: 'redis', keyPrefix: 'old', options };
		const credentials = { leadScoringRedisApi: { host: '127.0.0.1', port: 1 } };

		it('stops at the first lead, naming the companion and the move (and the docs page on moving); never another rotation', async () => {
			const { error, outputs } = await runNode(RouteToSales, { parameters, credentials, items: [{ email: 'a@x.io' }, { email: 'b@x.io' }], mode: 'webhook' });
			expect(error?.message).toMatch(moved);
			expect(outputs).toEqual([]);
		});

		it('with On Error: Continue no lead is routed either, a kept owner included: each leaves on Unassigned with the error', async () => {
			const items = [{ email: 'a@x.io' }, { email: 'b@x.io', owner: 'ana' }];
			const keep = { ...parameters, options: { ...options, keepCurrentOwner: true } };
			const { outputs } = await runNode(RouteToSales, { parameters: keep, credentials, items, mode: 'webhook', continueOnFail: true });
			expect(outputs[0]).toEqual([]);
			expect(outputs[1].map((item) => [item.json.email, (item.json.error as { message: string }).message.replace(/^Item \d+/, 'Item 0')])).toEqual([
				['a@x.io', expect.stringMatching(moved)],
				['b@x.io', expect.stringMatching(moved)],
			]);
		});

		it('Fewest in Period too: its counters were in the store', async () => {
			const { error } = await runNode(RouteToSales, { parameters: { reps: uiReps, method: 'fewestInPeriod', options }, credentials, items: [{}], mode: 'webhook' });
			expect(error?.message).toMatch(/^Item 0: Method "Fewest in Period" keeps its counters in the Redis turn store, which has moved to the companion package n8n-nodes-lead-scoring-redis: no lead was routed\./);
		});
	});
});
