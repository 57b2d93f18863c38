import { eventsToLeads } from './events';
import { type IntakeResult, isRecord, isoTime } from './lead';

/**
 * Mailchimp's audience webhook: a form post `type`, `fired_at` ("YYYY-MM-DD HH:MM:SS", UTC) and `data[...]`
 * (n8n reads `data[email]` either as that key or as `data.email`). Names come from `data[merges][FNAME]`/`LNAME`;
 * `upemail` moves the lead from `data[old_email]` to `data[new_email]`; a `subscribe` is a form submission. https://mailchimp.com/developer/marketing/guides/sync-audience-data-webhooks/
 */
export function mailchimp(body: unknown, receivedAt: string): IntakeResult {
	if (!isRecord(body) || typeof body.type !== 'string') {
		return { leads: [], failures: [{ vendor: 'Mailchimp', field: 'type', message: 'Mailchimp: the body has no type (expected an audience webhook form post)' }], ignored: 0 };
	}
	const data = isRecord(body.data) ? body.data : {};
	const field = (...path: string[]): unknown => {
		const flat = body[`data[${path.join('][')}]`];
		if (flat !== undefined) return flat;
		let value: unknown = data;
		for (const key of path) value = isRecord(value) ? value[key] : undefined;
		return value;
	};
	const firedAt = typeof body.fired_at === 'string' ? isoTime(`${body.fired_at.replace(' ', 'T')}Z`) : undefined;
	const upemail = body.type === 'upemail';
	const email = upemail ? field('new_email') : field('email');
	const types: Record<string, string> = { subscribe: 'form_submit', unsubscribe: 'unsubscribe', cleaned: 'email_bounced' };
	const names = { firstName: (field('merges', 'FNAME') as string) || null, lastName: (field('merges', 'LNAME') as string) || null };
	return eventsToLeads('Mailchimp', upemail ? 'data[new_email]' : 'data[email]', [
		{
			email,
			type: types[body.type],
			timestamp: firedAt ?? receivedAt,
			campaign: (field('campaign_id') ?? field('list_id')) as string | undefined,
			eventId: `${body.type}:${String(email).trim().toLowerCase()}:${String(body.fired_at)}`,
			...names,
			previousEmail: upemail ? field('old_email') : undefined,
		},
	]);
}
