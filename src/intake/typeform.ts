import { type Answer, type FieldTable, type IntakeResult, isRecord, isoTime, submissionToLead } from './lead';

/**
 * Typeform's webhook (event_type form_response): `form_response.answers[]`, each keyed by its question's `field.ref`,
 * its value under the answer's `type` (email, text, number, boolean, choice.label, choices.labels, date, url,
 * phone_number, file_url); `hidden` fields by name; `submitted_at` is when; `token` identifies the response, so a
 * redelivery is recognised. https://www.typeform.com/developers/webhooks/example-payload/
 */
export function typeform(body: unknown, table: FieldTable, receivedAt: string): IntakeResult {
	const response = isRecord(body) && isRecord(body.form_response) ? body.form_response : undefined;
	if (!response) return notTypeform();
	const titles = new Map<string, string>();
	const definition = isRecord(response.definition) ? response.definition : {};
	for (const field of Array.isArray(definition.fields) ? definition.fields : []) {
		if (isRecord(field) && typeof field.title === 'string') titles.set(String(field.id), field.title);
	}
	const answers: Answer[] = [];
	for (const answer of Array.isArray(response.answers) ? response.answers : []) {
		if (!isRecord(answer) || !isRecord(answer.field)) continue;
		const key = String(answer.field.ref ?? answer.field.id);
		answers.push({ key, label: titles.get(String(answer.field.id)), value: answerValue(answer) });
	}
	if (isRecord(response.hidden)) for (const [key, value] of Object.entries(response.hidden)) answers.push({ key, value });
	return submissionToLead(
		{
			vendor: 'Typeform',
			answers,
			id: typeof response.token === 'string' ? response.token : undefined,
			timestamp: isoTime(response.submitted_at) ?? receivedAt,
			form: typeof definition.title === 'string' ? definition.title : null,
		},
		table,
	);
}

/** The answer's value by its type: a choice is its label, several choices their labels (with "other"). */
function answerValue(answer: Record<string, unknown>): unknown {
	switch (answer.type) {
		case 'choice': {
			const choice = isRecord(answer.choice) ? answer.choice : {};
			return choice.label ?? choice.other ?? null;
		}
		case 'choices': {
			const choices = isRecord(answer.choices) ? answer.choices : {};
			const labels = Array.isArray(choices.labels) ? [...choices.labels] : [];
			if (choices.other !== undefined) labels.push(choices.other);
			return labels;
		}
		default:
			return typeof answer.type === 'string' && answer.type in answer ? answer[answer.type] : null;
	}
}

function notTypeform(): IntakeResult {
	return { leads: [], failures: [{ vendor: 'Typeform', field: 'form_response', message: 'Typeform: the body has no form_response (expected a form_response webhook)' }], ignored: 0 };
}
