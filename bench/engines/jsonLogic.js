'use strict';
/**
 * json-logic-js: each group is one JsonLogic expression (a sum of "if" terms, clamped by the group's cap and
 * floor); engagement rules count matching events with filter + reduce. JsonLogic's filter sees only the
 * element, so the time windows are literal cutoffs computed from asOf when the expressions are built.
 */
const jsonLogic = require('json-logic-js');
const { DAY_MS } = require('../workload');

const v = (name) => ({ var: name });

function condition(field, c) {
	const x = v(field);
	switch (c.operator) {
		case 'equals': return { '==': [x, c.value] };
		case 'in': return { in: [x, c.value] };
		case 'contains': return { in: [c.value, x] };
		case 'between': return { '<=': [c.value[0], x, c.value[1]] };
		case 'greaterThan': return { '>': [x, c.value] };
		// JsonLogic has no domain operator: the free-mail domains of the workload, as "@domain" substrings.
		case 'isFreeEmail': return { or: FREE_MAIL_SUFFIXES.map((s) => ({ in: [s, x] })) };
		default: throw new Error(`no JsonLogic form for ${c.operator}`);
	}
}
let FREE_MAIL_SUFFIXES = [];

function clampExpr(sum, group) {
	let e = sum;
	if (group.cap !== undefined) e = { min: [group.cap, e] };
	if (group.floor !== undefined) e = { max: [group.floor, e] };
	return e;
}

function create(model, asOf, { freeMail }) {
	FREE_MAIL_SUFFIXES = freeMail.map((d) => `@${d}`);
	const group = (name) => model.groups.find((g) => g.name === name) ?? {};
	const fit = clampExpr({ '+': model.fitRules.map((r) => ({ if: [condition(r.when.field, r.when), r.points, 0] })) }, group('fit'));
	const engagementTerms = model.engagementRules.map((r) => {
		const tests = [{ '==': [v('type'), r.eventType] }];
		if (r.where) tests.push(condition(r.where.field, r.where));
		if (r.withinDays) tests.push({ '>=': [v('timestamp'), asOf - r.withinDays * DAY_MS] });
		const count = { reduce: [{ filter: [v('events'), { and: tests }] }, { '+': [v('accumulator'), 1] }, 0] };
		return { '*': [r.points, { min: [r.maxOccurrences, count] }] };
	});
	const engagement = clampExpr({ '+': engagementTerms }, group('engagement'));
	const total = clampExpr({ '+': [v('fitScore'), v('engagementScore')] }, { floor: model.total.floor, cap: model.total.ceiling });
	return {
		name: 'json-logic-js',
		score(lead) {
			const fitScore = jsonLogic.apply(fit, lead);
			const engagementScore = jsonLogic.apply(engagement, lead);
			return { fitScore, engagementScore, score: jsonLogic.apply(total, { fitScore, engagementScore }) };
		},
	};
}

module.exports = { create };
