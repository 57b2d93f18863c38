import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { ConfigError, describeValue } from '../../src/errors';
import { DATE_EXPECTATION, parseInstant, type Instant } from '../../src/time';

/** The option every time-dependent node offers: an explicit "now", so runs can be replayed and compared. */
export const asOfOption: INodeProperties = {
	displayName: 'As Of',
	name: 'asOf',
	type: 'string',
	default: '',
	placeholder: '2026-11-22T09:00:00Z',
	description:
		'The moment ages and due times are computed from. Leave empty for the time the node runs; set it (or map a field) to replay a past day with the same result.',
};

const MIN_AS_OF = Date.UTC(1000, 0, 1);
const MAX_AS_OF = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** Reads the As Of option of an item; "now" is read once per execution so all items share it. */
export function asOfReader(ctx: IExecuteFunctions, parameterName = 'options.asOf'): (itemIndex: number) => Instant {
	const now = Date.now();
	return (itemIndex) => {
		const raw = ctx.getNodeParameter(parameterName, itemIndex, '') as unknown;
		if (raw === '' || raw === undefined || raw === null) return now;
		const instant = parseInstant(raw);
		// Years 1000 to 9999: due times and windows computed from it stay within what Date can represent.
		if (instant === undefined || instant < MIN_AS_OF || instant > MAX_AS_OF) {
			throw new ConfigError('option', [{ path: 'As Of', message: `expected ${DATE_EXPECTATION} in the years 1000 to 9999, got ${describeValue(raw)}` }]);
		}
		return instant;
	};
}
