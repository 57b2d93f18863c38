import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

/**
 * Where Route to Sales keeps turns that must hold across executions and queue-mode workers: a Redis server
 * (the one n8n's queue already uses will do). The fields are those of n8n's own Redis credential, so its values
 * copy over; n8n's community-node rules do not let a package reuse another package's credential. Route to Sales
 * tests it (connect, log in, select the database, PING).
 */
export class LeadScoringRedisApi implements ICredentialType {
	name = 'leadScoringRedisApi';

	displayName = 'Lead Scoring Redis API';

	// The camelCase rule is for credentials inside the n8n repository; community credentials link a full URL.
	// eslint-disable-next-line n8n-nodes-base/cred-class-field-documentation-url-miscased
	documentationUrl = 'https://github.com/n8n-nodes-lead-scoring/n8n-nodes-lead-scoring/blob/main/docs/route-to-sales.md#the-redis-credential';

	icon: Icon = { light: 'file:leadScoringRedisApi.svg', dark: 'file:leadScoringRedisApi.dark.svg' };

	properties: INodeProperties[] = [
		{ displayName: 'Host', name: 'host', type: 'string', default: 'localhost', required: true },
		{ displayName: 'Port', name: 'port', type: 'number', default: 6379, typeOptions: { minValue: 1, maxValue: 65535 } },
		{
			displayName: 'User',
			name: 'user',
			type: 'string',
			default: '',
			hint: 'Leave blank for password-only auth',
		},
		{ displayName: 'Password', name: 'password', type: 'string', typeOptions: { password: true }, default: '' },
		{
			displayName: 'Database Number',
			name: 'database',
			type: 'number',
			default: 0,
			typeOptions: { minValue: 0 },
			description: 'Redis database index; queue mode uses 0 for its own keys, which never clash with the turn keys',
		},
		{ displayName: 'SSL', name: 'ssl', type: 'boolean', default: false },
		{
			displayName: 'Disable TLS Verification (Insecure)',
			name: 'disableTlsVerification',
			type: 'boolean',
			default: false,
			description: 'Whether to accept a self-signed certificate',
			displayOptions: { show: { ssl: [true] } },
		},
	];
}
