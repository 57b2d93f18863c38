import { brevo } from './brevo';
import { type FieldTable, type IntakeResult } from './lead';
import { mailchimp } from './mailchimp';
import { mailchimpTransactional } from './mailchimpTransactional';
import { n8nForm } from './n8nForm';
import { sendgrid } from './sendgrid';
import { site } from './site';
import {
	type SignedRequest,
	type Verdict,
	verifyMandrill,
	verifySendgrid,
	verifySharedSecret,
	verifyTally,
	verifyTypeform,
	verifyWebflow,
} from './signatures';
import { tally } from './tally';
import { typeform } from './typeform';
import { webflow } from './webflow';

export * from './lead';
export * from './signatures';
export { EVENT_TYPES } from './events';

export interface Vendor {
	label: string;
	/** Form tools map their fields through the field table; email platforms carry events. */
	kind: 'form' | 'events';
	normalise: (body: unknown, table: FieldTable, receivedAt: string) => IntakeResult;
	/** How a request is authenticated, or undefined for n8n's own form (n8n serves it). */
	verify?: (request: SignedRequest, secret: string, nowMs: number) => Verdict;
	/** What the secret in the credential is, for the docs and the error. */
	scheme?: string;
	/** The Source option's description, when the kind's default does not fit. */
	description?: string;
}

/** One entry per vendor, named after it: the node's Source options, in this order. */
export const VENDORS = {
	n8nForm: { label: 'n8n Form Trigger', kind: 'form', normalise: n8nForm },
	typeform: { label: 'Typeform', kind: 'form', normalise: typeform, verify: verifyTypeform, scheme: 'Typeform-Signature (HMAC-SHA256)' },
	tally: { label: 'Tally', kind: 'form', normalise: tally, verify: verifyTally, scheme: 'Tally-Signature (HMAC-SHA256)' },
	webflow: { label: 'Webflow', kind: 'form', normalise: webflow, verify: verifyWebflow, scheme: 'x-webflow-signature (HMAC-SHA256 with timestamp)' },
	sendgrid: { label: 'SendGrid', kind: 'events', normalise: (body, _t, at) => sendgrid(body, at), verify: (r, s) => verifySendgrid(r, s), scheme: 'Signed Event Webhook (ECDSA P-256)' },
	mailchimp: { label: 'Mailchimp', kind: 'events', normalise: (body, _t, at) => mailchimp(body, at), verify: (r, s) => verifySharedSecret(r, s), scheme: 'a shared secret in the URL (?secret=)' },
	mailchimpTransactional: {
		label: 'Mailchimp Transactional',
		kind: 'events',
		normalise: (body, _t, at) => mailchimpTransactional(body, at),
		verify: (r, s) => verifyMandrill(r, s),
		scheme: 'X-Mandrill-Signature (HMAC-SHA1 of URL and fields)',
	},
	brevo: { label: 'Brevo', kind: 'events', normalise: (body, _t, at) => brevo(body, at), verify: (r, s) => verifySharedSecret(r, s), scheme: 'a shared secret (Authorization: Bearer, or ?secret=)' },
	site: { label: 'Your Site (JSON)', kind: 'form', description: 'A form or tracker events your own site posts as JSON', normalise: site, verify: (r, s) => verifySharedSecret(r, s), scheme: 'a shared secret (Authorization: Bearer, or ?secret=)' },
} satisfies Record<string, Vendor>;

export type Source = keyof typeof VENDORS;
export const SOURCES = Object.keys(VENDORS) as Source[];
