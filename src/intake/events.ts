import { type IntakeLead, type IntakeResult, usableEmail } from './lead';

/** One platform event, read from the vendor's payload, before it is grouped by lead. */
export interface PlatformEvent {
	email: unknown;
	/** The lead's event type; undefined for events that carry no engagement (delivered, processed, ...). */
	type: string | undefined;
	timestamp: string;
	url?: string | null;
	campaign?: string | null;
	eventId: string;
	firstName?: string | null;
	lastName?: string | null;
	/** Mailchimp `upemail`: the address the lead had. */
	previousEmail?: unknown;
}

/**
 * The platforms' event names, as the lead's event types the scoring model scores. `resubscribe` lifts an earlier
 * unsubscribe (SendGrid group_resubscribe, a Mailchimp subscribe after an unsubscribe).
 */
export const EVENT_TYPES: Readonly<Record<string, string>> = {
	open: 'email_open',
	opened: 'email_open',
	unique_opened: 'email_open',
	click: 'email_click',
	clicked: 'email_click',
	unsubscribe: 'unsubscribe',
	unsubscribed: 'unsubscribe',
	unsub: 'unsubscribe',
	group_unsubscribe: 'unsubscribe',
	spamreport: 'unsubscribe',
	spam: 'unsubscribe',
	group_resubscribe: 'resubscribe',
	bounce: 'email_bounced',
	hard_bounce: 'email_bounced',
	hardBounce: 'email_bounced',
	cleaned: 'email_bounced',
};

const text = (value: unknown): string | null => (value === undefined || value === null || value === '' ? null : String(value));

/** Events grouped by lead, in the order they came; an event without a usable email is a failure naming its field. */
export function eventsToLeads(vendor: string, emailField: string, events: readonly PlatformEvent[]): IntakeResult {
	const leads = new Map<string, IntakeLead>();
	const result: IntakeResult = { leads: [], failures: [], ignored: 0 };
	const source = vendor.toLowerCase().replace(/[^a-z0-9]+/g, '-');
	for (const event of events) {
		const email = usableEmail(event.email);
		if (email === undefined) {
			result.failures.push({
				vendor,
				field: emailField,
				message: `${vendor} event ${event.eventId}: ${emailField} holds ${event.email === undefined ? 'nothing' : JSON.stringify(event.email)}, not an address`,
			});
			continue;
		}
		const previousEmail = usableEmail(event.previousEmail);
		if (event.type === undefined && previousEmail === undefined && !event.firstName && !event.lastName) {
			result.ignored += 1;
			continue;
		}
		let lead = leads.get(email);
		if (!lead) {
			lead = { email, name: null, firstName: null, lastName: null, jobTitle: null, company: { name: null, employees: null, industry: null }, country: null, consent: null, fields: {}, events: [] };
			leads.set(email, lead);
		}
		if (event.firstName) lead.firstName = event.firstName;
		if (event.lastName) lead.lastName = event.lastName;
		if (event.firstName || event.lastName) lead.name = [lead.firstName, lead.lastName].filter(Boolean).join(' ');
		if (previousEmail !== undefined && previousEmail !== email) lead.previousEmail = previousEmail;
		if (event.type !== undefined) {
			lead.events.push({ type: event.type, timestamp: event.timestamp, url: text(event.url), campaign: text(event.campaign), source, eventId: event.eventId });
		} else {
			result.ignored += 1;
		}
	}
	result.leads = [...leads.values()];
	return result;
}
