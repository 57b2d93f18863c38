import { EVENT_TYPES, eventsToLeads } from './events';
import { type IntakeResult, isRecord, isoTime } from './lead';

/**
 * Brevo's transactional and marketing webhooks: one JSON event (or an array, when sent in batches)
 * `{ event, email, ts_event (Unix s), message-id or camp_id, link or URL, subject, campaign name }`.
 * A campaign's events share `camp_id`, so the event id holds the recipient too (two people opening in the same
 * second are two opens). `unique_opened` and `opened` of the same first open carry the same moment: both are the
 * open at that moment, one id, stored once.
 * https://developers.brevo.com/docs/transactional-webhooks https://developers.brevo.com/docs/marketing-webhooks
 */
export function brevo(body: unknown, receivedAt: string): IntakeResult {
	const events = (Array.isArray(body) ? body : [body]).filter(isRecord);
	if (events.length === 0 || events.some((e) => typeof e.event !== 'string')) {
		return { leads: [], failures: [{ vendor: 'Brevo', field: 'event', message: 'Brevo: expected an event object (or a batch of them) with event and email' }], ignored: 0 };
	}
	return eventsToLeads(
		'Brevo',
		'email',
		events.map((e) => {
			const type = EVENT_TYPES[String(e.event)];
			const when = e.ts_event ?? (e.ts_epoch !== undefined ? Number(e.ts_epoch) : e.ts);
			const url = (e.link ?? e.URL) as string | undefined;
			const message = e['message-id'] ?? (e.camp_id !== undefined ? `camp${String(e.camp_id)}` : e.id);
			return {
				email: e.email,
				type,
				timestamp: isoTime(when) ?? receivedAt,
				url,
				campaign: (e['campaign name'] ?? e.subject ?? e.tag) as string | undefined,
				eventId: [message, String(e.email).trim().toLowerCase(), type ?? e.event, when, url].filter((part) => part !== undefined && part !== null).join(':'),
			};
		}),
	);
}
