import { createHmac, generateKeyPairSync, sign } from 'crypto';

/** How each vendor signs a request (its docs page is beside the verifier in src/intake/signatures.ts). */
export const sign256 = (secret: string, data: string) => createHmac('sha256', secret).update(data).digest();

export const typeformHeaders = (secret: string, raw: string) => ({ 'Typeform-Signature': `sha256=${sign256(secret, raw).toString('base64')}` });
export const tallyHeaders = (secret: string, raw: string) => ({ 'Tally-Signature': sign256(secret, raw).toString('base64') });
export const webflowHeaders = (secret: string, raw: string, nowMs: number) => ({
	'x-webflow-timestamp': String(nowMs),
	'x-webflow-signature': sign256(secret, `${nowMs}:${raw}`).toString('hex'),
});
export const mandrillHeaders = (key: string, url: string, raw: string) => {
	const fields = [...new URLSearchParams(raw).entries()].sort(([a], [b]) => (a < b ? -1 : 1));
	return { 'X-Mandrill-Signature': createHmac('sha1', key).update(url + fields.map(([k, v]) => k + v).join('')).digest('base64') };
};

/** A SendGrid-style key pair: the public key as SendGrid shows it (base64 DER), the signer for the test's posts. */
export function sendgridKeys() {
	const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
	return {
		publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
		headers: (raw: string, timestamp: string) => ({
			'X-Twilio-Email-Event-Webhook-Timestamp': timestamp,
			'X-Twilio-Email-Event-Webhook-Signature': sign('sha256', Buffer.from(timestamp + raw), privateKey).toString('base64'),
		}),
	};
}
