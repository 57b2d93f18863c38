/**
 * Each vendor's webhook body in the shape its documentation shows (the page beside each), with our leads' values.
 * The unit tests and the e2e post exactly these.
 */

// https://www.typeform.com/developers/webhooks/example-payload/
export const typeformResponse = (token = 'a3a12ec67a1365927098a606107fac15', email = 'grace@hopperlabs.io') => ({
	event_id: 'LtWXD3crgy',
	event_type: 'form_response',
	form_response: {
		form_id: 'lT4Z3j',
		token,
		landed_at: '2026-11-22T08:58:00Z',
		submitted_at: '2026-11-22T09:00:00Z',
		hidden: { utm_campaign: 'webinar' },
		definition: {
			id: 'lT4Z3j',
			title: 'Talk to sales',
			fields: [
				{ id: 'Fx1', title: 'What is your work email?', type: 'email', ref: 'email' },
				{ id: 'Fx2', title: 'First name', type: 'short_text', ref: 'first_name' },
				{ id: 'Fx3', title: 'Last name', type: 'short_text', ref: 'last_name' },
				{ id: 'Fx4', title: 'Company', type: 'short_text', ref: 'company' },
				{ id: 'Fx5', title: 'Job title', type: 'multiple_choice', ref: 'job_title' },
				{ id: 'Fx6', title: 'How many employees?', type: 'number', ref: 'employees' },
				{ id: 'Fx7', title: 'Which products interest you?', type: 'multiple_choice', ref: 'products', allow_multiple_selections: true },
				{ id: 'Fx8', title: 'May we email you?', type: 'yes_no', ref: 'consent' },
			],
		},
		answers: [
			{ type: 'email', email, field: { id: 'Fx1', type: 'email', ref: 'email' } },
			{ type: 'text', text: 'Grace', field: { id: 'Fx2', type: 'short_text', ref: 'first_name' } },
			{ type: 'text', text: 'Hopper', field: { id: 'Fx3', type: 'short_text', ref: 'last_name' } },
			{ type: 'text', text: 'Hopper Labs', field: { id: 'Fx4', type: 'short_text', ref: 'company' } },
			{ type: 'choice', choice: { label: 'VP of Engineering' }, field: { id: 'Fx5', type: 'multiple_choice', ref: 'job_title' } },
			{ type: 'number', number: 250, field: { id: 'Fx6', type: 'number', ref: 'employees' } },
			{ type: 'choices', choices: { labels: ['Scoring', 'Routing'] }, field: { id: 'Fx7', type: 'multiple_choice', ref: 'products' } },
			{ type: 'boolean', boolean: true, field: { id: 'Fx8', type: 'yes_no', ref: 'consent' } },
		],
	},
});

// https://tally.so/help/webhooks (Example webhook event)
export const tallyResponse = (responseId = '2wgx4n', email = 'linus@fjordtech.no') => ({
	eventId: 'a4cb511e-d513-4fa5-baee-b815d718dfd1',
	eventType: 'FORM_RESPONSE',
	createdAt: '2026-11-22T10:00:00.000Z',
	data: {
		responseId,
		submissionId: responseId,
		respondentId: 'dwQKYm',
		formId: 'VwbNEw',
		formName: 'Book a demo',
		createdAt: '2026-11-22T10:00:00.000Z',
		fields: [
			{ key: 'question_3EKz4n', label: 'Email', type: 'INPUT_EMAIL', value: email },
			{ key: 'question_mePaOV', label: 'Full name', type: 'INPUT_TEXT', value: 'Linus Berg' },
			{ key: 'question_wa1dPy', label: 'Company', type: 'INPUT_TEXT', value: 'Fjord Tech' },
			{
				key: 'question_nGpMYd',
				label: 'Job title',
				type: 'DROPDOWN',
				value: ['a1b2'],
				options: [
					{ id: 'a1b2', text: 'Head of Sales' },
					{ id: 'c3d4', text: 'Student' },
				],
			},
			{ key: 'question_w4Q6Ld', label: 'Employees', type: 'INPUT_NUMBER', value: 120 },
			{
				key: 'question_3jZaa7',
				label: 'Interested in',
				type: 'CHECKBOXES',
				value: ['e5f6', 'g7h8'],
				options: [
					{ id: 'e5f6', text: 'Scoring' },
					{ id: 'g7h8', text: 'Routing' },
					{ id: 'i9j0', text: 'Decay' },
				],
			},
			{ key: 'question_3jZaa7_e5f6', label: 'Interested in (Scoring)', type: 'CHECKBOXES', value: true },
			{ key: 'question_3jZaa7_g7h8', label: 'Interested in (Routing)', type: 'CHECKBOXES', value: true },
			{ key: 'question_3jZaa7_i9j0', label: 'Interested in (Decay)', type: 'CHECKBOXES', value: false },
		],
	},
});

// https://developers.webflow.com/data/reference/webhooks/events/form-submission
export const webflowSubmission = (id = '6321ca84df3949bfc6752327', data: Record<string, unknown> = {}) => ({
	triggerType: 'form_submission',
	payload: {
		name: 'Contact Us',
		siteId: '65427cf400e02b306eaa049c',
		data: { 'First Name': 'Margaret', 'Last Name': 'Hamilton', email: 'margaret@apollosys.com', Company: 'Apollo Systems', 'Job Title': 'Director of Operations', Employees: '1200', ...data },
		schema: [],
		submittedAt: '2026-11-22T11:00:00.000Z',
		id,
		formId: '65429eadebe8a9f3a30f62d0',
		formElementId: '4e038d2c-6a1e-4953-7be9-a59a2b453177',
	},
});

// https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/event (open and click events)
export const sendgridEvents = (email = 'priya@brightlabs.io') => [
	{ email, timestamp: 1795338000, event: 'open', sg_event_id: 'c2FtcGxlLW9wZW4tMQ', sg_message_id: '14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0', category: ['nurture'], useragent: 'Mozilla/5.0', ip: '203.0.113.7' },
	{ email, timestamp: 1795338060, event: 'click', url: 'https://www.example.com/pricing', url_offset: { index: 0, type: 'html' }, sg_event_id: 'c2FtcGxlLWNsaWNrLTE', sg_message_id: '14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0', category: ['nurture'] },
	{ email, timestamp: 1795338000, event: 'delivered', sg_event_id: 'c2FtcGxlLWRlbGl2ZXJlZA', sg_message_id: '14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0', response: '250 OK' },
];

// https://mailchimp.com/developer/marketing/guides/sync-audience-data-webhooks/ (form-encoded, as Mailchimp posts it)
export const mailchimpSubscribe = (email = 'sophie@northwind.io') =>
	new URLSearchParams({
		type: 'subscribe',
		fired_at: '2026-11-22 12:00:00',
		'data[id]': '8a25ff1d98',
		'data[list_id]': 'a6b5da1054',
		'data[email]': email,
		'data[email_type]': 'html',
		'data[merges][EMAIL]': email,
		'data[merges][FNAME]': 'Sophie',
		'data[merges][LNAME]': 'Laurent',
		'data[ip_opt]': '198.51.100.12',
	}).toString();

export const mailchimpUpemail = (oldEmail: string, newEmail: string) =>
	new URLSearchParams({ type: 'upemail', fired_at: '2026-11-22 12:30:00', 'data[list_id]': 'a6b5da1054', 'data[new_id]': '51aa6e4a2b', 'data[new_email]': newEmail, 'data[old_email]': oldEmail }).toString();

// https://mailchimp.com/developer/transactional/docs/webhooks/ (mandrill_events, form-encoded)
export const mandrillEvents = (email = 'priya@brightlabs.io') =>
	new URLSearchParams({
		mandrill_events: JSON.stringify([
			{ event: 'click', ts: 1795341600, url: 'https://www.example.com/pricing', ip: '203.0.113.7', user_agent: 'Mozilla/5.0', _id: 'exampleaaaaaaaaaaaaaaaaaaaaaaaaa', msg: { ts: 1795338000, subject: 'Your trial', email, sender: 'team@example.com', tags: ['trial'], state: 'sent', _id: 'exampleaaaaaaaaaaaaaaaaaaaaaaaaa' } },
		]),
	}).toString();

// https://developers.brevo.com/docs/transactional-webhooks (opened / unique_opened share the first open)
export const brevoTransactional = (event: string, email = 'omar@vertexcloud.com', ts = 1795345200) => ({
	event,
	email,
	id: 482011,
	date: '2026-11-22 12:00:00', // Brevo's local time (CET); ts_event is UTC 11:00
	ts: ts,
	'message-id': '<202611221300.12345678901@smtp-relay.mailin.fr>',
	ts_event: ts,
	subject: 'Your trial',
	tag: '["trial"]',
	sending_ip: '185.41.28.109',
	ts_epoch: ts * 1000,
});

// https://developers.brevo.com/docs/marketing-webhooks
export const brevoMarketing = (event: string, email: string, ts = 1795348800, URL?: string) => ({
	id: 1234,
	camp_id: 77,
	email,
	'campaign name': 'November newsletter',
	date_sent: '2026-11-22 12:55:00',
	date_event: '2026-11-22 13:00:00', // local time (CET); ts_event is UTC 12:00
	event,
	tag: '',
	ts_sent: ts - 300,
	ts_event: ts,
	...(URL ? { URL } : {}),
});
