/**
 * The one lead record every intake normaliser returns, whatever the vendor: the shape the lead-store templates
 * store and the scoring nodes read (docs/lead-record.md), plus the vendor's fields nobody mapped, kept under
 * `fields` so nothing the visitor typed is lost.
 */
export interface IntakeEvent {
	type: string;
	/** ISO text, UTC. */
	timestamp: string;
	url: string | null;
	campaign: string | null;
	/** The vendor, e.g. "typeform": with eventId, the key a redelivery is recognised by. */
	source: string;
	/** The vendor's own id for this event (Typeform token, SendGrid sg_event_id, ...), with the lead where ids are shared. */
	eventId: string;
}

export interface IntakeLead {
	email: string;
	name: string | null;
	firstName: string | null;
	lastName: string | null;
	jobTitle: string | null;
	company: { name: string | null; employees: number | null; industry: string | null };
	country: string | null;
	consent: boolean | null;
	/** The vendor's fields the table did not map, by their key (or label), with readable values. */
	fields: Record<string, unknown>;
	events: IntakeEvent[];
	/** The address this lead had before (Mailchimp `upemail`): the store moves the lead to `email`, history kept. */
	previousEmail?: string;
}

/** A submission or event that cannot become a lead: named by vendor and field, never stored on a shared row. */
export interface IntakeFailure {
	vendor: string;
	field: string;
	message: string;
}

export interface IntakeResult {
	leads: IntakeLead[];
	failures: IntakeFailure[];
	/** Events that carry no engagement (delivered, processed, ...), left out on purpose. */
	ignored: number;
}

/** The lead fields a form can fill. */
export const LEAD_FIELDS = ['email', 'firstName', 'lastName', 'name', 'jobTitle', 'company', 'employees', 'industry', 'country', 'consent'] as const;
export type LeadField = (typeof LEAD_FIELDS)[number];

/**
 * The field table: for each lead field, the form fields (key, ref, name or label, compared without case, spaces or
 * punctuation) that fill it, first found wins. The node's Field Table rows replace a line of it; this is the default.
 */
export type FieldTable = Record<LeadField, readonly string[]>;

export const DEFAULT_FIELD_TABLE: FieldTable = {
	email: ['email', 'work email', 'email address', 'business email', 'e-mail'],
	firstName: ['first name', 'firstname', 'fname', 'given name'],
	lastName: ['last name', 'lastname', 'lname', 'surname', 'family name'],
	name: ['name', 'full name', 'your name'],
	jobTitle: ['job title', 'title', 'role', 'position'],
	company: ['company', 'company name', 'organization', 'organisation'],
	employees: ['employees', 'company size', 'company size (employees)', 'number of employees', 'team size'],
	industry: ['industry', 'sector'],
	country: ['country'],
	consent: ['consent', 'marketing consent', 'opt in', 'gdpr consent'],
};

/** "Job Title", "job_title" and "jobTitle" are one name. */
export const fieldKey = (name: string): string => name.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/** The table with the user's rows in place of the default lines they name. */
export function fieldTable(overrides: Partial<Record<LeadField, readonly string[]>> = {}): FieldTable {
	const table = { ...DEFAULT_FIELD_TABLE };
	for (const field of LEAD_FIELDS) {
		const names = overrides[field];
		if (names && names.length > 0) table[field] = names;
	}
	return table;
}

/** One answer of a form, already made readable (option text, not option id). */
export interface Answer {
	/** The vendor's stable name for the question: Typeform ref, Tally key, Webflow field name. */
	key: string;
	/** What the visitor saw, when the vendor sends it: Typeform title, Tally label. */
	label?: string;
	value: unknown;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The lead's key: trimmed, lower case; undefined when it is not an address. */
export function usableEmail(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const email = value.trim().toLowerCase();
	return EMAIL.test(email) ? email : undefined;
}

const text = (value: unknown): string | null => {
	if (value === undefined || value === null) return null;
	const s = (Array.isArray(value) ? value.join(', ') : String(value)).trim();
	return s === '' ? null : s;
};

/** "400", 400 and "1,200" are numbers; "50-200" is its lower end; anything else is no number. */
function count(value: unknown): number | null {
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	const s = text(value);
	if (s === null) return null;
	const match = /^\s*(\d[\d,]*)/.exec(s);
	return match ? Number(match[1].replace(/,/g, '')) : null;
}

function yes(value: unknown): boolean | null {
	if (typeof value === 'boolean') return value;
	if (Array.isArray(value)) return value.length > 0;
	const s = text(value)?.toLowerCase();
	if (s === undefined || s === null) return null;
	return ['true', 'yes', 'on', '1', 'y', 'checked', 'agree', 'i agree'].includes(s) ? true : ['false', 'no', 'off', '0', 'n'].includes(s) ? false : null;
}

export interface Submission {
	vendor: string;
	answers: Answer[];
	/** The vendor's id of the submission (Typeform token, Tally response id, Webflow submission id). */
	id: string | undefined;
	timestamp: string;
	/** The form's name, stored as the event's campaign. */
	form: string | null;
	/** The submission's event type: form_submit unless the source says otherwise (a demo request). */
	type?: string;
	/** Events posted along with the submission (page views from a site's tracker). */
	extraEvents?: IntakeEvent[];
}

/**
 * A form submission as the lead record: the table's fields picked by key or label, the rest under `fields`, and
 * one `form_submit` event identified by the vendor's id (so a redelivery is stored once). Without a usable email:
 * a failure naming the vendor and the field the table looked for.
 */
export function submissionToLead(submission: Submission, table: FieldTable): IntakeResult {
	const byName = new Map<string, Answer>();
	for (const answer of submission.answers) {
		if (answer.value === undefined) continue;
		for (const name of [answer.key, answer.label]) {
			if (name && !byName.has(fieldKey(name))) byName.set(fieldKey(name), answer);
		}
	}
	const used = new Set<Answer>();
	const pick = (field: LeadField): unknown => {
		for (const name of table[field]) {
			const answer = byName.get(fieldKey(name));
			if (answer && !used.has(answer)) {
				used.add(answer);
				return answer.value;
			}
		}
		return undefined;
	};
	const rawEmail = pick('email');
	const email = usableEmail(rawEmail);
	if (email === undefined) {
		const looked = table.email.map((n) => `"${n}"`).join(', ');
		return {
			leads: [],
			failures: [
				{
					vendor: submission.vendor,
					field: 'email',
					message:
						rawEmail === undefined
							? `${submission.vendor} submission${submission.id ? ` ${submission.id}` : ''} has no email field (looked for ${looked}); add its name to the Field Table's Email row`
							: `${submission.vendor} submission${submission.id ? ` ${submission.id}` : ''}: the email field holds ${JSON.stringify(rawEmail)}, not an address`,
				},
			],
			ignored: 0,
		};
	}
	const firstName = text(pick('firstName'));
	const lastName = text(pick('lastName'));
	const name = text(pick('name')) ?? (text([firstName, lastName].filter(Boolean).join(' ')) || null);
	const lead: IntakeLead = {
		email,
		name,
		firstName,
		lastName,
		jobTitle: text(pick('jobTitle')),
		company: { name: text(pick('company')), employees: count(pick('employees')), industry: text(pick('industry')) },
		country: text(pick('country')),
		consent: yes(pick('consent')),
		fields: {},
		events: [
			{
				type: submission.type ?? 'form_submit',
				timestamp: submission.timestamp,
				url: null,
				campaign: submission.form,
				source: submission.vendor.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
				// Without a vendor id (n8n's own form), the submission is its email and moment.
				eventId: submission.id ?? `${email}:${submission.timestamp}`,
			},
			...(submission.extraEvents ?? []),
		],
	};
	for (const answer of submission.answers) if (!used.has(answer) && answer.value !== undefined) lead.fields[answer.key] = answer.value;
	return { leads: [lead], failures: [], ignored: 0 };
}

/** ISO text of a time given as ISO text, Unix seconds or milliseconds; undefined when it is none of them. */
export function isoTime(value: unknown): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	let ms: number;
	if (typeof value === 'number' || /^\d+(\.\d+)?$/.test(String(value))) {
		const n = Number(value);
		ms = n > 1e11 ? n : n * 1000;
	} else {
		ms = Date.parse(String(value));
	}
	return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
	value !== null && typeof value === 'object' && !Array.isArray(value);
