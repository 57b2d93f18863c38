import { createHmac } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';
import { startWebhook } from '../unit/routing/webhookServer';
import { importCredentials, ownerSession, useCredential, type CredentialJson, type OwnerSession } from './credentials';
import { ADA, BOB, scoreLeadNode } from './fixtures';
import { createN8nHome, executeWorkflow, freePort, importWorkflows, outputItems, startN8n, type ExecutionResult, type N8nHome, type RunningN8n } from './n8n';
import { chain, fixedItems, manualTrigger, ours } from './workflows';

/**
 * Route to Sales' hand-off message and its credential inside a real n8n: the credential imported from the CLI
 * (decrypted data, encrypted by `n8n import:credentials`), the workflow run by `n8n execute`, and the message
 * received by a webhook on 127.0.0.1 that this test starts. Then the credential's test as the editor calls it:
 * owner set up, credential saved and tested through n8n's REST API.
 */
type Hook = Awaited<ReturnType<typeof startWebhook>>;

const TYPE = 'leadScoringWebhookApi';
const ROUTED_AT = '2026-11-24T10:00:00Z';
// As Of 10:00 + SLA 15 minutes, counted round the clock.
const SLA_DUE = '2026-11-24T10:15:00.000Z';
const TEST_BODY = '{"text":"n8n lead scoring: credential test (no lead was routed)","test":true}';

const ada = {
	...ADA,
	leadStage: { stage: 'SQL' },
	activities: [
		{ type: 'Webinar attended', at: '2026-11-20T15:00:00Z' },
		'Opened pricing email',
		{ type: 'Demo requested', at: '2026-11-21T09:30:00Z' },
	],
};

// Ada (see scoreLead.e2e): Demo request 25, Senior title 20, Company email 15, Pricing page 3 x 5 = 15 -> 75, grade B.
// The three largest; the tie at 15 goes to the explanation's order (fit rules before engagement rules). Activities: dated ones newest first, then the undated one.
const ADA_REASONS = ['+25 Demo request', '+20 Senior title', '+15 Company email'];
const ADA_ACTIVITIES = ['Demo requested (2026-11-21 09:30 UTC)', 'Webinar attended (2026-11-20 15:00 UTC)', 'Opened pricing email'];

/** The signature of a received request: HMAC-SHA256 of "<X-Signature-Timestamp>.<body>". */
const hmac = (secret: string, request: { headers: Record<string, unknown>; body: string }) =>
	`sha256=${createHmac('sha256', secret).update(`${String(request.headers['x-signature-timestamp'])}.${request.body}`, 'utf8').digest('hex')}`;

/** Manual Trigger -> the leads -> Score Lead -> Route to Sales (two reps, round robin) posting through `credential`. */
function handOffWorkflow(id: string, leads: IDataObject[], credential: CredentialJson, messageFormat: string, options: IDataObject = {}) {
	const route = ours(
		'Route to Sales',
		'routeToSales',
		{
			reps: { rep: [{ id: 'ana', name: 'Ana', email: 'ana@example.com' }, { id: 'ben', name: 'Ben', email: 'ben@example.com' }] },
			method: 'roundRobin',
			slaMinutes: 15,
			notify: 'assigned',
			messageFormat,
			options: { asOf: ROUTED_AT, ...options },
		},
		useCredential(credential),
	);
	return chain(`Notify ${id}`, [manualTrigger(), fixedItems('Leads', leads), scoreLeadNode(), route], id);
}

const routing = (run: ExecutionResult, output = 0) => outputItems(run, 'Route to Sales', output).map((item) => item.json.routing as IDataObject);

describe('Route to Sales posts the hand-off through its credential in a real n8n (CLI execute)', () => {
	let home: N8nHome;
	const hooks: Record<string, Hook> = {};
	const runs: Record<string, Promise<ExecutionResult>> = {};
	const run = (id: string) => (runs[id] ??= executeWorkflow(home, id));

	beforeAll(async () => {
		hooks.json = await startWebhook([[200]]);
		hooks.slack = await startWebhook([[200, {}, 'ok']]);
		// No Retry-After first (the node waits its 1 s backoff), then Retry-After: 0 (no wait), then accepted.
		hooks.retry = await startWebhook([[503, {}, 'busy'], [503, { 'Retry-After': '0' }, 'busy'], [200]]);
		hooks.failing = await startWebhook([[500, {}, 'boom']]);
		hooks.refusing = await startWebhook([[401, {}, 'bad token']]);
		hooks.elsewhere = await startWebhook([[200]]);
		hooks.redirecting = await startWebhook([[307, { Location: hooks.elsewhere.url }]]);
		const closedUrl = `http://127.0.0.1:${await freePort()}/hook`;

		const credential = (id: string, url: string, data: IDataObject = {}): CredentialJson => ({ id, name: `Hook ${id}`, type: TYPE, data: { url, ...data } });
		const bearer = credential('e2eCredBearer001', hooks.json.url, { authentication: 'bearer', token: 'tok-123', signingSecret: 'json-secret' });
		const header = credential('e2eCredHeader001', hooks.slack.url, {
			authentication: 'header',
			headerName: 'X-Api-Key',
			headerSecret: 'key-456',
			signingSecret: 'slack-secret',
			signatureHeader: 'X-Hub-Signature',
		});
		const retry = credential('e2eCredRetry0001', hooks.retry.url);
		const failing = credential('e2eCredFailing01', hooks.failing.url);
		const refused = credential('e2eCredRefused01', hooks.refusing.url, { authentication: 'bearer', token: 'expired' });
		const closed = credential('e2eCredClosed001', closedUrl);
		const redirected = credential('e2eCredRedirect1', hooks.redirecting.url, { authentication: 'header', headerName: 'X-Api-Key', headerSecret: 'key-789', signingSecret: 'redirect-secret' });

		home = await createN8nHome();
		await importCredentials(home, [bearer, header, retry, failing, refused, closed, redirected]);
		await importWorkflows(home, [
			handOffWorkflow('e2eNotifyJson001', [ada, BOB], bearer, 'json'),
			handOffWorkflow('e2eNotifySlack01', [{ ...ada, name: 'Ada <!channel>' }], header, 'slack'),
			handOffWorkflow('e2eNotifyRetry01', [ada], retry, 'json'),
			handOffWorkflow('e2eNotifyFail001', [ada, BOB], failing, 'json', { maxAttempts: 2 }),
			handOffWorkflow('e2eNotifyRefuse1', [ada], refused, 'json'),
			handOffWorkflow('e2eNotifyClosed1', [ada], closed, 'json', { maxAttempts: 1 }),
			handOffWorkflow('e2eNotifyRedir01', [ada], redirected, 'json'),
		]);
	});

	afterAll(async () => {
		await Promise.all(Object.values(hooks).map((hook) => hook.close()));
	});

	it('JSON format: who, score, grade, stage, reasons and SLA due, with a bearer token and an HMAC of the exact body', async () => {
		const result = await run('e2eNotifyJson001');
		expect(result.status).toBe('success');
		expect(routing(result).map((r) => [r.owner, r.notification])).toEqual([
			['ana', { status: 'sent', attempts: 1, statusCode: 200, error: null }],
			['ben', { status: 'sent', attempts: 1, statusCode: 200, error: null }],
		]);
		const [toAna, toBen] = hooks.json.received;
		expect(hooks.json.received).toHaveLength(2);
		// What every lead of this run shares: no rules or default team, so team "" (all reps).
		const handOff = (lead: IDataObject) => ({ event: 'lead.routed', team: '', status: 'assigned', slaDue: SLA_DUE, ...lead });
		expect(JSON.parse(toAna.body)).toEqual(
			handOff({
				lead: { name: 'Ada Lovelace', email: 'ada@acme.io' },
				owner: 'ana',
				repName: 'Ana',
				// Stage SQL comes first: P1.
				priority: 'P1',
				score: 75,
				grade: 'B',
				stage: 'SQL',
				topReasons: ADA_REASONS,
				recentActivities: ADA_ACTIVITIES,
			}),
		);
		// Bob: no stage, score 5 < 20: P4; round robin gives the second lead to Ben. His only contribution is one
		// pricing view (5); no activities.
		expect(JSON.parse(toBen.body)).toEqual(
			handOff({
				lead: { name: 'Bob Jones', email: 'bob@gmail.com' },
				owner: 'ben',
				repName: 'Ben',
				priority: 'P4',
				score: 5,
				grade: 'D',
				topReasons: ['+5 Pricing page'],
				recentActivities: [],
			}),
		);
		for (const request of hooks.json.received) {
			expect(request.headers).toMatchObject({
				authorization: 'Bearer tok-123',
				'content-type': 'application/json; charset=utf-8',
				'x-signature-256': hmac('json-secret', request),
			});
		}
	});

	it('Slack format: blocks with lead data escaped, a custom auth header and a custom signature header', async () => {
		const result = await run('e2eNotifySlack01');
		expect(result.status).toBe('success');
		expect(routing(result)[0].notification).toEqual({ status: 'sent', attempts: 1, statusCode: 200, error: null });
		const [request] = hooks.slack.received;
		expect(hooks.slack.received).toHaveLength(1);
		const plain = (text: string) => ({ type: 'plain_text', text, emoji: false });
		expect(JSON.parse(request.body)).toEqual({
			text: 'P1 lead for Ana: Ada &lt;!channel&gt;',
			mrkdwn: false,
			blocks: [
				{ type: 'header', text: plain('P1 lead for Ana: Ada <!channel>') },
				{
					type: 'section',
					fields: [plain('Owner: Ana'), plain('Email: ada@acme.io'), plain('Score: 75'), plain('Grade: B'), plain('Stage: SQL'), plain(`First contact due: ${SLA_DUE}`)],
				},
				{ type: 'section', text: plain(`Why\n${ADA_REASONS.map((r) => `\u2022 ${r}`).join('\n')}`) },
				{ type: 'section', text: plain(`Recent activity\n${ADA_ACTIVITIES.map((a) => `\u2022 ${a}`).join('\n')}`) },
			],
		});
		expect(request.headers['x-api-key']).toBe('key-456');
		expect(request.headers.authorization).toBeUndefined();
		expect(request.headers['x-hub-signature']).toBe(hmac('slack-secret', request));
		expect(request.headers['x-signature-256']).toBeUndefined();
	});

	it('retries 503 twice (backoff, then Retry-After: 0) and reports the third attempt as sent', async () => {
		const result = await run('e2eNotifyRetry01');
		expect(result.status).toBe('success');
		expect(routing(result)[0].notification).toEqual({ status: 'sent', attempts: 3, statusCode: 200, error: null });
		expect(hooks.retry.received).toHaveLength(3);
		// Every retry sends the same bytes.
		expect(new Set(hooks.retry.received.map((request) => request.body)).size).toBe(1);
	});

	it('a webhook that always fails keeps every lead on Assigned, carrying the status and the error', async () => {
		const result = await run('e2eNotifyFail001');
		expect(result.status).toBe('success');
		const failed = { status: 'failed', attempts: 2, statusCode: 500, error: 'HTTP 500: boom' };
		expect(routing(result).map((r) => [r.owner, r.notification])).toEqual([
			['ana', failed],
			['ben', failed],
		]);
		expect(outputItems(result, 'Route to Sales', 0).map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(outputItems(result, 'Route to Sales', 1)).toEqual([]);
		// Max Attempts 2, two leads.
		expect(hooks.failing.received).toHaveLength(4);
	});

	it('a 401 is not retried, neither by the node nor by n8n: one request, the lead carries the refusal', async () => {
		const result = await run('e2eNotifyRefuse1');
		expect(result.status).toBe('success');
		expect(routing(result)[0].notification).toEqual({ status: 'failed', attempts: 1, statusCode: 401, error: 'HTTP 401: bad token' });
		// n8n sends a request that failed with 401 once more (see the credential test below), but only when the
		// helper throws; the node reads every status itself, so the webhook sees exactly one.
		expect(hooks.refusing.received).toHaveLength(1);
	});

	it('a closed port fails the notification with the network error, not the lead', async () => {
		const result = await run('e2eNotifyClosed1');
		expect(result.status).toBe('success');
		const items = outputItems(result, 'Route to Sales', 0);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }]);
		expect((items[0].json.routing as IDataObject).owner).toBe('ana');
		expect((items[0].json.routing as IDataObject).notification).toEqual({
			status: 'failed',
			attempts: 1,
			statusCode: null,
			// n8n's request helper words ECONNREFUSED for people.
			error: 'The service refused the connection - perhaps it is offline',
		});
	});
	it('a 307 to another origin is not followed: the body, API key and signature never reach it; the lead carries why', async () => {
		const result = await run('e2eNotifyRedir01');
		expect(result.status).toBe('success');
		expect(routing(result)[0].notification).toEqual({
			status: 'failed',
			attempts: 1,
			statusCode: 307,
			error: `HTTP 307: the webhook redirects to "${hooks.elsewhere.url}"; redirects are not followed, so the message and its credentials stay with the configured URL. Put the final URL in the credential.`,
		});
		expect(hooks.redirecting.received).toHaveLength(1);
		expect(hooks.redirecting.received[0].headers['x-api-key']).toBe('key-789');
		expect(hooks.elsewhere.received).toEqual([]);
	});
});

describe("the webhook credential's test through n8n's REST API, as the editor calls it", () => {
	let n8n: RunningN8n | undefined;
	let session: OwnerSession;
	const hooks: Record<string, Hook> = {};

	beforeAll(async () => {
		hooks.ok = await startWebhook([[200, {}, 'ok']]);
		hooks.refusing = await startWebhook([[401, {}, 'bad token']]);
		n8n = await startN8n(await createN8nHome());
		session = await ownerSession(n8n);
	});

	afterAll(async () => {
		await n8n?.stop();
		await Promise.all(Object.values(hooks).map((hook) => hook.close()));
	});

	/** Saves the credential, then tests it with the same data, as the editor's Save does. */
	async function saveAndTest(url: string) {
		const data = { url, authentication: 'bearer', token: 'tok-789', signingSecret: 'test-secret' };
		const name = `Hook at ${url}`;
		const id = await session.createCredential({ name, type: TYPE, data });
		return session.testCredential({ id, name, type: TYPE, data });
	}

	it('succeeds when the webhook answers 200; the test message is signed and carries the token', async () => {
		expect(await saveAndTest(hooks.ok.url)).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(hooks.ok.received).toHaveLength(1);
		const [request] = hooks.ok.received;
		expect(request.body).toBe(TEST_BODY);
		expect(request.headers).toMatchObject({ authorization: 'Bearer tok-789', 'x-signature-256': hmac('test-secret', request) });
	});

	// The two failure messages are the ones n8n's credential tester (2.41) gives every credential with a request test:
	// the HTTP status text, or the network error code. A declarative test cannot word them otherwise.
	it('fails when the webhook answers 401, saying so', async () => {
		expect(await saveAndTest(hooks.refusing.url)).toEqual({ status: 'Error', message: 'Unauthorized' });
		// n8n itself sends a request that got 401 once more after re-running the credential's pre-authentication
		// (n8n-core's httpRequestWithAuthentication), so the webhook sees the test twice.
		expect(hooks.refusing.received.map((request) => request.body)).toEqual([TEST_BODY, TEST_BODY]);
	});

	it('fails when nothing listens at the URL, naming the network error', async () => {
		expect(await saveAndTest(`http://127.0.0.1:${await freePort()}/hook`)).toEqual({ status: 'Error', message: 'ECONNREFUSED' });
	});
});
