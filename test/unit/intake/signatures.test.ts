import { type SignedRequest, VENDORS, verifySharedSecret } from '../../../src/intake';
import { mandrillHeaders, sendgridKeys, tallyHeaders, typeformHeaders, webflowHeaders } from '../../helpers/vendorSigning';

const NOW = Date.parse('2026-11-22T15:00:00Z');
const URL = 'https://n8n.example.com/webhook/lead-scoring/engagement/mailchimp-transactional';
const lower = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
const request = (raw: string, headers: Record<string, string>, query: Record<string, string> = {}): SignedRequest => ({ headers: lower(headers), query, rawBody: Buffer.from(raw), url: URL });
const check = (source: keyof typeof VENDORS, r: SignedRequest, secret: string, now = NOW) => (VENDORS[source] as { verify: (r: SignedRequest, s: string, n: number) => string | undefined }).verify(r, secret, now);

describe('each vendor signature: the signed request is accepted, a forged or altered one refused with the reason', () => {
	const raw = '{"a": 1, "b":"é"}';
	const altered = '{"a": 2, "b":"é"}';

	it.each([
		['typeform', typeformHeaders('s3cret', raw), 'Typeform-Signature does not match the body', 'no Typeform-Signature header'],
		['tally', tallyHeaders('s3cret', raw), 'Tally-Signature does not match the body', 'no Tally-Signature header'],
		['webflow', webflowHeaders('s3cret', raw, NOW - 1000), 'x-webflow-signature does not match the body', 'no secret (expected ?secret=... in the URL or an Authorization: Bearer header)'],
	] as const)('%s', (source, headers, mismatch, missing) => {
		expect(check(source, request(raw, headers), 's3cret')).toBeUndefined();
		expect(check(source, request(altered, headers), 's3cret')).toBe(mismatch);
		expect(check(source, request(raw, headers), 'other')).toBe(mismatch);
		expect(check(source, request(raw, {}), 's3cret')).toBe(missing);
	});

	it('webflow unsigned (a webhook added in the site settings): the shared secret in its URL', () => {
		expect(check('webflow', request(raw, {}, { secret: 's3cret' }), 's3cret')).toBeUndefined();
		expect(check('webflow', request(raw, {}, { secret: 'guess' }), 's3cret')).toBe('the secret does not match');
		expect(check('webflow', request(raw, { 'x-webflow-timestamp': String(NOW) }), 's3cret')).toBe('no x-webflow-signature or x-webflow-timestamp header');
	});

	it('webflow: a signature more than 5 minutes old is refused (replay)', () => {
		const headers = webflowHeaders('s3cret', raw, NOW - 5 * 60 * 1000 - 1);
		expect(check('webflow', request(raw, headers), 's3cret')).toBe('x-webflow-timestamp is more than 5 minutes from now');
		expect(check('webflow', request(raw, webflowHeaders('s3cret', raw, NOW - 5 * 60 * 1000)), 's3cret')).toBeUndefined();
	});

	it('sendgrid: ECDSA P-256 over timestamp + raw body with the public key, base64 DER or PEM', () => {
		const keys = sendgridKeys();
		const headers = keys.headers(raw, '1795338000');
		expect(check('sendgrid', request(raw, headers), keys.publicKey)).toBeUndefined();
		const pem = `-----BEGIN PUBLIC KEY-----\n${keys.publicKey}\n-----END PUBLIC KEY-----`;
		expect(check('sendgrid', request(raw, headers), pem)).toBeUndefined();
		expect(check('sendgrid', request(altered, headers), keys.publicKey)).toBe('X-Twilio-Email-Event-Webhook-Signature does not match the body');
		expect(check('sendgrid', request(raw, { ...headers, 'X-Twilio-Email-Event-Webhook-Timestamp': '1795338001' }), keys.publicKey)).toBe(
			'X-Twilio-Email-Event-Webhook-Signature does not match the body',
		);
		expect(check('sendgrid', request(raw, headers), sendgridKeys().publicKey)).toBe('X-Twilio-Email-Event-Webhook-Signature does not match the body');
		expect(check('sendgrid', request(raw, headers), 'not a key')).toMatch(/^the SendGrid verification key in the credential is not a public key/);
	});

	it('mailchimp transactional: HMAC-SHA1 of the URL and the sorted fields', () => {
		const body = new URLSearchParams({ mandrill_events: '[{"event":"click"}]', b: '2' }).toString();
		const headers = mandrillHeaders('k3y', URL, body);
		expect(check('mailchimpTransactional', request(body, headers), 'k3y')).toBeUndefined();
		expect(check('mailchimpTransactional', { ...request(body, headers), url: `${URL}/` }, 'k3y')).toMatch(/^X-Mandrill-Signature does not match the URL and body/);
	});

	it('shared secret (Mailchimp audience, Brevo): ?secret= or Authorization: Bearer, compared in constant time', () => {
		expect(verifySharedSecret(request(raw, {}, { secret: 'tok' }), 'tok')).toBeUndefined();
		expect(verifySharedSecret(request(raw, { Authorization: 'Bearer tok' }), 'tok')).toBeUndefined();
		expect(verifySharedSecret(request(raw, { Authorization: 'Bearer tok2' }), 'tok')).toBe('the secret does not match');
		expect(verifySharedSecret(request(raw, {}), 'tok')).toBe('no secret (expected ?secret=... in the URL or an Authorization: Bearer header)');
	});
});
