import { InputError } from '../errors';
import { numberFrom } from '../numbers';

/** The words CRMs use for a won or lost lead; compared trimmed, ignoring case, spaces, dashes and underscores. */
export const CONVERTED_WORDS = ['true', 'yes', 'y', '1', 'won', 'closed won', 'converted', 'customer', 'success'];
export const NOT_CONVERTED_WORDS = ['false', 'no', 'n', '0', 'lost', 'closed lost', 'not converted', 'unqualified', 'disqualified', 'churned'];

const normalise = (s: string) => s.trim().toLowerCase().replace(/[\s_-]+/g, ' ');

export interface OutcomeReader {
	(value: unknown, field: string): 0 | 1;
	readonly expectation: string;
}

/** Reads an outcome field as converted (1) or not (0); anything else is bad input naming the field. */
export function outcomeReader(extraConverted: readonly string[] = [], extraNotConverted: readonly string[] = []): OutcomeReader {
	const yes = new Set([...CONVERTED_WORDS, ...extraConverted].map(normalise));
	const no = new Set([...NOT_CONVERTED_WORDS, ...extraNotConverted].map(normalise));
	const examples = [...new Set([...extraConverted, 'won', 'yes', 'true', '1'])].slice(0, 4).join(', ');
	const counter = [...new Set([...extraNotConverted, 'lost', 'no', 'false', '0'])].slice(0, 4).join(', ');
	const expectation = `an outcome: converted (${examples}...) or not (${counter}...)`;
	const read = (value: unknown, field: string): 0 | 1 => {
		// Numeric text is read as its number ('1.0' is 1, as a CSV export or a spreadsheet writes it).
		const n = numberFrom(value);
		const text = n !== undefined ? String(n) : typeof value === 'boolean' ? String(value) : typeof value === 'string' ? normalise(value) : undefined;
		if (text !== undefined && yes.has(text)) return 1;
		if (text !== undefined && no.has(text)) return 0;
		throw new InputError(field, expectation, value);
	};
	return Object.assign(read, { expectation });
}
