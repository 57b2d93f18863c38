import axios from 'axios';
import type { IDataObject } from 'n8n-workflow';
import { importCredentials, useCredential, type CredentialJson } from './credentials';
import { createN8nHome, importWorkflows, publishWorkflow, waitForWebhook, type WorkflowJson } from './n8n';
import { startQueueServices, type QueueStack } from './queue';
import { startRedis, type RunningRedis } from './services';
import { loadTemplate } from './templateHelpers';
import { node, ours, webhook } from './workflows';

/**
 * Route to Sales where fair routing used to break: n8n 2.41.1 in queue mode (Redis, PostgreSQL, one main, two
 * workers), leads posted to published webhooks 20 at a time. Both packages installed, as a self-hosted user would:
 * the atomic Redis store is Route to Sales (Redis) from the companion n8n-nodes-lead-scoring-redis; the main package's
 * Route to Sales takes turns from n8n's own Redis node (the template queue-fair-turns.json) and stops, naming the
 * companion, in a workflow built for the store it no longer has. The turns live in a Redis of their own, so that
 * stopping it mid-run leaves n8n's queue running. About 5 minutes on 2 idle cores (17 on a loaded machine).
 */

const REPS = [
	{ id: 'ana', name: 'Ana' },
	{ id: 'ben', name: 'Ben' },
	{ id: 'cai', name: 'Cai' },
];
const WEIGHTED = [
	{ id: 'ana', name: 'Ana', weight: 2 },
	{ id: 'ben', name: 'Ben' },
	{ id: 'cai', name: 'Cai' },
];
// Ben is away for the leads whose `at` falls in [leads 60..119] (each lead is one minute after the one before).
const BASE = Date.UTC(2026, 11, 1, 9, 0);
const at = (i: number) => new Date(BASE + i * 60_000).toISOString();
const AWAY = [
	{ id: 'ana', name: 'Ana' },
	{ id: 'ben', name: 'Ben', outOfOffice: { from: at(60), to: at(120) } },
	{ id: 'cai', name: 'Cai' },
];

const turnStore: CredentialJson = { id: 'turnStoreRedis1', name: 'Turn store', type: 'leadScoringRedisApi', data: {} };
/** n8n's own Redis credential, for the template's Increment node: the same Redis as the turn store. */
const n8nRedis: CredentialJson = { id: 'turnCounterRedis1', name: 'Turn counter', type: 'redis', data: {} };
const COMPANION_TYPE = 'n8n-nodes-lead-scoring-redis.routeToSales';

/**
 * One published workflow (each publish is a CLI command of seconds): Webhook -> Switch on the lead's `scenario`
 * -> one Route to Sales per scenario (both outputs) -> Answer, so the webhook answers with the routed lead or its
 * error. Each Redis scenario has its own key prefix, so its rotation starts fresh.
 */
const SCENARIOS: Record<string, IDataObject> = {
	roundRobin: { repsJson: JSON.stringify(REPS), method: 'roundRobin', pointerStorage: 'redis', keyPrefix: 'e2e-rr' },
	weighted: { repsJson: JSON.stringify(WEIGHTED), method: 'weightedRoundRobin', pointerStorage: 'redis', keyPrefix: 'e2e-wrr' },
	away: { repsJson: JSON.stringify(AWAY), method: 'roundRobin', pointerStorage: 'redis', keyPrefix: 'e2e-away' },
	turnRr: { repsJson: JSON.stringify(REPS), method: 'roundRobin', pointerStorage: 'itemTurn', turnField: 'body.turn' },
	turnWrr: { repsJson: JSON.stringify(WEIGHTED), method: 'weightedRoundRobin', pointerStorage: 'itemTurn', turnField: 'body.turn' },
	outage: { repsJson: JSON.stringify(REPS), method: 'roundRobin', pointerStorage: 'redis', keyPrefix: 'e2e-outage' },
	// A workflow built before the store moved: the main package's node, Turn Storage Redis (Atomic).
	moved: { repsJson: JSON.stringify(REPS), method: 'roundRobin', pointerStorage: 'redis', keyPrefix: 'e2e-moved', main: true },
};
const NAMES = Object.keys(SCENARIOS);

function routingWorkflow(): WorkflowJson {
	const routes = NAMES.map((name) => {
		const { main, ...parameters } = SCENARIOS[name];
		const redis = parameters.pointerStorage === 'redis';
		const extra = { onError: 'continueRegularOutput', ...(redis ? useCredential(turnStore) : {}) };
		const all = { repsSource: 'json', options: { asOf: '={{ $json.body.at }}' }, ...parameters };
		return redis && !main ? node(`Route ${name}`, COMPANION_TYPE, all, extra) : ours(`Route ${name}`, 'routeToSales', all, extra);
	});
	const toAnswer = [{ node: 'Answer', type: 'main', index: 0 }];
	return {
		id: 'queueRouting1',
		name: 'Queue routing',
		nodes: [
			webhook('Lead In', 'queue-routing', 'hook-queue-routing'),
			node('Scenario', 'n8n-nodes-base.switch', { mode: 'expression', numberOutputs: NAMES.length, output: '={{ $json.body.scenario }}' }, { typeVersion: 3 }),
			...routes,
			node('Answer', 'n8n-nodes-base.noOp'),
		],
		connections: {
			'Lead In': { main: [[{ node: 'Scenario', type: 'main', index: 0 }]] },
			Scenario: { main: NAMES.map((name) => [{ node: `Route ${name}`, type: 'main', index: 0 }]) },
			...Object.fromEntries(NAMES.map((name) => [`Route ${name}`, { main: [toAnswer, toAnswer] }])),
		},
	};
}

interface Answer {
	body: { lead: number };
	routing?: { owner: string; reasons: string[]; status: string };
	error?: { message: string };
}

/** The template with its own webhook path and key, and the reps and method given (one published workflow each). */
function fairTurnsTemplate(id: string, reps: IDataObject[], method: string): WorkflowJson {
	const template = loadTemplate('queue-fair-turns.json');
	const key = `e2e-${id}:turn`;
	const nodes = template.nodes.map((n) => {
		if (n.name === 'Lead in') return { ...n, webhookId: `${String(n.webhookId).slice(0, -12)}${id.padStart(12, '0').slice(-12)}`, parameters: { ...(n.parameters as IDataObject), path: `fair-turns-${id}` } };
		if (n.name === 'Take a turn') return { ...n, parameters: { ...(n.parameters as IDataObject), key }, ...useCredential(n8nRedis) };
		if (n.name === 'Route to Sales') return { ...n, parameters: { ...(n.parameters as IDataObject), reps: { rep: reps }, method, turnField: key } };
		return n;
	});
	return { ...template, id: `tplFairTurns${id}`, name: `${template.name} ${id}`, nodes, pinData: {} };
}

describe('Route to Sales in n8n queue mode: one main, two workers, Redis turn store', () => {
	let stack: QueueStack | undefined;
	let turns: RunningRedis | undefined;

	beforeAll(async () => {
		const home = await createN8nHome({ companion: true });
		[stack, turns] = await Promise.all([startQueueServices(home), startRedis({ password: 'turns' })]);
		const where = { host: '127.0.0.1', port: turns.port, password: 'turns' };
		await importCredentials(stack.home, [
			{ ...turnStore, data: where },
			{ ...n8nRedis, data: { ...where, database: 0 } },
		]);
		const ids = await importWorkflows(stack.home, [routingWorkflow(), fairTurnsTemplate('Rr', REPS, 'roundRobin'), fairTurnsTemplate('Wrr', WEIGHTED, 'weightedRoundRobin')]);
		for (const id of ids) await publishWorkflow(stack.home, id);
		const main = await stack.startN8n({ workers: 2 });
		await Promise.all(['queue-routing', 'fair-turns-Rr', 'fair-turns-Wrr'].map((path) => waitForWebhook(main, path)));
		// The first executions on each worker load the nodes: warm both up (turns from the item keep no state).
		await post('turnRr', 4, (i) => ({ turn: i + 1 }), 4);
	}, 600_000);

	afterAll(async () => {
		await stack?.stop();
		await turns?.stop();
	});

	/** Posts leads 0..count-1 to a webhook, `concurrency` at a time; answers by lead number. */
	async function post(scenario: string, count: number, lead: (i: number) => IDataObject = () => ({}), concurrency = 20, path = 'queue-routing'): Promise<Answer[]> {
		const answers: Answer[] = new Array(count);
		let next = 0;
		const lane = async () => {
			while (next < count) {
				const i = next++;
				const body = { scenario: NAMES.indexOf(scenario), lead: i, at: at(i), ...lead(i) };
				const response = await axios.post(`${stack!.main!.baseUrl}/webhook/${path}`, body, { timeout: 180_000, validateStatus: () => true });
				if (response.status !== 200) throw new Error(`lead ${i}: HTTP ${response.status} ${JSON.stringify(response.data)}`);
				answers[i] = response.data as Answer;
			}
		};
		await Promise.all(Array.from({ length: concurrency }, lane));
		return answers;
	}

	const tally = (answers: Answer[]) => {
		const counts: Record<string, number> = {};
		for (const answer of answers) counts[answer.routing!.owner] = (counts[answer.routing!.owner] ?? 0) + 1;
		return counts;
	};

	/** The order the store handed turns out in: by the pointer before each pick, ties in list order. */
	const storeSequence = (answers: Answer[], reps: Array<{ id: string; weight?: number }>) =>
		answers
			.map((answer) => {
				const index = reps.findIndex((rep) => rep.id === answer.routing!.owner);
				const after = Number(/(?:turn|now) ([\d.]+)/.exec(answer.routing!.reasons.find((r) => r.startsWith('chose'))!)![1]);
				return { owner: answer.routing!.owner, before: after - 1 / (reps[index].weight ?? 1), index };
			})
			.sort((a, b) => a.before - b.before || a.index - b.index)
			.map((pick) => pick.owner);

	let roundRobin: Answer[] = [];
	let weighted: Answer[] = [];

	it('round robin over 3 reps: 200 leads, 20 at a time, all answered, exactly 67 / 67 / 66, every execution on a worker and both workers busy', async () => {
		const before = stack!.executionsByWorker().flat().length;
		roundRobin = await post('roundRobin', 200);
		expect(roundRobin.map((answer) => answer.body.lead)).toEqual([...Array(200).keys()]);
		expect(tally(roundRobin)).toEqual({ ana: 67, ben: 67, cai: 66 });
		const byWorker = stack!.executionsByWorker();
		expect(byWorker.flat().length - before).toBe(200);
		expect(new Set(byWorker.flat()).size).toBe(byWorker.flat().length);
		expect(byWorker.map((ids) => ids.length > 0)).toEqual([true, true]);
		// The main ran none: in queue mode it only enqueues.
		expect(stack!.main!.output()).not.toMatch(/Worker started execution/);
	});

	it('weighted round robin 2:1:1: exactly 100 / 50 / 50', async () => {
		weighted = await post('weighted', 200);
		expect(tally(weighted)).toEqual({ ana: 100, ben: 50, cai: 50 });
	});

	it('a rep out of office mid-run gets no lead while away, and takes turns again after', async () => {
		const answers = await post('away', 200);
		const benAt = answers.filter((answer) => answer.routing!.owner === 'ben').map((answer) => answer.body.lead);
		expect(benAt.filter((lead) => lead >= 60 && lead < 120)).toEqual([]);
		expect(benAt.filter((lead) => lead < 60).length).toBeGreaterThan(10);
		expect(benAt.filter((lead) => lead >= 120).length).toBeGreaterThan(10);
		expect(answers[70].routing!.reasons).toContainEqual(expect.stringMatching(/^skipped Ben: out of office until 2026-12-01/));
		const counts = tally(answers);
		expect(counts.ana + counts.ben + counts.cai).toBe(200);
	});

	it('turns taken from the item reproduce the store sequence, with no state', async () => {
		const rr = await post('turnRr', 200, (i) => ({ turn: i + 1 }));
		const wrr = await post('turnWrr', 200, (i) => ({ turn: i + 1 }));
		expect(rr.map((answer) => answer.routing!.owner)).toEqual(storeSequence(roundRobin, REPS));
		expect(wrr.map((answer) => answer.routing!.owner)).toEqual(storeSequence(weighted, WEIGHTED));
		expect(wrr.slice(0, 4).map((answer) => answer.routing!.owner)).toEqual(['ana', 'ben', 'cai', 'ana']);
	});

	it("the template's turns from n8n's own Redis node (Increment, main package only): 120 leads each, exactly 40 / 40 / 40 and 60 / 30 / 30, the store's sequence", async () => {
		const [rr, wrr] = await Promise.all([post('', 120, () => ({}), 20, 'fair-turns-Rr'), post('', 120, () => ({}), 20, 'fair-turns-Wrr')]);
		expect(tally(rr)).toEqual({ ana: 40, ben: 40, cai: 40 });
		expect(tally(wrr)).toEqual({ ana: 60, ben: 30, cai: 30 });
		// Turn n is the n-th Increment: sorted by turn, the owners are the store's sequence.
		const byTurn = (answers: Answer[]) =>
			answers
				.map((answer) => ({ owner: answer.routing!.owner, turn: Number(/for turn (\d+)/.exec(answer.routing!.reasons.find((r) => r.startsWith('chose'))!)![1]) }))
				.sort((a, b) => a.turn - b.turn);
		expect(byTurn(rr).map((pick) => pick.turn)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
		expect(byTurn(wrr).map((pick) => pick.owner)).toEqual(storeSequence(weighted, WEIGHTED).slice(0, 120));
	});

	it('a workflow built for Redis (Atomic) in the main package routes no lead: each fails, naming the companion package and the move', async () => {
		const answers = await post('moved', 3);
		for (const answer of answers) {
			expect(answer.routing).toBeUndefined();
			expect((answer.error as { message: string }).message).toMatch(
				/^Item 0: Turn Storage "Redis \(Atomic\)" has moved to the companion package n8n-nodes-lead-scoring-redis: no lead was routed\. Install it \(self-hosted n8n\) and use its node Route to Sales \(Redis\), type n8n-nodes-lead-scoring-redis\.routeToSales/,
			);
		}
	});

	it('stopping the turn store mid-run fails the remaining leads clearly, none lost, none silently given to a rep', async () => {
		const answers: Answer[] = [];
		const first = await post('outage', 40);
		answers.push(...first);
		await turns!.stop();
		const rest = await post('outage', 60, (i) => ({ lead: 40 + i }));
		answers.push(...rest);
		expect(answers.map((answer) => answer.body.lead)).toEqual([...Array(100).keys()]);
		expect(first.every((answer) => answer.routing?.status === 'assigned')).toBe(true);
		for (const answer of rest) {
			expect(answer.routing).toBeUndefined();
			expect(answer.error?.message).toMatch(/^Item 0: The turn store \(Redis\) is unavailable, so no rep was picked: Redis at 127\.0\.0\.1:\d+/);
		}
	});
});
