import type { IDataObject } from 'n8n-workflow';
import { ConfigError, type ConfigIssue } from '../../src/errors';
import type { Operator } from '../../src/conditions';
import type { ScoringModelInput } from '../../src/scoring';
import { conditionFromUi, rowName } from './conditionBuilder';
import { panelNamer } from './panelNames';

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
			`${rowName('fit rule', i + 1, rule.label)}: Value`,
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
				`${rowName('engagement rule', i + 1, rule.label)}: Property Value`,
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

/** The core's problems with a model from the builder, named as the panel names its rules and settings. */
export const UI_MODEL_NAMES = panelNamer(
	{
		fitRules: {
			noun: 'fit rule',
			labelKeys: ['label'],
			boxes: { label: 'Label', points: 'Points', when: 'Field, Operator and Value', 'when.field': 'Field', 'when.operator': 'Operator', 'when.value': 'Value' },
		},
		engagementRules: {
			noun: 'engagement rule',
			labelKeys: ['label'],
			boxes: {
				label: 'Label',
				eventType: 'Event Type',
				points: 'Points per Occurrence',
				where: 'Property Field, Operator and Value',
				'where.field': 'Property Field',
				'where.operator': 'Property Operator',
				'where.value': 'Property Value',
				maxOccurrences: 'Max Occurrences',
				oncePerDays: 'Count Once Every (Days)',
				withinDays: 'Only Events of the Last (Days)',
			},
		},
		// The builder makes a group of each cap it is given: the fit group is Fit Cap, the engagement group Engagement Cap.
		groups: { noun: 'group', labelKeys: ['name'], name: (group) => (group.name === 'fit' ? 'Fit Cap' : 'Engagement Cap'), boxes: { '': '', cap: '' } },
	},
	{
		name: 'Model Name',
		decimals: 'Decimal Places',
		decay: 'Engagement Half-Life (Days)',
		'total.floor': 'Total Floor',
		'total.ceiling': 'Total Ceiling',
		'fields.events': 'Events Field',
		'fields.eventType': 'Event Type Field',
		'fields.eventTime': 'Event Time Field',
	},
);
