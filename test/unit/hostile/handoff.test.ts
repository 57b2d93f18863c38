import { createHmac } from 'node:crypto';
import type { IDataObject, IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';
import { authenticateWebhook } from '../../../credentials/LeadScoringWebhookApi.credentials';
import { createDelivery, deliverMessage, type DeliveryOptions } from '../../../nodes/RouteToSales/notify';
import { RouteToSales } from '../../../nodes/RouteToSales/RouteToSales.node';
import { buildMessage, handOffFacts, serializeMessage, SLACK_LIMITS, type MessageFormat } from '../../../src/routing/message';
import { compileRouting, emptyRoutingState, routeLead } from '../../../src/routing/route';
import { runNodeError } from '../../helpers/runNode';
import { postWith, startWebhook } from '../routing/webhookServer';

const routing = compileRouting({ reps: [{ id: 'ana', name: 'Ana' }], sla: { minutes: 15 } });
const decisionFor = (lead: unknown) => routeLead(lead, routing, emptyRoutingState(), Date.UTC(2026, 10, 24, 10, 0)).decision;
const render = (format: MessageFormat, lead: IDataObject) => buildMessage(format, handOffFacts(lead, decisionFor(lead)));

/** Every object in a message, depth first. */
function objects(value: unknown, out: Array<Record<string, unknown>> = []): Array<Record<string, unknown>> {
	if (Array.isArray(value)) value.forEach((v) => objects(v, out));
	else if (value !== null && typeof value === 'object') {
		out.push(value as Record<string, unknown>);
		Object.values(value).forEach((v) => objects(v, out));
	}
	return out;
}

describe('hand-off messages render lead text literally (issue 15, item 5)', () => {
	it('Teams: a Markdown link in the name stays text in a TextRun', () => {
		const card = render('teams', { name: '[Verify your account](https://evil.example/login)' }) as any;
		const [headline] = card.attachments[0].content.body;
		expect(headline).toEqual({
			type: 'RichTextBlock',
			inlines: [{ type: 'TextRun', text: 'P4 lead for Ana: [Verify your account](https://evil.example/login)', weight: 'Bolder', size: 'Medium' }],
		});
		expect(objects(card).filter((o) => o.type === 'TextBlock' || o.type === 'FactSet')).toEqual([]);
	});

	it('Slack: a URL and *bold* in the name stay plain text; the fallback text is escaped and not mrkdwn', () => {
		const slack = render('slack', { name: 'https://evil.example/login *URGENT* <!channel>' }) as any;
		expect(slack.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'P4 lead for Ana: https://evil.example/login *URGENT* <!channel>', emoji: false } });
		expect(slack.text).toBe('P4 lead for Ana: https://evil.example/login *URGENT* &lt;!channel&gt;');
		expect(slack.mrkdwn).toBe(false);
		expect(objects(slack).filter((o) => o.type === 'mrkdwn')).toEqual([]);
	});

	it('JSON: markup characters are \\u-escaped in the body, and the body parses back to the same message', () => {
		const message = render('json', { name: '<script>alert(1)</script> & \u2028' });
		const body = serializeMessage('json', message);
		expect(body).toContain('"name":"\\u003cscript\\u003ealert(1)\\u003c/script\\u003e \\u0026"');
		expect(JSON.parse(body)).toEqual(JSON.parse(JSON.stringify(message)));
	});
});

describe('hand-off messages stay within each format\'s limits, cut after escaping (item 9)', () => {
	it('cuts the Slack header to 150 characters and keeps the escaped fallback within 3,000', () => {
		// the name is cut to 197 characters + "..." when read; the headline adds "P4 lead for Ana: " (17)
		const slack = render('slack', { name: '&'.repeat(500) }) as any;
		expect(slack.blocks[0].text.text).toBe(`P4 lead for Ana: ${'&'.repeat(132)}\u2026`);
		expect(slack.blocks[0].text.text).toHaveLength(150);
		// escaped: 17 + 197 x 5 ("&amp;") + 3 = 1,005 characters
		expect(slack.text).toBe(`P4 lead for Ana: ${'&amp;'.repeat(197)}...`);
	});

	it('for 10,000 generated hostile leads: no live markup from lead text, and every limit held', () => {
		let seed = 15;
		const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) / 0x1000000;
		const pieces = ['<!channel>', '<@U123>', '*bold*', '_it_', '~s~', '`code`', '[x](https://evil.example)', 'https://evil.example/login', '&amp;', '<b>', '</script>', '\u2028', '\u2029', '\ud83d\ude00', '\ud83d', '\n', ':skull:', '{{$json}}', '"\\', 'a'];
		const text = () => {
			let out = '';
			const length = Math.floor(random() ** 3 * 600);
			while (out.length < length) out += pieces[Math.floor(random() * pieces.length)];
			return out;
		};
		const slackTexts: Record<string, number> = {};
		const violations: string[] = [];
		for (let i = 0; i < 10_000; i++) {
			const contributions = Array.from({ length: 4 }, () => ({ label: text(), points: Math.floor(random() * 50) + 1, matches: 2 }));
			const lead = {
				name: text(),
				email: text(),
				company: text(),
				leadStage: { stage: text() },
				leadScore: { score: 80, grade: text(), explanation: { contributions } },
				activities: Array.from({ length: 7 }, () => ({ type: text(), at: '2026-11-20T10:00:00Z' })),
			};
			// plain checks, one expect at the end: 10,000 leads x dozens of objects
			const check = (ok: boolean, what: string) => {
				if (!ok && violations.length < 5) violations.push(`lead ${i}: ${what}`);
			};
			const slack = render('slack', lead) as any;
			check(slack.mrkdwn === false && !/[<>]/.test(slack.text) && slack.text.length <= SLACK_LIMITS.fallbackText, 'Slack fallback text');
			check(slack.blocks.length <= 50, 'Slack blocks');
			for (const o of objects(slack.blocks)) {
				if ('text' in o && typeof o.text === 'object') check((o.text as any).type === 'plain_text' && (o.text as any).emoji === false, 'Slack text object');
				if (o.type === 'header') check((o.text as any).text.length <= SLACK_LIMITS.header, 'Slack header');
				if (o.type === 'section' && o.text) check((o.text as any).text.length <= SLACK_LIMITS.sectionText, 'Slack section');
				if (o.type === 'section' && o.fields) {
					check((o.fields as unknown[]).length <= SLACK_LIMITS.fields, 'Slack field count');
					for (const f of o.fields as any[]) check(f.type === 'plain_text' && f.emoji === false && f.text.length <= SLACK_LIMITS.fieldText, 'Slack field');
				}
				slackTexts[String(o.type)] = (slackTexts[String(o.type)] ?? 0) + 1;
			}
			const teams = render('teams', lead) as any;
			for (const o of objects(teams.attachments[0].content.body)) check(o.type === 'RichTextBlock' || o.type === 'TextRun', `Teams ${String(o.type)}`);
			check(Buffer.byteLength(serializeMessage('teams', teams)) <= 28_000, 'Teams size');
			const body = serializeMessage('json', render('json', lead));
			check(!/[<>&\u2028\u2029]/.test(body) && Buffer.byteLength(body) <= 64_000, 'JSON body');
		}
		expect(violations).toEqual([]);
		// the checks saw what they check: plain_text everywhere, never mrkdwn
		expect(slackTexts.plain_text).toBeGreaterThan(80_000);
		expect(slackTexts.mrkdwn).toBeUndefined();
	}, 120_000);
});

describe('signatures carry a timestamp (item 7)', () => {
	// The receiver's check documented in docs/route-to-sales.md.
	function verify(secret: string, headers: Record<string, string>, rawBody: string, nowSeconds: number) {
		const timestamp = headers['X-Signature-Timestamp'];
		if (!/^\d+$/.test(timestamp ?? '') || Math.abs(nowSeconds - Number(timestamp)) > 300) return false;
		const expected = createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex');
		return String(headers['X-Signature-256']).replace(/^sha256=/, '') === expected;
	}

	it('signs "<timestamp>.<body>" and sends the timestamp; a replay is refused after 5 minutes', async () => {
		const sentAt = Date.UTC(2026, 10, 24, 10, 0, 0); // 1795514400 s
		const request = await authenticateWebhook({ signingSecret: 's3cret' }, { url: 'http://127.0.0.1/x', method: 'POST', body: '{"a":1}' }, () => sentAt + 999);
		const headers = request.headers as Record<string, string>;
		expect(headers['X-Signature-Timestamp']).toBe('1795514400');
		expect(headers['X-Signature-256']).toBe(`sha256=${createHmac('sha256', 's3cret').update('1795514400.{"a":1}').digest('hex')}`);
		expect(verify('s3cret', headers, '{"a":1}', 1795514400 + 300)).toBe(true);
		expect(verify('s3cret', headers, '{"a":1}', 1795514400 + 301)).toBe(false);
		expect(verify('s3cret', { ...headers, 'X-Signature-Timestamp': '1795514700' }, '{"a":1}', 1795514700)).toBe(false);
	});
});

describe('delivery: retry only what can succeed, one budget per execution, a circuit breaker (item 8)', () => {
	const clock = () => {
		let t = 0;
		return { now: () => t, advance: (ms: number) => (t += ms) };
	};
	const options = (c: ReturnType<typeof clock>, extra: Partial<DeliveryOptions> = {}): DeliveryOptions => ({
		maxAttempts: 3,
		baseDelayMs: 1000,
		maxDelayMs: 30_000,
		timeoutMs: 10_000,
		sleep: async (ms) => void c.advance(ms),
		now: c.now,
		budgetMs: 120_000,
		breakAfter: 5,
		...extra,
	});
	const failing = (c: ReturnType<typeof clock>, error: () => unknown, calls: IHttpRequestOptions[]) => async (request: IHttpRequestOptions): Promise<IN8nHttpFullResponse> => {
		calls.push(request);
		c.advance(request.timeout ?? 0);
		throw error();
	};
	const timeout = () => Object.assign(new Error('timeout of 10000ms exceeded'), { code: 'ECONNABORTED' });

	it('1,000 leads to a hanging hook: 5 leads tried (3 attempts each), the other 995 not sent at once', async () => {
		const c = clock();
		const calls: IHttpRequestOptions[] = [];
		const deliver = createDelivery(failing(c, timeout, calls), 'http://127.0.0.1:9/x', options(c, { budgetMs: 10 * 3_600_000 }));
		const outcomes = [];
		for (let i = 0; i < 1000; i++) outcomes.push(await deliver('{}'));
		expect(calls).toHaveLength(15);
		expect(outcomes.slice(0, 5).map((o) => [o.status, o.attempts])).toEqual(Array(5).fill(['failed', 3]));
		expect(outcomes[5]).toEqual({
			status: 'notSent',
			attempts: 0,
			statusCode: null,
			error: "not sent: the webhook failed for 5 leads in a row, so the rest of this execution's messages were skipped",
		});
		expect(outcomes.filter((o) => o.status === 'notSent')).toHaveLength(995);
		// 5 leads x (3 x 10 s timeouts + 1 s + 2 s backoff) = 165 s in all
		expect(c.now()).toBe(165_000);
	});

	it('stops within the execution budget: 120 s', async () => {
		const c = clock();
		const calls: IHttpRequestOptions[] = [];
		const deliver = createDelivery(failing(c, timeout, calls), 'http://127.0.0.1:9/x', options(c, { breakAfter: 1000 }));
		const outcomes = [];
		for (let i = 0; i < 10; i++) outcomes.push(await deliver('{}'));
		// lead 1: 10 + 1 + 10 + 2 + 10 = 33 s; leads 2, 3 likewise: 99 s; lead 4: 10 s + 1 s + 10 s (to 120 s), no time left to retry
		expect(outcomes.map((o) => o.status)).toEqual(['failed', 'failed', 'failed', 'failed', ...Array(6).fill('notSent')]);
		expect(outcomes[3]).toEqual({ status: 'failed', attempts: 2, statusCode: null, error: 'timeout of 10000ms exceeded (no time left to retry)' });
		expect(outcomes[4].error).toBe("not sent: this execution's delivery time (120 s) was spent");
		expect(c.now()).toBe(120_000);
	});

	it.each([
		['an invalid URL', () => Object.assign(new TypeError('Invalid URL'), { code: 'ERR_INVALID_URL' }), 1],
		['a blocked address', () => new Error('Request to 10.0.0.1 is blocked by the SSRF policy'), 1],
		['a reset connection', () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 3],
		['a wrapped refused connection', () => Object.assign(new Error('The service refused the connection - perhaps it is offline'), { cause: { code: 'ECONNREFUSED' } }), 3],
	])('%s: %s attempt(s)', async (_name, error, attempts) => {
		const c = clock();
		const calls: IHttpRequestOptions[] = [];
		const outcome = await deliverMessage(failing(c, error, calls), 'x', '{}', options(c));
		expect([outcome.status, outcome.attempts, calls.length]).toEqual(['failed', attempts, attempts]);
	});
});

describe('redirects are not followed with credentials (item 6)', () => {
	it('a 307 to another origin is a failed delivery; the other origin receives nothing', async () => {
		const elsewhere = await startWebhook([[200]]);
		const hook = await startWebhook([[307, { Location: elsewhere.url }]]);
		try {
			const credentials = { url: hook.url, authentication: 'bearer', token: 'secret-token', signingSecret: 's' };
			const outcome = await deliverMessage(postWith(credentials), hook.url, '{"a":1}', { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1, timeoutMs: 2000, sleep: async () => undefined });
			expect(outcome).toEqual({
				status: 'failed',
				attempts: 1,
				statusCode: 307,
				error: `HTTP 307: the webhook redirects to "${elsewhere.url}"; redirects are not followed, so the message and its credentials stay with the configured URL. Put the final URL in the credential.`,
			});
			expect(hook.received).toHaveLength(1);
			expect(elsewhere.received).toEqual([]);
		} finally {
			await Promise.all([hook.close(), elsewhere.close()]);
		}
	});
});

describe('Max Attempts (item 13)', () => {
	it('a non-numeric Max Attempts fails the node before any item, naming the setting', async () => {
		const error = await runNodeError(RouteToSales, {
			parameters: { reps: { rep: [{ id: 'ana' }] }, notify: 'assigned', options: { maxAttempts: '={{ "three" }}' } },
			items: [{ email: 'a@b.io' }],
		});
		expect(error.message).toBe('Invalid setting: Max Attempts: expected a whole number from 1 to 5, got "three"');
	});
});
