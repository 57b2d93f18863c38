import type { ICredentialTestFunctions } from 'n8n-workflow';
import { RouteToSalesRedis } from '../../../nodes/RouteToSales/routeToSalesRedis';
import { redisConnectionTest } from '../../../nodes/RouteToSales/redisTurnStore';
import { runNode } from '../../helpers/runNode';
import { startFakeRedis, type FakeRedis } from './respServer';

/**
 * n8n's SSRF protection on (as N8N_SSRF_PROTECTION_ENABLED=true sets it; n8n reads it when its HTTP service is first
 * built, in this file after this line): loopback is blocked, so the turn store's Redis on 127.0.0.1 gets no connection,
 * no AUTH and no password, exactly as the webhook hand-off would get no request. Route to Sales (Redis) runs in n8n's
 * own engine, so the egress filter is n8n's.
 */
process.env.N8N_SSRF_PROTECTION_ENABLED = 'true';

describe("Route to Sales (Redis) obeys n8n's SSRF protection", () => {
	let fake: FakeRedis;
	beforeAll(async () => {
		fake = await startFakeRedis((command) => (command[0] === 'PING' ? '+PONG\r\n' : '+OK\r\n'));
	});
	afterAll(async () => fake.close());

	it('a blocked host: every lead fails saying so (the node stops at the first); the server saw no connection at all', async () => {
		const credentials = { leadScoringRedisApi: { host: '127.0.0.1', port: fake.port, password: 'secret' } };
		const parameters = { reps: { rep: [{ id: 'ana' }, { id: 'ben' }] }, pointerStorage: 'redis', options: { asOf: '2026-11-24T10:00:00Z' } };
		const blocked = new RegExp(
			`^Item \\d: The turn store's Redis at 127\\.0\\.0\\.1:${fake.port} is blocked by n8n's SSRF protection \\(.+\\): no connection was made and no lead was routed\\.`,
		);
		const stopped = await runNode(RouteToSalesRedis, { parameters, credentials, items: [{ email: 'a@x.io' }], mode: 'webhook' });
		expect(stopped.error?.message).toMatch(blocked);
		expect(stopped.outputs).toEqual([]);
		const kept = await runNode(RouteToSalesRedis, { parameters, credentials, items: [{ email: 'a@x.io' }, { email: 'b@x.io' }], mode: 'webhook', continueOnFail: true });
		expect(kept.outputs[0]).toEqual([]);
		expect(kept.outputs[1].map((item) => [item.json.email, (item.json.error as { message: string }).message])).toEqual([
			['a@x.io', expect.stringMatching(blocked)],
			['b@x.io', expect.stringMatching(blocked)],
		]);
		expect(fake.connections).toBe(0);
		expect(fake.commands).toEqual([]);
	});

	it('the credential test connects nowhere and says why (n8n gives credential tests no egress filter)', async () => {
		const result = await redisConnectionTest.call({} as ICredentialTestFunctions, { id: 'c', name: 'c', type: 'leadScoringRedisApi', data: { host: '127.0.0.1', port: fake.port, password: 'secret' } });
		expect(result).toEqual({ status: 'Error', message: expect.stringMatching(/^Not tested: n8n's SSRF protection is on/) });
		expect(fake.connections).toBe(0);
	});
});
