import { LeadIntake } from '../../../nodes/LeadIntake/LeadIntake.node';
import { runNode } from '../../helpers/runNode';
import { sendgridEvents, typeformResponse } from '../../helpers/vendorPayloads';
import { sendgridKeys, typeformHeaders } from '../../helpers/vendorSigning';

/** A post as n8n's Webhook node gives it with Raw Body on: parsed body, lower-case headers, the bytes as binary. */
function webhookItem(body: unknown, headers: Record<string, string>, raw = JSON.stringify(body)) {
	return {
		json: { headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])), params: {}, query: {}, body, webhookUrl: 'http://127.0.0.1/webhook/x', executionMode: 'production' },
		binary: { data: { data: Buffer.from(raw).toString('base64'), mimeType: 'application/json' } },
	};
}
const credentials = { leadIntakeSecretApi: { secret: 's3cret' } };

describe('Lead Intake in n8n', () => {
	it('Typeform: a signed post leaves on Leads as one lead record; a forged one on Refused with the reason, keeping its fields', async () => {
		const body = typeformResponse();
		const raw = JSON.stringify(body);
		const forged = webhookItem(body, typeformHeaders('guess', raw));
		const { outputs } = await runNode(LeadIntake, { parameters: { source: 'typeform' }, credentials, items: [webhookItem(body, typeformHeaders('s3cret', raw)), forged] });
		expect(outputs[0].map((i) => [i.json.email, i.json.name, (i.json.events as Array<{ eventId: string }>)[0].eventId, i.pairedItem])).toEqual([
			['grace@hopperlabs.io', 'Grace Hopper', 'a3a12ec67a1365927098a606107fac15', { item: 0 }],
		]);
		expect(outputs[1].map((i) => [i.json.refused, i.json.body, i.pairedItem])).toEqual([
			[{ source: 'Typeform', reason: 'Typeform-Signature does not match the body' }, body, { item: 1 }],
		]);
	});

	it('SendGrid: the public key checks the ECDSA signature; one delivery of events becomes its leads', async () => {
		const keys = sendgridKeys();
		const body = sendgridEvents();
		const raw = JSON.stringify(body);
		const { outputs } = await runNode(LeadIntake, {
			parameters: { source: 'sendgrid' },
			credentials: { leadIntakeSecretApi: { secret: keys.publicKey } },
			items: [webhookItem(body, keys.headers(raw, '1795338000'))],
		});
		expect(outputs[0].map((i) => [i.json.email, (i.json.events as Array<{ type: string }>).map((e) => e.type)])).toEqual([['priya@brightlabs.io', ['email_open', 'email_click']]]);
		expect(outputs[1]).toEqual([]);
	});

	it('a delivery of events that score nothing leaves on Nothing to Store, keeping its fields', async () => {
		const body = [sendgridEvents()[2]];
		const { outputs } = await runNode(LeadIntake, { parameters: { source: 'sendgrid', authentication: 'none' }, items: [{ body }] });
		expect(outputs.map((o) => o.map((i) => [i.json.body, i.json.ignoredEvents, i.pairedItem]))).toEqual([[], [], [[body, 1, { item: 0 }]]]);
	});

	it('a submission without email: on the error output naming the vendor and the field, with On Error "Continue (using error output)"', async () => {
		const body = typeformResponse();
		body.form_response.answers.shift();
		const { outputs } = await runNode(LeadIntake, { parameters: { source: 'typeform', authentication: 'none' }, onError: 'continueErrorOutput', items: [{ body }] });
		expect(outputs.slice(0, 3)).toEqual([[], [], []]);
		expect(outputs[3]).toHaveLength(1);
		const error = outputs[3][0].json.error as Record<string, unknown>;
		expect([error.vendor, error.field, String(error.message)]).toEqual(['Typeform', 'email', expect.stringMatching(/^Item 0: Typeform submission a3a12ec67a1365927098a606107fac15 has no email field/)]);
	});

	it('without On Error set, it stops the node naming the item, the vendor and the field', async () => {
		const { error } = await runNode(LeadIntake, { parameters: { source: 'webflow', authentication: 'none' }, items: [{ body: { payload: { data: { Name: 'x' }, id: 's9' } } }] });
		expect(error?.message).toMatch(/^Item 0: Webflow submission s9 has no email field/);
	});

	it('signature on but the Webhook node sends no raw body: the node says to turn Raw Body on', async () => {
		const { error } = await runNode(LeadIntake, { parameters: { source: 'tally' }, credentials, items: [{ body: {}, headers: {} }] });
		expect(error?.message).toBe('Item 0: no raw body to check the signature against');
	});

	it("n8n's Form Trigger needs no secret; the Field Table maps a renamed field in one place", async () => {
		const { outputs } = await runNode(LeadIntake, {
			parameters: { source: 'n8nForm', fieldTable: { row: [{ leadField: 'email', formFields: 'Your work address' }] } },
			items: [{ 'Your work address': 'ana@acme.io', Name: 'Ana', submittedAt: '2026-11-22T09:00:00.000Z', formMode: 'production' }],
		});
		expect(outputs[0].map((i) => [i.json.email, i.json.name])).toEqual([['ana@acme.io', 'Ana']]);
	});
});
