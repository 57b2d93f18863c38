import { EVENT_TYPES, eventsToLeads } from './events';
import { type IntakeResult, isRecord, isoTime } from './lead';

/**
 * SendGrid's Event Webhook: a JSON array of events `{ email, event, timestamp (Unix s), url, category, sg_event_id }`;
 * `sg_event_id` is unique per event, so a redelivered batch is stored once.
 * https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/event
 */
export function sendgrid(body: unknown, receivedAt: string): IntakeResult {
	if (!Array.isArray(body)) {
		return { leads: [], failures: [{ vendor: 'SendGrid', field: 'body', message: 'SendGrid: the body is not a JSON array of events' }], ignored: 0 };
	}
	return eventsToLeads(
		'SendGrid',
		'email',
		body.filter(isRecord).map((e, index) => ({
			email: e.email,
			type: EVENT_TYPES[String(e.event)],
			timestamp: isoTime(e.timestamp) ?? receivedAt,
			url: e.url as string | undefined,
			campaign: Array.isArray(e.category) ? e.category.join(', ') : (e.category as string | undefined),
			eventId: String(e.sg_event_id ?? `${String(e.sg_message_id)}:${String(e.event)}:${String(e.timestamp)}:${index}`),
		})),
	);
}
