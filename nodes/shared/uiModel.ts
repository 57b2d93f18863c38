import type { IDataObject } from 'n8n-workflow';
import { ConfigError, type ConfigIssue } from '../../src/errors';
import type { Operator } from '../../src/conditions';
import type { ScoringModelInput } from '../../src/scoring';
import { conditionFromUi } from './conditionBuilder';

/** Builds a scoring model from the node's rule builder, for people who never write JSON. */
export function modelFromUi(parameters: {
	fitRules: IDataObject;
	engagementRules: IDataObject;
	settings: IDataObject;
}): ScoringModelInput {
	const issues: ConfigIssue[] = [];
	const fitRules = ((parameters.fitRules.rule as IDataObject[] | undefined) ?? []).map((rule, i) => ({
		label: rule.label as string,
		points: rule.points as number,
		when: conditionFromUi(
			{ field: rule.field as string, operator: rule.operator as Operator, value: rule.value as string, min: rule.valueMin as number, max: rule.valueMax as number },
			`fitRules[${i}]`,
			issues,
		),
	}));
	const engagementRules = ((parameters.engagementRules.rule as IDataObject[] | undefined) ?? []).map((rule, i) => {
		const out: IDataObject = {
			label: rule.label,
			points: rule.points,
			eventType: String(rule.eventType ?? '')
				.split(',')
				.map((t) => t.trim())
				.filter((t) => t !== ''),
		};
		if (rule.propertyField) {
			out.where = conditionFromUi(
				{
					field: rule.propertyField as string,
					operator: rule.propertyOperator as Operator,
					value: rule.propertyValue as string,
					min: rule.propertyMin as number,
					max: rule.propertyMax as number,
				},
				`engagementRules[${i}].where`,
				issues,
			);
		}
		for (const key of ['maxOccurrences', 'oncePerDays', 'withinDays'] as const) {
			if (typeof rule[key] === 'number' && (rule[key] as number) > 0) out[key] = rule[key];
		}
		return out;
	});
	if (fitRules.length === 0 && engagementRules.length === 0) {
		issues.push({ path: '', message: 'add at least one fit rule or engagement rule (every lead would score 0)' });
	}
	if (issues.length > 0) throw new ConfigError('scoring rules', issues);

	const s = parameters.settings;
	const groups: IDataObject[] = [];
	if (typeof s.fitCap === 'number') groups.push({ name: 'fit', kind: 'fit', cap: s.fitCap });
	if (typeof s.engagementCap === 'number') groups.push({ name: 'engagement', kind: 'engagement', cap: s.engagementCap });
	const total: IDataObject = {};
	if (typeof s.totalFloor === 'number') total.floor = s.totalFloor;
	if (typeof s.totalCeiling === 'number') total.ceiling = s.totalCeiling;
	const model: IDataObject = {
		name: (s.modelName as string) || 'Workflow model',
		groups,
		total,
		fitRules,
		engagementRules,
		fields: {
			events: (s.eventsField as string) || 'events',
			eventType: (s.eventTypeField as string) || 'type',
			eventTime: (s.eventTimeField as string) || 'timestamp',
		},
	};
	if (typeof s.decimals === 'number') model.decimals = s.decimals;
	if (typeof s.halfLifeDays === 'number' && s.halfLifeDays > 0) model.decay = { curve: 'halfLife', halfLifeDays: s.halfLifeDays };
	return model as unknown as ScoringModelInput;
}
