import { createHmac } from 'crypto';
import type { IHttpRequestOptions } from 'n8n-workflow';
import { authenticateWebhook, LeadScoringWebhookApi } from '../../../credentials/LeadScoringWebhookApi.credentials';
import { deliverMessage, type DeliveryOptions } from '../../../nodes/RouteToSales/notify';
import { postWith, startWebhook } from './webhookServer';

const recordSleeps = (): DeliveryOptions & { slept: number[] } => {
	const slept: number[] = [];
	return { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 30_000, timeoutMs: 2000, slept, sleep: async (ms) => void slept.push(ms) };
};

const message = { text: 'P1 lead for Ana: Jürgen <Müller> & Co', score: 82 };

describe('webhook delivery against a local server', () => {
	it('posts the exact JSON with a bearer token and an HMAC-SHA256 signature over the bytes received', async () => {
		const hook = await startWebhook([[200]]);
		try {
			const credentials = { url: hook.url, authentication: 'bearer', token: 't0k3n', signingSecret: 's3cret', signatureHeader: 'X-Signature-256' };
			const outcome = await deliverMessage(postWith(credentials), hook.url, message, recordSleeps());
			expect(outcome).toEqual({ status: 'sent', attempts: 1, statusCode: 200, error: null });
			expect(hook.received).toHaveLength(1);
			const [{ headers, body }] = hook.received;
			expect(body).toBe(JSON.stringify(message));
			expect(headers.authorization).toBe('Bearer t0k3n');
			expect(headers['content-type']).toBe('application/json; charset=utf-8');
			const timestamp = headers['x-signature-timestamp'] as string;
			expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
			const expected = createHmac('sha256', 's3cret').update(Buffer.from(`${timestamp}.${body}`, 'utf8')).digest('hex');
			expect(headers['x-signature-256']).toBe(`sha256=${expected}`);
		} finally {
			await hook.close();
		}
	});

	it('sends a custom auth header and no signature without a secret', async () => {
		const hook = await startWebhook([[204]]);
		try {
			const credentials = { url: hook.url, authentication: 'header', headerName: 'X-API-Key', headerSecret: 'k1' };
			const outcome = await deliverMessage(postWith(credentials), hook.url, message, recordSleeps());
			expect(outcome.status).toBe('sent');
			expect(hook.received[0].headers['x-api-key']).toBe('k1');
			expect(hook.received[0].headers['x-signature-256']).toBeUndefined();
		} finally {
			await hook.close();
		}
	});

	it('retries 503 and 429 with backoff (Retry-After wins) and then succeeds, signing every attempt alike', async () => {
		const hook = await startWebhook([[503], [429, { 'Retry-After': '2' }], [200]]);
		const options = recordSleeps();
		try {
			const outcome = await deliverMessage(postWith({ url: hook.url, signingSecret: 'x' }), hook.url, message, options);
			expect(outcome).toEqual({ status: 'sent', attempts: 3, statusCode: 200, error: null });
			// First wait: base 1000 ms; second: Retry-After 2 s.
			expect(options.slept).toEqual([1000, 2000]);
			// the same bytes every time, each attempt signed with its own timestamp
			expect(new Set(hook.received.map((r) => r.body)).size).toBe(1);
			for (const r of hook.received) {
				expect(r.headers['x-signature-256']).toBe(`sha256=${createHmac('sha256', 'x').update(`${r.headers['x-signature-timestamp']}.${r.body}`).digest('hex')}`);
			}
		} finally {
			await hook.close();
		}
	});

	it('gives up after the last attempt and reports the failure instead of throwing', async () => {
		const hook = await startWebhook([[500, {}, 'boom']]);
		const options = recordSleeps();
		try {
			const outcome = await deliverMessage(postWith({ url: hook.url }), hook.url, message, options);
			expect(outcome).toEqual({ status: 'failed', attempts: 3, statusCode: 500, error: 'HTTP 500: boom' });
			expect(hook.received).toHaveLength(3);
			expect(options.slept).toEqual([1000, 2000]);
		} finally {
			await hook.close();
		}
	});

	it('does not retry a client error', async () => {
		const hook = await startWebhook([[400, {}, 'invalid_payload']]);
		try {
			const outcome = await deliverMessage(postWith({ url: hook.url }), hook.url, message, recordSleeps());
			expect(outcome).toEqual({ status: 'failed', attempts: 1, statusCode: 400, error: 'HTTP 400: invalid_payload' });
			expect(hook.received).toHaveLength(1);
		} finally {
			await hook.close();
		}
	});

	it('retries a refused connection and reports the network error', async () => {
		const hook = await startWebhook([[200]]);
		await hook.close();
		const options = recordSleeps();
		const outcome = await deliverMessage(postWith({ url: hook.url }), hook.url, message, { ...options, maxAttempts: 2 });
		expect(outcome).toMatchObject({ status: 'failed', attempts: 2, statusCode: null });
		expect(outcome.error).toMatch(/ECONNREFUSED/);
		expect(options.slept).toEqual([1000]);
	});

	it("passes the credential's own test request, signed like a real message", async () => {
		const hook = await startWebhook([[200]]);
		try {
			const credential = new LeadScoringWebhookApi();
			const credentials = { url: hook.url, signingSecret: 'abc' };
			const request = await authenticateWebhook(credentials, {
				url: hook.url,
				method: 'POST',
				body: credential.test.request.body as IHttpRequestOptions['body'],
			});
			const response = await postWith({})(request);
			expect(response.statusCode).toBe(200);
			const [{ headers, body }] = hook.received;
			expect(JSON.parse(body)).toEqual({ text: 'n8n lead scoring: credential test (no lead was routed)', test: true });
			expect(headers['x-signature-256']).toBe(`sha256=${createHmac('sha256', 'abc').update(`${headers['x-signature-timestamp']}.${body}`).digest('hex')}`);
		} finally {
			await hook.close();
		}
	});
});
