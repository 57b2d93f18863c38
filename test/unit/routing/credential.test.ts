import { NodeHelpers } from 'n8n-workflow';
import { LeadScoringWebhookApi } from '../../../credentials/LeadScoringWebhookApi.credentials';

describe('Lead Scoring Webhook API credential in the editor', () => {
	const shown = (values: Record<string, string>) =>
		new LeadScoringWebhookApi().properties
			.filter((p) => NodeHelpers.displayParameter({ url: 'https://hooks.example.com/x', authentication: 'none', ...values }, p, null, null))
			.map((p) => p.name);

	it('shows Signature Header only once a signing secret is set (or comes back masked)', () => {
		expect(shown({ signingSecret: '' })).toEqual(['url', 'authentication', 'signingSecret']);
		expect(shown({ signingSecret: 's3cret' })).toEqual(['url', 'authentication', 'signingSecret', 'signatureHeader']);
		expect(shown({ signingSecret: '__n8n_BLANK_VALUE_e5362baf-c777-4d57-a609-6eaf1f9e87f6' })).toContain('signatureHeader');
	});

	it('says that testing the credential posts to the channel', () => {
		const url = new LeadScoringWebhookApi().properties.find((p) => p.name === 'url')!;
		expect(url.description).toContain('Testing the credential posts a short test message there');
	});
});
