import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { type FieldTable, type SignedRequest, type Source, type Vendor, VENDORS, isRecord } from '../../../src/intake';
import { errorDetails } from '../../shared/execution';

/** The Source options, one per vendor, named after it (src/intake/index.ts holds each vendor's normaliser). */
export const sourceProperty: INodeProperties = {
	displayName: 'Source',
	name: 'source',
	type: 'options',
	noDataExpression: true,
	options: (Object.entries(VENDORS) as Array<[Source, Vendor]>).map(([value, vendor]) => ({
		name: vendor.label,
		value,
		action: `Read ${vendor.label} ${vendor.kind === 'form' ? 'submissions' : 'events'}`,
		description:
			vendor.description ??
			(vendor.kind === 'form' ? `A ${vendor.label} form submission, mapped through the field table` : `${vendor.label} events: opens, clicks, unsubscribes, bounces`),
	})),
	default: 'typeform',
};

const WEBHOOK_SOURCES = (Object.keys(VENDORS) as Source[]).filter((s) => s !== 'n8nForm');

export const authenticationProperties: INodeProperties[] = [
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		options: [
			{ name: "Vendor's Signature", value: 'signature', description: "Check the vendor's signature (or shared secret); refuse the rest" },
			{ name: 'None', value: 'none', description: 'Accept any post: anyone who knows the URL can add leads and events' },
		],
		default: 'signature',
		displayOptions: { show: { source: WEBHOOK_SOURCES } },
	},
	{
		displayName: "Turn on the Webhook node's Options > Raw Body: signatures cover the bytes as sent",
		name: 'rawBodyNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { source: WEBHOOK_SOURCES, authentication: ['signature'] } },
	},
	{
		displayName: 'Signed URL',
		name: 'signedUrl',
		type: 'string',
		default: '',
		placeholder: 'https://n8n.example.com/webhook/lead-scoring/engagement/mailchimp-transactional',
		description: "The webhook URL exactly as entered in Mailchimp Transactional, which signs it. Empty: the URL n8n received the post on.",
		displayOptions: { show: { source: ['mailchimpTransactional'], authentication: ['signature'] } },
	},
];

/** The request as the signature checks read it, from the Webhook node's item (Raw Body on). */
async function signedRequest(ctx: IExecuteFunctions, item: INodeExecutionData, itemIndex: number): Promise<SignedRequest> {
	if (!item.binary?.data) {
		throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: no raw body to check the signature against`, {
			itemIndex,
			description: "Turn on Raw Body in the Webhook node's Options (the signature covers the body exactly as sent), or set Authentication to None.",
		});
	}
	const json = item.json;
	const query = isRecord(json.query) ? (json.query as Record<string, unknown>) : {};
	const signedUrl = String(ctx.getNodeParameter('signedUrl', itemIndex, '') ?? '');
	const search = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString();
	return {
		headers: isRecord(json.headers) ? json.headers : {},
		query,
		rawBody: await ctx.helpers.getBinaryDataBuffer(itemIndex, 'data'),
		url: signedUrl || `${String(json.webhookUrl ?? '')}${search ? `?${search}` : ''}`,
	};
}

/**
 * Every input item leaves on exactly one output: its leads on Leads (several for a batch of events), a post whose
 * signature does not hold on Refused (for a Respond to Webhook node answering 401), a post of events that score
 * nothing (delivered, processed) on Nothing to Store, and a submission or event
 * without a usable email as an error naming the vendor and the field: on the error output with On Error
 * "Continue (using error output)", else it stops the node.
 */
export async function intake(ctx: IExecuteFunctions, table: (itemIndex: number) => FieldTable): Promise<INodeExecutionData[][]> {
	const source = ctx.getNodeParameter('source', 0) as Source;
	const vendor: Vendor = VENDORS[source];
	const leads: INodeExecutionData[] = [];
	const refused: INodeExecutionData[] = [];
	const nothing: INodeExecutionData[] = [];
	const items = ctx.getInputData();
	const authenticate = source !== 'n8nForm' && ctx.getNodeParameter('authentication', 0, 'signature') === 'signature';
	const secret = authenticate ? String((await ctx.getCredentials('leadIntakeSecretApi')).secret ?? '') : '';
	// The moment of the run: the time of an event the vendor does not date, and "now" for Webflow's freshness.
	const now = Date.now();
	const receivedAt = new Date(now).toISOString();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const item = items[itemIndex];
		const paired = { item: itemIndex };
		if (authenticate && vendor.verify) {
			const reason = vendor.verify(await signedRequest(ctx, item, itemIndex), secret, now);
			if (reason !== undefined) {
				refused.push({ json: { ...item.json, refused: { source: vendor.label, reason } }, pairedItem: paired });
				continue;
			}
		}
		const body = source === 'n8nForm' ? item.json : item.json.body;
		const result = vendor.normalise(body, table(itemIndex), receivedAt);
		for (const lead of result.leads) leads.push({ json: lead as unknown as IDataObject, pairedItem: paired });
		for (const failure of result.failures) {
			const error = new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${failure.message}`, {
				itemIndex,
				description: `${failure.vendor} field "${failure.field}": nothing was stored for it. Fix the form (or the Field Table) and have it sent again.`,
			});
			if (!ctx.continueOnFail()) throw error;
			const details = { ...errorDetails(ctx, failure.message, itemIndex), vendor: failure.vendor, field: failure.field, source };
			const json: IDataObject = ctx.getNode().onError === 'continueErrorOutput' ? { error: details } : { ...item.json, error: details };
			leads.push({ json, pairedItem: paired });
		}
		if (result.leads.length === 0 && result.failures.length === 0) {
			// Only events that score nothing (delivered, processed...): nothing to store, but the post is not dropped.
			nothing.push({ json: { ...item.json, ignoredEvents: result.ignored }, pairedItem: paired });
		}
	}
	return [leads, refused, nothing];
}
