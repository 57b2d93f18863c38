import {
	NodeConnectionTypes,
	type ICredentialTestFunctions,
	type ICredentialsDecrypted,
	type INodeCredentialTestResult,
	type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { docsUrl } from '../shared/docs';
import { authenticationProperties, sourceProperty } from './actions/common';
import { kinds, router } from './actions/router';

/** Nothing to connect to (the vendor posts to n8n): the test says whether the secret can be used at all. */
async function leadIntakeSecretTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	const secret = String(credential.data?.secret ?? '');
	return secret.trim() === ''
		? { status: 'Error', message: 'The secret is empty' }
		: { status: 'OK', message: 'The secret is set; a post signed with another one will be refused' };
}

export class LeadIntake implements INodeType {
	methods = { credentialTest: { leadIntakeSecretTest } };

	description: INodeTypeDescription = {
		displayName: 'Lead Intake',
		name: 'leadIntake',
		icon: { light: 'file:leadIntake.svg', dark: 'file:leadIntake.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["source"] }}',
		description: "Turn a form tool's or email platform's webhook into leads, checking the vendor's signature",
		documentationUrl: docsUrl('lead-intake.md'),
		defaults: { name: 'Lead Intake' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Leads', 'Refused', 'Nothing to Store'],
		// It reads webhook posts; an AI Agent has none to give it.
		usableAsTool: undefined,
		credentials: [
			{
				name: 'leadIntakeSecretApi',
				required: true,
				testedBy: 'leadIntakeSecretTest',
				displayOptions: { show: { authentication: ['signature'] }, hide: { source: ['n8nForm'] } },
			},
		],
		properties: [sourceProperty, ...authenticationProperties, ...kinds.form.description, ...kinds.events.description],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}
