import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';
import { ConfigError, type ConfigIssue } from '../../src/errors';
import type { Operator, ScoringModelInput } from '../../src/scoring';

/** Operators as the rule builder offers them, in plain words. */
export const OPERATOR_OPTIONS: Array<INodePropertyOptions & { value: Operator }> = [
	{ name: 'Equals', value: 'equals' },
	{ name: 'Not Equals', value: 'notEquals' },
	{ name: 'Is One Of (Comma-Separated)', value: 'in' },
	{ name: 'Is Not One Of (Comma-Separated)', value: 'notIn' },
	{ name: 'Contains', value: 'contains' },
	{ name: 'Does Not Contain', value: 'notContains' },
	{ name: 'Starts With', value: 'startsWith' },
	{ name: 'Ends With', value: 'endsWith' },
	{ name: 'Matches Pattern', value: 'matches' },
	{ name: 'Greater Than', value: 'greaterThan' },
	{ name: 'Greater Than or Equal', value: 'greaterOrEqual' },
	{ name: 'Less Than', value: 'lessThan' },
	{ name: 'Less Than or Equal', value: 'lessOrEqual' },
	{ name: 'Between (Min,Max)', value: 'between' },
	{ name: 'Is Empty', value: 'isEmpty' },
	{ name: 'Is Not Empty', value: 'isNotEmpty' },
	{ name: 'Is Free Email (Gmail, Yahoo...)', value: 'isFreeEmail' },
	{ name: 'Is Company Email', value: 'isCompanyEmail' },
];

const NUMERIC: ReadonlySet<Operator> = new Set(['greaterThan', 'greaterOrEqual', 'lessThan', 'lessOrEqual']);
const NO_VALUE: ReadonlySet<Operator> = new Set(['isEmpty', 'isNotEmpty', 'isFreeEmail', 'isCompanyEmail']);

interface UiCondition {
	field: string;
	operator: Operator;
	value?: string;
}

/** Turns the text a person typed into the value the operator needs ("50, 5000" for between). */
function conditionFromUi(c: UiCondition, path: string, issues: ConfigIssue[]): IDataObject {
	const condition: IDataObject = { field: c.field, operator: c.operator };
	const text = (c.value ?? '').trim();
	if (NO_VALUE.has(c.operator)) return condition;
	if (c.operator === 'in' || c.operator === 'notIn') {
		condition.value = text.split(',').map((v) => v.trim()).filter((v) => v !== '');
	} else if (c.operator === 'between') {
		const bounds = text.split(',').map((v) => Number(v.trim()));
		if (bounds.length !== 2 || bounds.some((b) => !Number.isFinite(b))) {
			issues.push({ path: `${path}.value`, message: `expected two numbers "min, max", got "${text}"` });
		}
		condition.value = bounds;
	} else if (NUMERIC.has(c.operator)) {
		const n = Number(text);
		if (text === '' || !Number.isFinite(n)) issues.push({ path: `${path}.value`, message: `expected a number, got "${text}"` });
		condition.value = n;
	} else {
		condition.value = text;
	}
	return condition;
}

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
		when: conditionFromUi(rule as unknown as UiCondition, `fitRules[${i}]`, issues),
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
				{ field: rule.propertyField as string, operator: rule.propertyOperator as Operator, value: rule.propertyValue as string },
				`engagementRules[${i}].where`,
				issues,
			);
		}
		for (const key of ['maxOccurrences', 'oncePerDays', 'withinDays'] as const) {
			if (typeof rule[key] === 'number' && (rule[key] as number) > 0) out[key] = rule[key];
		}
		return out;
	});
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
	if (typeof s.halfLifeDays === 'number' && s.halfLifeDays > 0) model.decay = { curve: 'halfLife', halfLifeDays: s.halfLifeDays };
	return model as unknown as ScoringModelInput;
}
