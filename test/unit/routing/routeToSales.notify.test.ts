import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { RouteToSales } from '../../../nodes/RouteToSales/RouteToSales.node';
import { postWith, startWebhook } from './webhookServer';

/**
 * The test harness has no credentials yet, so this runs the node with a minimal hand-made context whose
 * httpRequestWithAuthentication applies the real credential and sends a real request.
 */
function fakeContext(parameters: IDataObject, items: IDataObject[], credentials: ICredentialDataDecryptedObject): IExecuteFunctions {
	const node = new RouteToSales();
	// Same-named properties differ by displayOptions (Turn Storage for Fewest in Period is Redis only); this
	// fake does not evaluate displayOptions, so it takes the first, general one of each name.
	const defaults = Object.fromEntries(node.description.properties.map((p) => [p.name, p.default]).reverse());
	const all: IDataObject = { ...defaults, ...parameters };
	const read = (name: string) => name.split('.').reduce<unknown>((value, key) => (value as IDataObject | undefined)?.[key], all);
	return {
		getInputData: () => items.map((json) => ({ json })),
		getNodeParameter: (name: string, _itemIndex: number, fallback?: unknown) => read(name) ?? fallback,
		getNode: () => ({ name: 'Route to Sales', parameters, type: 'routeToSales', typeVersion: 1, id: '1', position: [0, 0] }),
		continueOnFail: () => false,
		getWorkflowStaticData: () => ({}),
		getMode: () => 'trigger',
		getWorkflow: () => ({ id: 'wf', name: 'Notify', active: true }),
		addExecutionHints: () => undefined,
		getCredentials: async () => credentials,
		helpers: { httpRequestWithAuthentication: (_type: string, options: never) => postWith(credentials)(options) },
	} as unknown as IExecuteFunctions;
}

const lead = { email: 'jane@acme.io', name: 'Jane', leadScore: { score: 64, grade: 'B' } };
const parameters = (notify: string) => ({
	reps: { rep: [{ id: 'ana', name: 'Ana' }] },
	notify,
	messageFormat: 'json',
	options: { asOf: '2026-11-24T10:00:00Z' },
});

describe('Route to Sales notification', () => {
	it('posts the hand-off and records the outcome on the lead', async () => {
		const hook = await startWebhook([[200]]);
		try {
			const ctx = fakeContext(parameters('assigned'), [lead], { url: hook.url, signingSecret: 's' });
			const [assigned] = await new RouteToSales().execute.call(ctx);
			expect((assigned[0].json.routing as IDataObject).notification).toEqual({ status: 'sent', attempts: 1, statusCode: 200, error: null });
			expect(JSON.parse(hook.received[0].body)).toMatchObject({
				event: 'lead.routed',
				owner: 'ana',
				repName: 'Ana',
				score: 64,
				grade: 'B',
				// Score 64 is at least 50 and below 80: P2; 10:00Z + 15 minutes.
				priority: 'P2',
				slaDue: '2026-11-24T10:15:00.000Z',
			});
		} finally {
			await hook.close();
		}
	});

	it('keeps the lead on its output when the webhook refuses it, carrying the error', async () => {
		const hook = await startWebhook([[404, {}, 'no_service']]);
		try {
			const ctx = fakeContext(parameters('all'), [lead], { url: hook.url });
			const [assigned, unassigned] = await new RouteToSales().execute.call(ctx);
			expect(unassigned).toEqual([]);
			expect(assigned[0].pairedItem).toEqual({ item: 0 });
			expect((assigned[0].json.routing as IDataObject).notification).toEqual({
				status: 'failed',
				attempts: 1,
				statusCode: 404,
				error: 'HTTP 404: no_service',
			});
		} finally {
			await hook.close();
		}
	});
});
