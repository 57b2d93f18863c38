import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

/**
 * The one secret Lead Intake checks a vendor's webhook with: what it is depends on the node's Source (a signing
 * secret, SendGrid's verification key, or a secret you make up for vendors that do not sign). Nothing is sent with
 * it: Lead Intake only receives, so its test (Lead Intake's leadIntakeSecretTest) checks the secret is usable.
 */
export class LeadIntakeSecretApi implements ICredentialType {
	name = 'leadIntakeSecretApi';

	displayName = 'Lead Intake Webhook API';

	// eslint-disable-next-line n8n-nodes-base/cred-class-field-documentation-url-miscased
	documentationUrl = 'https://github.com/n8n-nodes-lead-scoring/n8n-nodes-lead-scoring/blob/main/docs/lead-intake.md#the-webhook-secret';

	icon: Icon = { light: 'file:leadIntakeSecretApi.svg', dark: 'file:leadIntakeSecretApi.dark.svg' };

	properties: INodeProperties[] = [
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				"Typeform, Tally, Webflow: the webhook's signing secret. SendGrid: the Signed Event Webhook's verification key. Mailchimp Transactional: the webhook's key. Mailchimp audience and Brevo: a secret you choose, put in the webhook URL as ?secret=... (or Brevo's Bearer token).",
		},
	];
}
