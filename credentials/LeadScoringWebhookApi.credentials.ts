import { createHmac } from 'crypto';
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

export const DEFAULT_SIGNATURE_HEADER = 'X-Signature-256';
export const TIMESTAMP_HEADER = 'X-Signature-Timestamp';

/**
 * Adds the auth header and, with a signing secret, `X-Signature-Timestamp: <Unix seconds>` and
 * `X-Signature-256: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`. The timestamp is signed with the body (as
 * Slack and Stripe do), so a captured request cannot be replayed once the receiver's freshness window has passed
 * (docs/route-to-sales.md shows the check). Every attempt is signed afresh.
 * Signing happens here because this is the last place that sees the request before it is sent: the body is made
 * final text first (objects are serialised once, here), so the signature covers exactly the bytes on the wire.
 */
export async function authenticateWebhook(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
	now: () => number = Date.now,
): Promise<IHttpRequestOptions> {
	const headers: Record<string, string> = { ...(requestOptions.headers as Record<string, string> | undefined) };
	const options: IHttpRequestOptions = { ...requestOptions, headers };
	if (credentials.authentication === 'header' && credentials.headerName) {
		headers[String(credentials.headerName)] = String(credentials.headerSecret ?? '');
	} else if (credentials.authentication === 'bearer' && credentials.token) {
		headers.Authorization = `Bearer ${String(credentials.token)}`;
	}
	if (credentials.signingSecret) {
		const body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body ?? {});
		options.body = body;
		if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
			headers['Content-Type'] = 'application/json; charset=utf-8';
		}
		const timestamp = String(Math.floor(now() / 1000));
		const signature = createHmac('sha256', String(credentials.signingSecret)).update(`${timestamp}.${body}`, 'utf8').digest('hex');
		headers[TIMESTAMP_HEADER] = timestamp;
		headers[String(credentials.signatureHeader || DEFAULT_SIGNATURE_HEADER)] = `sha256=${signature}`;
	}
	return options;
}

export class LeadScoringWebhookApi implements ICredentialType {
	name = 'leadScoringWebhookApi';

	displayName = 'Lead Scoring Webhook API';

	// The camelCase rule is for credentials inside the n8n repository; community credentials link a full URL.
	// eslint-disable-next-line n8n-nodes-base/cred-class-field-documentation-url-miscased
	documentationUrl = 'https://github.com/n8n-nodes-lead-scoring/n8n-nodes-lead-scoring/blob/main/docs/route-to-sales.md#the-credential';

	icon: Icon = { light: 'file:leadScoringWebhookApi.svg', dark: 'file:leadScoringWebhookApi.dark.svg' };

	properties: INodeProperties[] = [
		{
			displayName: 'Webhook URL',
			name: 'url',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://hooks.slack.com/services/T000/B000/XXXX',
			description:
				'Where hand-off messages are posted: a Slack or Microsoft Teams incoming webhook, or your own endpoint. Testing the credential posts a short test message there, so it shows in the channel.',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'options',
			options: [
				{ name: 'None', value: 'none', description: 'The URL itself is the secret (Slack and Teams webhooks)' },
				{ name: 'Header', value: 'header', description: 'Send a header such as X-API-Key' },
				{ name: 'Bearer Token', value: 'bearer', description: 'Send Authorization: Bearer <token>' },
			],
			default: 'none',
		},
		{
			displayName: 'Header Name',
			name: 'headerName',
			type: 'string',
			default: '',
			placeholder: 'X-API-Key',
			displayOptions: { show: { authentication: ['header'] } },
		},
		{
			displayName: 'Header Value',
			name: 'headerSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { authentication: ['header'] } },
		},
		{
			displayName: 'Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { authentication: ['bearer'] } },
		},
		{
			displayName: 'Signing Secret',
			name: 'signingSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'If set, each request carries X-Signature-Timestamp (Unix seconds) and an HMAC-SHA256 of "<timestamp>.<body>", hex-encoded as "sha256=...": the receiver checks it came from this workflow and rejects requests older than 5 minutes',
		},
		{
			displayName: 'Signature Header',
			name: 'signatureHeader',
			type: 'string',
			default: DEFAULT_SIGNATURE_HEADER,
			description: 'Header that carries the signature',
			// "exists" means not empty; a saved secret comes back to the editor masked, which is not empty either.
			displayOptions: { show: { signingSecret: [{ _cnd: { exists: true } }] } },
		},
	];

	authenticate = authenticateWebhook;

	// Posts a short, clearly labelled test message: webhooks accept only POST, and Slack and Teams answer 2xx to it.
	test: ICredentialTestRequest = {
		request: {
			url: '={{$credentials.url}}',
			method: 'POST',
			body: { text: 'n8n lead scoring: credential test (no lead was routed)', test: true },
		},
	};
}
