import { DEFAULT_FIELD_TABLE, VENDORS, fieldTable } from '../../../src/intake';
import {
	brevoMarketing,
	brevoTransactional,
	mailchimpSubscribe,
	mailchimpUpemail,
	mandrillEvents,
	sendgridEvents,
	tallyResponse,
	typeformResponse,
	webflowSubmission,
} from '../../helpers/vendorPayloads';

const AT = '2026-11-22T15:00:00.000Z';
const form = (text: string) => Object.fromEntries(new URLSearchParams(text));
const run = (source: keyof typeof VENDORS, body: unknown, table = DEFAULT_FIELD_TABLE) => VENDORS[source].normalise(body, table, AT);

describe('form tools: one lead record per submission', () => {
	it('Typeform: answers by ref with typed values, hidden fields kept, submitted_at and token', () => {
		expect(run('typeform', typeformResponse())).toEqual({
			leads: [
				{
					email: 'grace@hopperlabs.io',
					name: 'Grace Hopper',
					firstName: 'Grace',
					lastName: 'Hopper',
					jobTitle: 'VP of Engineering',
					company: { name: 'Hopper Labs', employees: 250, industry: null },
					country: null,
					consent: true,
					fields: { products: ['Scoring', 'Routing'], utm_campaign: 'webinar' },
					events: [{ type: 'form_submit', timestamp: '2026-11-22T09:00:00.000Z', url: null, campaign: 'Talk to sales', source: 'typeform', eventId: 'a3a12ec67a1365927098a606107fac15' }],
				},
			],
			failures: [],
			ignored: 0,
		});
	});

	it('Tally: fields by label, a dropdown and checkboxes read as their option text, createdAt and responseId', () => {
		const { leads } = run('tally', tallyResponse());
		expect(leads).toEqual([
			{
				email: 'linus@fjordtech.no',
				name: 'Linus Berg',
				firstName: null,
				lastName: null,
				jobTitle: 'Head of Sales',
				company: { name: 'Fjord Tech', employees: 120, industry: null },
				country: null,
				consent: null,
				fields: { question_3jZaa7: ['Scoring', 'Routing'] },
				events: [{ type: 'form_submit', timestamp: '2026-11-22T10:00:00.000Z', url: null, campaign: 'Book a demo', source: 'tally', eventId: '2wgx4n' }],
			},
		]);
	});

	it.each([
		['lower-case', { email: 'margaret@apollosys.com' }],
		['capitalised', { email: undefined, Email: 'Margaret@ApolloSys.com' }],
		['spaced upper case', { email: undefined, 'E-MAIL': ' margaret@apollosys.com ' }],
	])('Webflow: payload.data names in any capitalisation (%s email)', (_case, data) => {
		const { leads } = run('webflow', webflowSubmission('6321ca84df3949bfc6752327', data));
		expect(leads.map((l) => [l.email, l.name, l.jobTitle, l.company, l.events[0].eventId, l.events[0].timestamp])).toEqual([
			['margaret@apollosys.com', 'Margaret Hamilton', 'Director of Operations', { name: 'Apollo Systems', employees: 1200, industry: null }, '6321ca84df3949bfc6752327', '2026-11-22T11:00:00.000Z'],
		]);
	});

	it("n8n's Form Trigger: fields by name, submittedAt; the email and moment identify it", () => {
		const { leads } = run('n8nForm', { name: 'Priya Patel', email: 'Priya@BrightLabs.io', jobTitle: 'VP of Sales', company: 'Bright Labs', employees: 400, submittedAt: '2026-11-22T09:00:00.000+00:00', formMode: 'production' });
		expect(leads[0]).toMatchObject({ email: 'priya@brightlabs.io', name: 'Priya Patel', jobTitle: 'VP of Sales', company: { name: 'Bright Labs', employees: 400, industry: null }, fields: {} });
		expect(leads[0].events).toEqual([{ type: 'form_submit', timestamp: '2026-11-22T09:00:00.000Z', url: null, campaign: null, source: 'n8n-form', eventId: 'priya@brightlabs.io:2026-11-22T09:00:00.000Z' }]);
	});

	it('the field table: a row replaces its default line; a renamed field is found, the old name is kept as unmapped', () => {
		const table = fieldTable({ email: ['contact_mail'] });
		const { leads } = run('webflow', webflowSubmission('x', { email: 'not used', contact_mail: 'm@apollo.io' }), table);
		expect(leads[0].email).toBe('m@apollo.io');
		expect(leads[0].fields).toEqual({ email: 'not used' });
	});

	it.each([
		['typeform', () => { const b = typeformResponse(); b.form_response.answers.shift(); return b; }, 'Typeform submission a3a12ec67a1365927098a606107fac15 has no email field'],
		['tally', () => { const b = tallyResponse('r1', '   '); return b; }, 'Tally submission r1: the email field holds "   ", not an address'],
		['webflow', () => webflowSubmission('s1', { email: '' }), 'Webflow submission s1: the email field holds "", not an address'],
		['n8nForm', () => ({ name: 'No Mail', submittedAt: AT }), 'n8n Form submission has no email field'],
	] as const)('%s without a usable email: no lead, a failure naming the vendor and the field', (source, body, message) => {
		const result = run(source, body());
		expect(result.leads).toEqual([]);
		expect(result.failures).toHaveLength(1);
		expect(result.failures[0].field).toBe('email');
		expect(result.failures[0].message.startsWith(message)).toBe(true);
	});
});

describe('your site (JSON): a form with its tracker events, or events alone', () => {
	it('a demo form with a page view: the profile through the table, demo_request at submittedAt, the page view kept', () => {
		const { leads } = run('site', { email: 'Grace@Northwind.io', firstName: 'Grace', lastName: 'Hopper', jobTitle: 'VP Engineering', company: 'Northwind', employees: '1200', industry: 'Software', form: 'demo', submittedAt: '2026-11-22T09:00:00Z', events: [{ type: 'page_view', url: 'https://www.example.com/pricing', timestamp: '2026-10-23T09:00:00Z' }] });
		expect(leads).toEqual([
			{
				email: 'grace@northwind.io', name: 'Grace Hopper', firstName: 'Grace', lastName: 'Hopper', jobTitle: 'VP Engineering', company: { name: 'Northwind', employees: 1200, industry: 'Software' }, country: null, consent: null, fields: {},
				events: [
					{ type: 'demo_request', timestamp: '2026-11-22T09:00:00.000Z', url: null, campaign: 'demo', source: 'site', eventId: 'grace@northwind.io:2026-11-22T09:00:00.000Z' },
					{ type: 'page_view', timestamp: '2026-10-23T09:00:00.000Z', url: 'https://www.example.com/pricing', campaign: null, source: 'site', eventId: 'grace@northwind.io:page_view:2026-10-23T09:00:00.000Z:https://www.example.com/pricing' },
				],
			},
		]);
	});

	it('tracker events { email, type, url, timestamp }: grouped by lead, their own eventId kept', () => {
		const { leads } = run('site', [{ email: 'a@x.io', type: 'page_view', url: 'https://x.io/pricing', timestamp: '2026-11-22T09:00:00Z', eventId: 'pv1' }, { email: 'a@x.io', type: 'webinar_attended', timestamp: '2026-11-22T10:00:00Z' }]);
		expect(leads.map((l) => [l.email, l.events.map((e) => [e.type, e.eventId])])).toEqual([['a@x.io', [['page_view', 'pv1'], ['webinar_attended', 'a@x.io:webinar_attended:2026-11-22T10:00:00.000Z:']]]]);
	});
});

describe('email platforms: events grouped by lead, each with the vendor id', () => {
	it('SendGrid: open and click kept by sg_event_id, delivered counted as ignored', () => {
		expect(run('sendgrid', sendgridEvents())).toEqual({
			leads: [
				expect.objectContaining({
					email: 'priya@brightlabs.io',
					events: [
						{ type: 'email_open', timestamp: '2026-11-22T09:00:00.000Z', url: null, campaign: 'nurture', source: 'sendgrid', eventId: 'c2FtcGxlLW9wZW4tMQ' },
						{ type: 'email_click', timestamp: '2026-11-22T09:01:00.000Z', url: 'https://www.example.com/pricing', campaign: 'nurture', source: 'sendgrid', eventId: 'c2FtcGxlLWNsaWNrLTE' },
					],
				}),
			],
			failures: [],
			ignored: 1,
		});
	});

	it('SendGrid group_resubscribe is a resubscribe; an event without email is a failure, the rest go on', () => {
		const result = run('sendgrid', [{ email: 'a@x.io', timestamp: 1795338000, event: 'group_resubscribe', sg_event_id: 'r1' }, { timestamp: 1795338000, event: 'open', sg_event_id: 'o1' }]);
		expect(result.leads.map((l) => [l.email, l.events.map((e) => e.type)])).toEqual([['a@x.io', ['resubscribe']]]);
		expect(result.failures).toEqual([{ vendor: 'SendGrid', field: 'email', message: 'SendGrid event o1: email holds nothing, not an address' }]);
	});

	it('Mailchimp audience: names from merges FNAME/LNAME, fired_at as UTC, the subscribe a form submission', () => {
		const { leads } = run('mailchimp', form(mailchimpSubscribe()));
		expect(leads).toEqual([
			expect.objectContaining({
				email: 'sophie@northwind.io',
				name: 'Sophie Laurent',
				firstName: 'Sophie',
				lastName: 'Laurent',
				events: [{ type: 'form_submit', timestamp: '2026-11-22T12:00:00.000Z', url: null, campaign: 'a6b5da1054', source: 'mailchimp', eventId: 'subscribe:sophie@northwind.io:2026-11-22 12:00:00' }],
			}),
		]);
	});

	it('Mailchimp audience, nested data (n8n parsing data[...] as objects) reads the same', () => {
		const nested = { type: 'subscribe', fired_at: '2026-11-22 12:00:00', data: { email: 'sophie@northwind.io', list_id: 'a6b5da1054', merges: { FNAME: 'Sophie', LNAME: 'Laurent' } } };
		expect(run('mailchimp', nested).leads[0]).toMatchObject({ email: 'sophie@northwind.io', name: 'Sophie Laurent' });
	});

	it('Mailchimp upemail: the lead at the new address with the old one as previousEmail, no event', () => {
		const result = run('mailchimp', form(mailchimpUpemail('old@northwind.io', 'New@Northwind.io')));
		expect(result.leads).toEqual([expect.objectContaining({ email: 'new@northwind.io', previousEmail: 'old@northwind.io', events: [] })]);
		expect(result.ignored).toBe(1);
	});

	it('Mailchimp Transactional: msg.email, ts, url; the id is _id with kind, time and url', () => {
		const { leads } = run('mailchimpTransactional', form(mandrillEvents()));
		expect(leads[0].events).toEqual([
			{ type: 'email_click', timestamp: '2026-11-22T10:00:00.000Z', url: 'https://www.example.com/pricing', campaign: 'Your trial', source: 'mailchimp-transactional', eventId: 'exampleaaaaaaaaaaaaaaaaaaaaaaaaa:click:1795341600:https://www.example.com/pricing' },
		]);
	});

	it('Brevo: opened and unique_opened of one first open share one id; two recipients of a campaign in one second do not', () => {
		const ids = (body: unknown) => run('brevo', body).leads.flatMap((l) => l.events.map((e) => e.eventId));
		expect(ids(brevoTransactional('unique_opened'))).toEqual(ids(brevoTransactional('opened')));
		const a = ids(brevoMarketing('opened', 'a@x.io'));
		const b = ids(brevoMarketing('opened', 'b@x.io'));
		expect(a).toEqual(['camp77:a@x.io:email_open:1795348800']);
		expect(b).toEqual(['camp77:b@x.io:email_open:1795348800']);
		expect(ids(brevoMarketing('click', 'a@x.io', 1795348800, 'https://x.io/p'))).toEqual(['camp77:a@x.io:email_click:1795348800:https://x.io/p']);
	});

	it('Brevo: a batch (array) of events grouped by lead', () => {
		const result = run('brevo', [brevoMarketing('opened', 'a@x.io'), brevoMarketing('click', 'a@x.io', 1795348801, 'https://x.io/p'), brevoMarketing('delivered', 'b@x.io')]);
		expect(result.leads.map((l) => [l.email, l.events.map((e) => e.type)])).toEqual([['a@x.io', ['email_open', 'email_click']]]);
		expect(result.ignored).toBe(1);
	});

	it.each([
		['sendgrid', { not: 'an array' }, 'body'],
		['mailchimp', { nope: 1 }, 'type'],
		['mailchimpTransactional', { mandrill_events: '{broken' }, 'mandrill_events'],
		['brevo', 'text', 'event'],
		['typeform', {}, 'form_response'],
		['tally', {}, 'data.fields'],
		['webflow', {}, 'payload.data'],
	] as const)('%s: a body of another shape is a failure naming the field it lacks', (source, body, field) => {
		expect(run(source, body).failures.map((f) => [f.vendor, f.field])).toEqual([[VENDORS[source].label.replace('n8n Form Trigger', 'n8n Form'), field]]);
	});
});
