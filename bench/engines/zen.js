'use strict';
/**
 * GoRules ZEN engine (Rust, native binding): a decision graph whose expression node computes each group's
 * clamped points (count() over events for engagement rules) and a second node the limited total. Missing
 * fields must be guarded (ZEN refuses to compare null with a number), as a ZEN user would write it.
 */
const { ZenEngine } = require('@gorules/zen-engine');
const { DAY_MS } = require('../workload');

const str = (s) => JSON.stringify(s);

function condition(field, c, freeMail) {
	switch (c.operator) {
		case 'equals': return `${field} == ${str(c.value)}`;
		case 'in': return `${field} in ${str(c.value)}`;
		case 'contains': return `contains(${field} ?? "", ${str(c.value)})`;
		case 'between': return `(${field} != null and ${field} >= ${c.value[0]} and ${field} <= ${c.value[1]})`;
		case 'greaterThan': return `(${field} != null and ${field} > ${c.value})`;
		case 'isFreeEmail': return `(${freeMail.map((d) => `endsWith(${field} ?? "", ${str(`@${d}`)})`).join(' or ')})`;
		default: throw new Error(`no ZEN form for ${c.operator}`);
	}
}

function clampExpr(sum, group) {
	let e = sum;
	if (group.cap !== undefined) e = `min([${group.cap}, ${e}])`;
	if (group.floor !== undefined) e = `max([${group.floor}, ${e}])`;
	return e;
}

function graph(expressions, totalExpression) {
	const position = { x: 0, y: 0 };
	return {
		nodes: [
			{ id: 'in', type: 'inputNode', name: 'Lead', position },
			{ id: 'groups', type: 'expressionNode', name: 'Groups', position, content: { expressions } },
			{ id: 'total', type: 'expressionNode', name: 'Total', position, content: { passThrough: true, expressions: [{ id: 't', key: 'score', value: totalExpression }] } },
			{ id: 'out', type: 'outputNode', name: 'Score', position },
		],
		edges: [
			{ id: 'e1', sourceId: 'in', targetId: 'groups', type: 'edge' },
			{ id: 'e2', sourceId: 'groups', targetId: 'total', type: 'edge' },
			{ id: 'e3', sourceId: 'total', targetId: 'out', type: 'edge' },
		],
	};
}

function create(model, asOf, { freeMail }) {
	const group = (name) => model.groups.find((g) => g.name === name) ?? {};
	const fit = model.fitRules.map((r) => `(${condition(r.when.field, r.when, freeMail)} ? ${r.points} : 0)`).join(' + ');
	const engagement = model.engagementRules
		.map((r) => {
			const tests = [`#.type == ${str(r.eventType)}`];
			if (r.where) tests.push(condition(`#.${r.where.field}`, r.where, freeMail));
			if (r.withinDays) tests.push(`#.timestamp >= ${asOf - r.withinDays * DAY_MS}`);
			return `${r.points} * min([${r.maxOccurrences}, count(events, ${tests.join(' and ')})])`;
		})
		.join(' + ');
	const content = graph(
		[
			{ id: 'f', key: 'fitScore', value: clampExpr(fit, group('fit')) },
			{ id: 'g', key: 'engagementScore', value: clampExpr(engagement, group('engagement')) },
		],
		clampExpr('fitScore + engagementScore', { floor: model.total.floor, cap: model.total.ceiling }),
	);
	const decision = new ZenEngine().createDecision(content);
	return {
		name: 'zen-engine',
		async score(lead) {
			const { result } = await decision.evaluate(lead);
			return { fitScore: result.fitScore, engagementScore: result.engagementScore, score: result.score };
		},
	};
}

module.exports = { create };
