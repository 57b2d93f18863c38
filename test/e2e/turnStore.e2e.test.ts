import type { IDataObject } from 'n8n-workflow';
import { startFakeRedis, type FakeRedis } from '../unit/routing/respServer';
import { importCredentials, useCredential, type CredentialJson } from './credentials';
import { createN8nHome, executeWorkflow, importWorkflows, outputJson, type N8nHome } from './n8n';
import { chain, fixedItems, manualTrigger, node } from './workflows';

/**
 * Route to Sales (Redis), from the companion package n8n-nodes-lead-scoring-redis, in a real n8n 2.41.1 (`n8n execute`)
 * against a local server on 127.0.0.1 speaking RESP: with n8n's SSRF protection on, a Redis on a blocked address
 * gets no connection (so no AUTH); a Redis that accepts and never answers trips the breaker after 3 leads, and the
 * other leads fail at once, untried. About 60 s (two CLI runs, 15 s of them the three 5-s timeouts).
 */
const LEADS = Array.from({ length: 6 }, (_, i) => ({ email: `lead${i}@acme.io` }));
const credential: CredentialJson = { id: 'turnStoreFake1', name: 'Turn store', type: 'leadScoringRedisApi', data: {} };

function routing(id: string): ReturnType<typeof chain> {
	const route = node(
		'Route to Sales',
		'n8n-nodes-lead-scoring-redis.routeToSales',
		{ reps: { rep: [{ id: 'ana' }, { id: 'ben' }] }, method: 'roundRobin', pointerStorage: 'redis', options: { asOf: '2026-11-24T10:00:00Z' } },
		{ onError: 'continueRegularOutput', ...useCredential(credential) },
	);
	return chain(`Turn store ${id}`, [manualTrigger(), fixedItems('Leads', LEADS), route], id);
}

describe('Route to Sales (Redis) in a real n8n, against a Redis that is blocked or silent', () => {
	let home: N8nHome;
	let fake: FakeRedis;
	let ids: string[];

	beforeAll(async () => {
		// Silent: accepts connections and commands, never answers.
		fake = await startFakeRedis(() => undefined);
		home = await createN8nHome({ companion: true });
		await importCredentials(home, [{ ...credential, data: { host: '127.0.0.1', port: fake.port, password: 'secret' } }]);
		ids = await importWorkflows(home, [routing('turnStoreE2e1')]);
	}, 180_000);

	afterAll(async () => fake?.close());

	const failures = (result: Awaited<ReturnType<typeof executeWorkflow>>) =>
		outputJson(result, 'Route to Sales', 1).map((lead: IDataObject) => [lead.email, (lead.error as { message: string }).message.replace(String(fake.port), 'PORT')]);

	it("with N8N_SSRF_PROTECTION_ENABLED=true, a Redis on 127.0.0.1 gets no connection and no AUTH; every lead fails saying so", async () => {
		const result = await executeWorkflow({ ...home, env: { ...home.env, N8N_SSRF_PROTECTION_ENABLED: 'true' } }, ids[0]);
		expect(outputJson(result, 'Route to Sales', 0)).toEqual([]);
		const blocked = /^Item \d: The turn store's Redis at 127\.0\.0\.1:PORT is blocked by n8n's SSRF protection \(.+\): no connection was made and no lead was routed\./;
		expect(failures(result)).toEqual(LEADS.map((lead) => [lead.email, expect.stringMatching(blocked)]));
		expect(fake.connections).toBe(0);
		expect(fake.commands).toEqual([]);
	});

	it('a silent Redis: 3 leads time out, the 3 others fail at once, untried; none is given a rep', async () => {
		const result = await executeWorkflow(home, ids[0]);
		expect(outputJson(result, 'Route to Sales', 0)).toEqual([]);
		const timedOut = 'The turn store (Redis) is unavailable, so no rep was picked: Redis at 127.0.0.1:PORT did not answer within 5 s';
		const untried = "The turn store (Redis at 127.0.0.1:PORT) was not tried for this lead: it failed for 3 leads in a row, so the rest of this execution's leads are not routed (none was given a rep)";
		expect(failures(result)).toEqual(LEADS.map((lead, i) => [lead.email, `Item ${i}: ${i < 3 ? timedOut : untried}`]));
		// The first connection's AUTH timed out; each of the next two leads opened a connection whose AUTH timed out too.
		expect(fake.commands.map((command) => command[0])).toEqual(['AUTH', 'AUTH', 'AUTH']);
	});
});
