import { compileModel, scoreLead, type Condition } from '../../../src';

const asOf = Date.parse('2026-11-22T00:00:00Z');

/** Score of a lead under a one-rule model worth 10 points: 10 when the condition holds, 0 when not. */
function pointsFor(when: Condition, lead: Record<string, unknown>): number {
	const model = compileModel({ name: 'one rule', fitRules: [{ label: 'rule', points: 10, when }] });
	return scoreLead(model, lead, { asOf }).score;
}

describe('fit rule operators', () => {
	const cases: Array<[string, Condition, Record<string, unknown>, number]> = [
		['equals is case-insensitive by default', { field: 'country', operator: 'equals', value: 'US' }, { country: 'us' }, 10],
		['equals with caseSensitive', { field: 'country', operator: 'equals', value: 'US', caseSensitive: true }, { country: 'us' }, 0],
		['equals a number matches a numeric string', { field: 'size', operator: 'equals', value: 50 }, { size: '50' }, 10],
		['equals a boolean', { field: 'optIn', operator: 'equals', value: true }, { optIn: true }, 10],
		['equals null matches a missing field', { field: 'phone', operator: 'equals', value: null }, {}, 10],
		['notEquals', { field: 'country', operator: 'notEquals', value: 'US' }, { country: 'DE' }, 10],
		['notEquals on the same value', { field: 'country', operator: 'notEquals', value: 'US' }, { country: 'US' }, 0],
		['in', { field: 'industry', operator: 'in', value: ['SaaS', 'Fintech'] }, { industry: 'saas' }, 10],
		['in, not a member', { field: 'industry', operator: 'in', value: ['SaaS', 'Fintech'] }, { industry: 'Retail' }, 0],
		['in on a list field matches any element', { field: 'tags', operator: 'in', value: ['vip'] }, { tags: ['new', 'VIP'] }, 10],
		['notIn', { field: 'industry', operator: 'notIn', value: ['Retail'] }, { industry: 'SaaS' }, 10],
		['in: a number field against numeric text', { field: 'n', operator: 'in', value: ['50', '100'] }, { n: 50 }, 10],
		['in: numeric text against numbers', { field: 'n', operator: 'in', value: [50] }, { n: ' 50.0 ' }, 10],
		['in: a boolean against "true"', { field: 'optIn', operator: 'in', value: ['true'] }, { optIn: true }, 10],
		['in: blank text is not the number 0', { field: 'n', operator: 'in', value: [0] }, { n: ' ' }, 0],
		['in: hex text is not a number', { field: 'n', operator: 'in', value: [16] }, { n: '0x10' }, 0],
		['notIn: a number field against numeric text', { field: 'n', operator: 'notIn', value: ['50'] }, { n: 50 }, 0],
		['equals text against a number field', { field: 'n', operator: 'equals', value: '50.0' }, { n: 50 }, 10],
		['equals ignores surrounding spaces', { field: 'country', operator: 'equals', value: 'DE' }, { country: ' de ' }, 10],
		['contains', { field: 'jobTitle', operator: 'contains', value: 'vp' }, { jobTitle: 'VP Marketing' }, 10],
		['contains, case-sensitive', { field: 'jobTitle', operator: 'contains', value: 'vp', caseSensitive: true }, { jobTitle: 'VP Marketing' }, 0],
		['notContains', { field: 'jobTitle', operator: 'notContains', value: 'intern' }, { jobTitle: 'VP Marketing' }, 10],
		['notContains on a missing field holds', { field: 'jobTitle', operator: 'notContains', value: 'intern' }, {}, 10],
		['startsWith', { field: 'phone', operator: 'startsWith', value: '+49' }, { phone: '+49 30 1234' }, 10],
		['endsWith', { field: 'website', operator: 'endsWith', value: '.DE' }, { website: 'acme.de' }, 10],
		['matches pattern', { field: 'jobTitle', operator: 'matches', value: '^(head|director) of' }, { jobTitle: 'Head of Growth' }, 10],
		['matches pattern, no match', { field: 'jobTitle', operator: 'matches', value: '^(head|director) of' }, { jobTitle: 'Growth head' }, 0],
		['greaterThan', { field: 'employees', operator: 'greaterThan', value: 100 }, { employees: 101 }, 10],
		['greaterThan at the bound', { field: 'employees', operator: 'greaterThan', value: 100 }, { employees: 100 }, 0],
		['greaterOrEqual at the bound', { field: 'employees', operator: 'greaterOrEqual', value: 100 }, { employees: 100 }, 10],
		['lessThan with a numeric string', { field: 'employees', operator: 'lessThan', value: 10 }, { employees: ' 9 ' }, 10],
		['lessOrEqual at the bound', { field: 'employees', operator: 'lessOrEqual', value: 10 }, { employees: 10 }, 10],
		['between is inclusive (low)', { field: 'employees', operator: 'between', value: [50, 500] }, { employees: 50 }, 10],
		['between is inclusive (high)', { field: 'employees', operator: 'between', value: [50, 500] }, { employees: 500 }, 10],
		['between, outside', { field: 'employees', operator: 'between', value: [50, 500] }, { employees: 501 }, 0],
		['numeric operator on a missing field does not match', { field: 'employees', operator: 'greaterThan', value: 1 }, {}, 0],
		['isEmpty on blank text', { field: 'phone', operator: 'isEmpty' }, { phone: '  ' }, 10],
		['isEmpty on an empty list', { field: 'tags', operator: 'isEmpty' }, { tags: [] }, 10],
		['isEmpty on a value', { field: 'phone', operator: 'isEmpty' }, { phone: '123' }, 0],
		['isNotEmpty', { field: 'phone', operator: 'isNotEmpty' }, { phone: '123' }, 10],
		['isFreeEmail', { field: 'email', operator: 'isFreeEmail' }, { email: 'jo@Gmail.com' }, 10],
		['isFreeEmail on a company address', { field: 'email', operator: 'isFreeEmail' }, { email: 'jo@acme.io' }, 0],
		['isCompanyEmail', { field: 'email', operator: 'isCompanyEmail' }, { email: 'jo@acme.io' }, 10],
		['isCompanyEmail on free mail', { field: 'email', operator: 'isCompanyEmail' }, { email: 'jo@yahoo.com' }, 0],
		['isCompanyEmail on something that is not an email', { field: 'email', operator: 'isCompanyEmail' }, { email: 'not an email' }, 0],
		['nested dot path', { field: 'company.size', operator: 'greaterThan', value: 5 }, { company: { size: 6 } }, 10],
		['indexed path', { field: 'contacts[1].role', operator: 'equals', value: 'buyer' }, { contacts: [{ role: 'user' }, { role: 'buyer' }] }, 10],
		[
			'all group needs every condition',
			{ all: [{ field: 'country', operator: 'equals', value: 'DE' }, { field: 'employees', operator: 'greaterThan', value: 10 }] },
			{ country: 'DE', employees: 5 },
			0,
		],
		[
			'any group needs one condition',
			{ any: [{ field: 'country', operator: 'equals', value: 'DE' }, { field: 'employees', operator: 'greaterThan', value: 10 }] },
			{ country: 'FR', employees: 50 },
			10,
		],
		['not group', { not: { field: 'country', operator: 'equals', value: 'DE' } }, { country: 'FR' }, 10],
	];
	it.each(cases)('%s', (_name, when, lead, expected) => {
		expect(pointsFor(when, lead)).toBe(expected);
	});

	it('never reads through the prototype chain', () => {
		expect(pointsFor({ field: 'toString', operator: 'isNotEmpty' }, {})).toBe(0);
		expect(pointsFor({ field: 'a.hasOwnProperty', operator: 'isNotEmpty' }, { a: {} })).toBe(0);
		expect(() => compileModel({ name: 'x', fitRules: [{ label: 'p', points: 1, when: { field: '__proto__.polluted', operator: 'isEmpty' } }] })).toThrow(
			'fitRules[0] ("p").when.field: field path "__proto__.polluted" uses the reserved name "__proto__"',
		);
	});

	it('names the field and the expectation when a numeric field holds text', () => {
		expect(() => pointsFor({ field: 'company.employees', operator: 'greaterThan', value: 10 }, { company: { employees: 'lots' } })).toThrow(
			'Field "company.employees": expected a number, got "lots"',
		);
	});
});
