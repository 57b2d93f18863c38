import { type FieldTable, type IntakeResult, isRecord, isoTime, submissionToLead } from './lead';

/**
 * Webflow's form_submission webhook: `payload.data` holds the fields under the names the form gives them, in any
 * capitalisation ("email", "Email", "Job Title"); `payload.submittedAt` is when; `payload.id` the submission.
 * The older v1 shape (`data`, `d`, `_id` at the top) is read too.
 * https://developers.webflow.com/data/reference/webhooks/events/form-submission
 */
export function webflow(body: unknown, table: FieldTable, receivedAt: string): IntakeResult {
	const payload = isRecord(body) && isRecord(body.payload) ? body.payload : isRecord(body) ? body : {};
	if (!isRecord(payload.data)) {
		return { leads: [], failures: [{ vendor: 'Webflow', field: 'payload.data', message: 'Webflow: the body has no payload.data (expected a form_submission webhook)' }], ignored: 0 };
	}
	const id = payload.id ?? payload._id;
	return submissionToLead(
		{
			vendor: 'Webflow',
			answers: Object.entries(payload.data).map(([key, value]) => ({ key, value })),
			id: id === undefined ? undefined : String(id),
			timestamp: isoTime(payload.submittedAt ?? payload.d) ?? receivedAt,
			form: typeof payload.name === 'string' ? payload.name : null,
		},
		table,
	);
}
