/**
 * Posting to the templates' Lead Intake webhooks as each vendor does: the body as bytes, signed with the secret or
 * key the test put in the node's credential (keys generated here), and the credentials picked in the nodes as a
 * user does after importing a template.
 */
import axios from 'axios';
import type { CredentialJson } from './credentials';
import type { RunningN8n, WorkflowJson } from './n8n';
import { mandrillHeaders, sendgridKeys, tallyHeaders, typeformHeaders, webflowHeaders } from '../helpers/vendorSigning';

const SENDGRID = sendgridKeys();

/** The secret of each source's credential (SendGrid: its verification key). */
export const SECRETS: Record<string, string> = {
	typeform: 'typeform-secret-1',
	tally: 'tally-secret-1',
	webflow: 'webflow-secret-1',
	site: 'site-secret-1',
	sendgrid: SENDGRID.publicKey,
	mailchimp: 'mailchimp-secret-1',
	mailchimpTransactional: 'mandrill-key-1',
	brevo: 'brevo-token-1',
};

export const intakeCredentials = (): CredentialJson[] =>
	Object.entries(SECRETS).map(([source, secret]) => ({
		id: `intake${source.slice(0, 10).padEnd(10, '0')}`,
		name: `Lead Intake (${source})`,
		type: 'leadIntakeSecretApi',
		data: { secret },
	}));

/** The template with each Lead Intake node's credential picked. */
export function withIntakeCredentials(template: WorkflowJson): WorkflowJson {
	const bySource = new Map(intakeCredentials().map((c) => [c.name.replace(/^Lead Intake \((.*)\)$/, '$1'), c]));
	const nodes = template.nodes.map((node) => {
		const source = String((node.parameters as { source?: string }).source);
		const credential = node.type === 'n8n-nodes-lead-scoring.leadIntake' ? bySource.get(source) : undefined;
		return credential ? { ...node, credentials: { leadIntakeSecretApi: { id: credential.id, name: credential.name } } } : node;
	});
	return { ...template, nodes };
}

export type Signing = 'signed' | 'unsigned' | 'forged';

/** POSTs raw bytes to a webhook path, signed as the vendor signs (or not, or with a wrong secret). */
export async function post(n8n: RunningN8n, source: string, path: string, body: unknown, signing: Signing = 'signed') {
	const form = typeof body === 'string';
	const raw = form ? body : JSON.stringify(body);
	const secret = signing === 'forged' ? 'not-the-secret' : SECRETS[source];
	const url = `${n8n.baseUrl}/webhook/${path}`;
	let headers: Record<string, string> = { 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json' };
	let query = '';
	if (signing !== 'unsigned') {
		switch (source) {
			case 'typeform': headers = { ...headers, ...typeformHeaders(secret, raw) }; break;
			case 'tally': headers = { ...headers, ...tallyHeaders(secret, raw) }; break;
			case 'webflow': headers = { ...headers, ...webflowHeaders(secret, raw, Date.now()) }; break;
			case 'sendgrid': {
				const timestamp = String(Math.floor(Date.now() / 1000));
				headers = { ...headers, ...(signing === 'forged' ? sendgridKeys() : SENDGRID).headers(raw, timestamp) };
				break;
			}
			case 'mailchimpTransactional': headers = { ...headers, ...mandrillHeaders(secret, url, raw) }; break;
			case 'brevo': case 'site': headers = { ...headers, authorization: `Bearer ${secret}` }; break;
			case 'mailchimp': query = `?secret=${encodeURIComponent(secret)}`; break;
		}
	}
	return axios.post(url + query, raw, { headers, timeout: 30_000, validateStatus: () => true, transformRequest: [(data) => data] });
}
