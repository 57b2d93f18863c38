import { EVENT_TYPES, eventsToLeads } from './events';
import { type IntakeResult, isRecord, isoTime } from './lead';

/**
 * Mailchimp Transactional (Mandrill): a form post whose `mandrill_events` is a JSON array of
 * `{ event, ts (Unix s), url, _id, msg: { email, subject, _id } }`. `_id` is the message's, shared by its opens and
 * clicks, so an event is `_id` with its kind, time and url. https://mailchimp.com/developer/transactional/docs/webhooks/
 */
export function mailchimpTransactional(body: unknown, receivedAt: string): IntakeResult {
	let events: unknown;
	try {
		events = isRecord(body) && typeof body.mandrill_events === 'string' ? JSON.parse(body.mandrill_events) : undefined;
	} catch {
		events = undefined;
	}
	if (!Array.isArray(events)) {
		return { leads: [], failures: [{ vendor: 'Mailchimp Transactional', field: 'mandrill_events', message: 'Mailchimp Transactional: mandrill_events is not a JSON array of events' }], ignored: 0 };
	}
	return eventsToLeads(
		'Mailchimp Transactional',
		'msg.email',
		events.filter(isRecord).map((e) => {
			const msg = isRecord(e.msg) ? e.msg : {};
			return {
				email: msg.email,
				type: EVENT_TYPES[String(e.event)],
				timestamp: isoTime(e.ts) ?? receivedAt,
				url: e.url as string | undefined,
				campaign: msg.subject as string | undefined,
				eventId: [e._id ?? msg._id, e.event, e.ts, e.url].filter((part) => part !== undefined && part !== null).join(':'),
			};
		}),
	);
}
