import { createHmac, createPublicKey, timingSafeEqual, verify } from 'crypto';

/** What a signature check needs from the request, as n8n's Webhook node gives it (with its Raw Body option on). */
export interface SignedRequest {
	/** Header names in lower case, as n8n gives them. */
	headers: Readonly<Record<string, unknown>>;
	query: Readonly<Record<string, unknown>>;
	/** The body exactly as sent: signatures cover these bytes, not the parsed JSON. */
	rawBody: Buffer;
	/** The URL the vendor posts to (Mailchimp Transactional signs it). */
	url: string;
}

/** Why a request is refused; undefined when it is accepted. */
export type Verdict = string | undefined;

/** How old a signed timestamp may be (Webflow asks for 5 minutes; a captured request cannot be replayed later). */
export const MAX_AGE_MS = 5 * 60 * 1000;

const header = (request: SignedRequest, name: string): string | undefined => {
	const value = request.headers[name.toLowerCase()];
	return typeof value === 'string' && value !== '' ? value : Array.isArray(value) ? String(value[0]) : undefined;
};

/** Constant-time equality of two texts, so a forger learns nothing from the time a refusal takes. */
export function sameText(a: string, b: string): boolean {
	const x = Buffer.from(a, 'utf8');
	const y = Buffer.from(b, 'utf8');
	return x.length === y.length && timingSafeEqual(x, y);
}

const hmac = (algorithm: string, secret: string, data: Buffer | string) => createHmac(algorithm, secret).update(data).digest();

/** Typeform-Signature: "sha256=" + base64 HMAC-SHA256 of the raw body. https://www.typeform.com/developers/webhooks/secure-your-webhooks/ */
export function verifyTypeform(request: SignedRequest, secret: string): Verdict {
	const signature = header(request, 'typeform-signature');
	if (!signature) return 'no Typeform-Signature header';
	return sameText(signature, `sha256=${hmac('sha256', secret, request.rawBody).toString('base64')}`) ? undefined : 'Typeform-Signature does not match the body';
}

/** Tally-Signature: base64 HMAC-SHA256 of the raw body. https://tally.so/help/webhooks */
export function verifyTally(request: SignedRequest, secret: string): Verdict {
	const signature = header(request, 'tally-signature');
	if (!signature) return 'no Tally-Signature header';
	return sameText(signature, hmac('sha256', secret, request.rawBody).toString('base64')) ? undefined : 'Tally-Signature does not match the body';
}

/**
 * x-webflow-signature: hex HMAC-SHA256 of "<x-webflow-timestamp>:<raw body>", the timestamp in milliseconds and at
 * most 5 minutes old; unsigned, the shared secret (?secret=). https://developers.webflow.com/data/docs/working-with-webhooks#validating-request-signatures
 */
export function verifyWebflow(request: SignedRequest, secret: string, nowMs: number): Verdict {
	const signature = header(request, 'x-webflow-signature');
	const timestamp = header(request, 'x-webflow-timestamp');
	// Webflow signs only webhooks an OAuth app (or the API) created; one added in the site's settings is unsigned
	// and authenticates with the shared secret in its URL instead.
	if (!signature && !timestamp) return verifySharedSecret(request, secret);
	if (!signature || !timestamp) return 'no x-webflow-signature or x-webflow-timestamp header';
	if (!/^\d+$/.test(timestamp) || Math.abs(nowMs - Number(timestamp)) > MAX_AGE_MS) return 'x-webflow-timestamp is more than 5 minutes from now';
	const expected = hmac('sha256', secret, Buffer.concat([Buffer.from(`${timestamp}:`), request.rawBody])).toString('hex');
	return sameText(signature, expected) ? undefined : 'x-webflow-signature does not match the body';
}

/**
 * SendGrid's Signed Event Webhook: X-Twilio-Email-Event-Webhook-Signature is a base64 ECDSA (P-256, SHA-256)
 * signature of "<X-Twilio-Email-Event-Webhook-Timestamp><raw body>", checked with the verification key SendGrid
 * shows (base64 DER, or PEM). https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/getting-started-event-webhook-security-features
 */
export function verifySendgrid(request: SignedRequest, publicKey: string): Verdict {
	const signature = header(request, 'x-twilio-email-event-webhook-signature');
	const timestamp = header(request, 'x-twilio-email-event-webhook-timestamp');
	if (!signature || !timestamp) return 'no X-Twilio-Email-Event-Webhook-Signature or -Timestamp header';
	let key;
	try {
		const trimmed = publicKey.trim();
		key = trimmed.includes('BEGIN PUBLIC KEY')
			? createPublicKey(trimmed)
			: createPublicKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'spki' });
	} catch {
		return 'the SendGrid verification key in the credential is not a public key (copy it from Mail Settings > Signed Event Webhook)';
	}
	const ok = verify('sha256', Buffer.concat([Buffer.from(timestamp), request.rawBody]), key, Buffer.from(signature, 'base64'));
	return ok ? undefined : 'X-Twilio-Email-Event-Webhook-Signature does not match the body';
}

/**
 * X-Mandrill-Signature: base64 HMAC-SHA1 of the webhook URL followed by each POST field's name and value, fields
 * sorted by name. https://mailchimp.com/developer/transactional/guides/track-respond-activity-webhooks/#authenticating-webhook-requests
 */
export function verifyMandrill(request: SignedRequest, key: string): Verdict {
	const signature = header(request, 'x-mandrill-signature');
	if (!signature) return 'no X-Mandrill-Signature header';
	const fields = [...new URLSearchParams(request.rawBody.toString('utf8')).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
	const signed = request.url + fields.map(([name, value]) => `${name}${value}`).join('');
	return sameText(signature, hmac('sha1', key, signed).toString('base64')) ? undefined : 'X-Mandrill-Signature does not match the URL and body (is the Signed URL the one entered in Mailchimp?)';
}

/**
 * For vendors that do not sign (Mailchimp audience, Brevo): a shared secret in the URL's `secret` query parameter
 * (Mailchimp can set nothing else) or as `Authorization: Bearer <secret>` (Brevo's webhook token).
 */
export function verifySharedSecret(request: SignedRequest, secret: string): Verdict {
	const query = request.query.secret;
	const bearer = /^Bearer\s+(.+)$/i.exec(header(request, 'authorization') ?? '')?.[1];
	const given = typeof query === 'string' ? query : bearer;
	if (given === undefined) return 'no secret (expected ?secret=... in the URL or an Authorization: Bearer header)';
	return sameText(given, secret) ? undefined : 'the secret does not match';
}
