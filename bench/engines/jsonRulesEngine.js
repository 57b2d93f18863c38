'use strict';
/**
 * json-rules-engine, used as its documentation shows: one engine of fit rules run on the lead, and one engine
 * of engagement rules run on each event (an engine decides whether facts meet conditions; it cannot count
 * occurrences), with the points in each rule's event params. Counting, maxOccurrences, caps and limits are
 * summed in JavaScript afterwards, as a user of the library would have to.
 */
const { Engine } = require('json-rules-engine');
const { DAY_MS } = require('../workload');

function fact(field) {
	const [head, ...rest] = field.split('.');
	return rest.length ? { fact: head, path: `$.${rest.join('.')}` } : { fact: head };
}

function condition(field, c, freeMail) {
	const f = fact(field);
	switch (c.operator) {
		case 'equals': return { ...f, operator: 'equal', value: c.value };
		case 'in': return { ...f, operator: 'in', value: c.value };
		case 'contains': return { ...f, operator: 'textContains', value: c.value };
		case 'between': return { all: [{ ...f, operator: 'greaterThanInclusive', value: c.value[0] }, { ...f, operator: 'lessThanInclusive', value: c.value[1] }] };
		case 'greaterThan': return { ...f, operator: 'greaterThan', value: c.value };
		case 'isFreeEmail': return { ...f, operator: 'emailDomainIn', value: freeMail };
		default: throw new Error(`no json-rules-engine form for ${c.operator}`);
	}
}

function newEngine() {
	const engine = new Engine([], { allowUndefinedFacts: true });
	engine.addOperator('textContains', (a, b) => typeof a === 'string' && a.includes(b));
	engine.addOperator('emailDomainIn', (a, b) => typeof a === 'string' && b.includes(a.slice(a.lastIndexOf('@') + 1)));
	return engine;
}

const asAll = (c) => (c.all ? c : { all: [c] });
const clamp = (n, floor = -Infinity, cap = Infinity) => Math.min(cap, Math.max(floor, n));

function create(model, asOf, { freeMail }) {
	const fitEngine = newEngine();
	model.fitRules.forEach((r) => fitEngine.addRule({ conditions: asAll(condition(r.when.field, r.when, freeMail)), event: { type: r.id, params: { points: r.points } } }));
	const eventEngine = newEngine();
	model.engagementRules.forEach((r, i) => {
		const all = [{ fact: 'type', operator: 'equal', value: r.eventType }];
		if (r.where) all.push(condition(r.where.field, r.where, freeMail));
		if (r.withinDays) all.push({ fact: 'timestamp', operator: 'greaterThanInclusive', value: asOf - r.withinDays * DAY_MS });
		eventEngine.addRule({ conditions: { all }, event: { type: r.id, params: { index: i } } });
	});
	const group = (name) => model.groups.find((g) => g.name === name) ?? {};
	const fitGroup = group('fit');
	const engagementGroup = group('engagement');
	const rules = model.engagementRules;
	return {
		name: 'json-rules-engine',
		async score(lead) {
			let fit = 0;
			for (const e of (await fitEngine.run(lead)).events) fit += e.params.points;
			const counts = new Array(rules.length).fill(0);
			for (const event of lead.events) {
				for (const e of (await eventEngine.run(event)).events) counts[e.params.index]++;
			}
			let engagement = 0;
			rules.forEach((r, i) => (engagement += r.points * Math.min(counts[i], r.maxOccurrences)));
			const fitScore = clamp(fit, fitGroup.floor, fitGroup.cap);
			const engagementScore = clamp(engagement, engagementGroup.floor, engagementGroup.cap);
			return { fitScore, engagementScore, score: clamp(fitScore + engagementScore, model.total.floor, model.total.ceiling) };
		},
	};
}

module.exports = { create };
