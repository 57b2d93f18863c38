import { type FieldTable, type IntakeResult, isRecord, isoTime, submissionToLead } from './lead';

/** What n8n adds to a Form Trigger's fields: not the visitor's answers. */
const N8N_KEYS = new Set(['submittedAt', 'formMode']);

/**
 * n8n's Form Trigger: one item whose fields are the form's answers by field name (or label), plus `submittedAt`
 * and `formMode`. n8n gives no submission id: the event is identified by the email and `submittedAt`.
 */
export function n8nForm(body: unknown, table: FieldTable, receivedAt: string): IntakeResult {
	const fields = isRecord(body) ? body : {};
	return submissionToLead(
		{
			vendor: 'n8n Form',
			answers: Object.entries(fields)
				.filter(([key]) => !N8N_KEYS.has(key))
				.map(([key, value]) => ({ key, value })),
			id: undefined,
			timestamp: isoTime(fields.submittedAt) ?? receivedAt,
			form: null,
		},
		table,
	);
}
