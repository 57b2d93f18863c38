import { EVENT_TYPES, eventsToLeads } from './events';
import { type FieldTable, type IntakeEvent, type IntakeResult, isRecord, isoTime, submissionToLead, usableEmail } from './lead';

/**
 * Your own site or tracker posting JSON: a form `{ email, firstName, jobTitle, company, employees, ..., form,
 * submittedAt, events }` (fields through the field table; `form: "demo"` is a demo request; `events` are the page views
 * your tracker sends along), or events `{ email, type, url, timestamp, eventId }`, one or an array.
 */
export function site(body: unknown, table: FieldTable, receivedAt: string): IntakeResult {
	const posts = (Array.isArray(body) ? body : [body]).filter(isRecord);
	const result: IntakeResult = { leads: [], failures: [], ignored: 0 };
	if (posts.length === 0) {
		result.failures.push({ vendor: 'Site', field: 'body', message: 'Site: expected a JSON object (a form) or events { email, type, timestamp }' });
		return result;
	}
	const trackerEvents = posts.filter((p) => typeof p.type === 'string');
	const tracked = eventsToLeads(
		'Site',
		'email',
		trackerEvents.map((e) => {
			const timestamp = isoTime(e.timestamp) ?? receivedAt;
			return {
				email: e.email,
				type: EVENT_TYPES[String(e.type)] ?? String(e.type),
				timestamp,
				url: e.url as string | undefined,
				campaign: e.campaign as string | undefined,
				eventId: String(e.eventId ?? e.id ?? `${String(e.email).trim().toLowerCase()}:${String(e.type)}:${timestamp}:${String(e.url ?? '')}`),
			};
		}),
	);
	for (const form of posts.filter((p) => typeof p.type !== 'string')) {
		const email = usableEmail(form.email) ?? '';
		const timestamp = isoTime(form.submittedAt) ?? receivedAt;
		const extraEvents: IntakeEvent[] = (Array.isArray(form.events) ? form.events : []).filter(isRecord).map((e) => {
			const at = isoTime(e.timestamp) ?? timestamp;
			return {
				type: String(e.type),
				timestamp: at,
				url: typeof e.url === 'string' ? e.url : null,
				campaign: typeof e.campaign === 'string' ? e.campaign : null,
				source: 'site',
				eventId: String(e.eventId ?? e.id ?? `${email}:${String(e.type)}:${at}:${String(e.url ?? '')}`),
			};
		});
		const answers = Object.entries(form)
			.filter(([key]) => !['events', 'form', 'submittedAt'].includes(key))
			.map(([key, value]) => ({ key, value }));
		const one = submissionToLead(
			{ vendor: 'Site', answers, id: undefined, timestamp, form: typeof form.form === 'string' ? form.form : null, type: form.form === 'demo' ? 'demo_request' : 'form_submit', extraEvents },
			table,
		);
		result.leads.push(...one.leads);
		result.failures.push(...one.failures);
	}
	result.leads.push(...tracked.leads);
	result.failures.push(...tracked.failures);
	result.ignored += tracked.ignored;
	return result;
}
