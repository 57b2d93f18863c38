import { type Answer, type FieldTable, type IntakeResult, isRecord, isoTime, submissionToLead } from './lead';

/**
 * Tally's webhook (eventType FORM_RESPONSE): `data.fields[]` with `key`, `label`, `type`, `value`; a dropdown,
 * multiple choice or checkboxes value is a list of option ids, read as the options' `text`; Tally also sends one
 * boolean field per checkbox option (key `<key>_<option id>`), folded into the question's list. `data.createdAt` is
 * when; `data.responseId` identifies the response. https://tally.so/help/webhooks
 */
export function tally(body: unknown, table: FieldTable, receivedAt: string): IntakeResult {
	const data = isRecord(body) && isRecord(body.data) ? body.data : undefined;
	if (!data || !Array.isArray(data.fields)) {
		return { leads: [], failures: [{ vendor: 'Tally', field: 'data.fields', message: 'Tally: the body has no data.fields (expected a FORM_RESPONSE webhook)' }], ignored: 0 };
	}
	const answers: Answer[] = [];
	const keys = new Set(data.fields.filter(isRecord).map((f) => String(f.key)));
	for (const field of data.fields) {
		if (!isRecord(field)) continue;
		const key = String(field.key);
		// A checkbox option's own true/false field repeats what the question's list says.
		if (field.type === 'CHECKBOXES' && keys.has(key.replace(/_[^_]+$/, '')) && key.includes('_') && typeof field.value === 'boolean') continue;
		answers.push({ key, label: typeof field.label === 'string' ? field.label : undefined, value: fieldValue(field) });
	}
	const id = data.responseId ?? data.submissionId ?? (isRecord(body) ? body.eventId : undefined);
	return submissionToLead(
		{
			vendor: 'Tally',
			answers,
			id: id === undefined ? undefined : String(id),
			timestamp: isoTime(data.createdAt) ?? isoTime(isRecord(body) ? body.createdAt : undefined) ?? receivedAt,
			form: typeof data.formName === 'string' ? data.formName : null,
		},
		table,
	);
}

function fieldValue(field: Record<string, unknown>): unknown {
	const value = field.value;
	if (!Array.isArray(field.options) || !Array.isArray(value)) return value;
	const text = new Map(field.options.filter(isRecord).map((o) => [String(o.id), o.text]));
	const texts = value.map((id) => text.get(String(id)) ?? id);
	// A dropdown or multiple choice has one answer: its text, not a list of one.
	return field.type === 'CHECKBOXES' || field.type === 'MULTI_SELECT' || texts.length !== 1 ? texts : texts[0];
}
