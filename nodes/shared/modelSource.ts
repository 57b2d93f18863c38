import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions, NodeHint } from 'n8n-workflow';
import { compileModel, presetModel, type CompiledModel, type PresetName } from '../../src';
import { COMPUTED_FIELD_PREFIX, builderFields, type FieldBox } from './builderFields';
import { OPERATOR_OPTIONS, numericValueHint } from './conditionBuilder';
import { parseJsonSetting } from './execution';
import { compiledSetting, sameForEveryItem } from './settings';
import { UI_MODEL_NAMES, modelFromUi } from './uiModel';

/**
 * Where a node reads its scoring model: a preset, the rule builder, or JSON (pasted, or from an expression for a
 * model per client). Score Lead scores with it; Tune Model backtests it and compares its suggestion against it.
 */
const PRESET_OPTIONS: Array<INodePropertyOptions & { value: PresetName }> = [
	{ name: 'B2B SaaS', value: 'b2bSaas', description: 'Title, company size, industry, email domain; demo, pricing, forms, webinars, email' },
];
/** The subtitle shows a preset by its name, not its value. */
const PRESET_NAMES = JSON.stringify(Object.fromEntries(PRESET_OPTIONS.map((o) => [o.value, o.name])));

const ruleValueDescription = 'For "is one of", separate values with commas. For "is between", give Min and Max below (older rules: "min, max" here).';
// "Is between" keeps Value: rules saved before Min and Max read "min, max" from it (n8n drops a hidden value).
const NO_VALUE_OPERATORS = ['isEmpty', 'isNotEmpty', 'isFreeEmail', 'isCompanyEmail'];

/** Min and Max of "is between", two numbers (shown only for that operator), for the operator field `operator`. */
function betweenFields(operator: string, prefix: string): INodeProperties[] {
	const show = { show: { [operator]: ['between'] } };
	return [
		{ displayName: 'Min', name: `${prefix}Min`, type: 'number', default: 0, displayOptions: show, description: 'The smallest value that matches (used when Value is empty)' },
		{ displayName: 'Max', name: `${prefix}Max`, type: 'number', default: 0, displayOptions: show, description: 'The largest value that matches (used when Value is empty)' },
	];
}

/** The node subtitle: the preset by its name, or which source the model comes from. */
export const MODEL_SUBTITLE = `={{ $parameter["modelSource"] === "preset" ? "Preset: " + ${PRESET_NAMES}[$parameter["preset"]] : $parameter["modelSource"] === "json" ? "JSON model" : "Rule builder" }}`;

export const modelSourceProperties: INodeProperties[] = [
	{
		displayName: 'Model Source',
		name: 'modelSource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Preset', value: 'preset', description: 'A ready-made model, sensible with zero setup' },
			{ name: 'Rule Builder', value: 'ui', description: 'Build fit and engagement rules here' },
			{ name: 'JSON', value: 'json', description: 'A model as JSON, pasted or from an expression (one model per client)' },
		],
		default: 'preset',
	},
	{
		// What n8n 2.41's editor does on a switch (useNodeSettingsParameters, NodeHelpers.getNodeParameters with
		// returnNoneDisplayed false): it keeps only the parameters on show, so the rules are gone at once.
		displayName:
			'Switching to Preset or JSON deletes these rules from the node (n8n keeps only the settings on show), and JSON starts from its example, not from your rules. To carry them over, first turn on Options > Include Model as JSON, execute the step and paste the output\'s scoringModel into Model (JSON).',
		name: 'modelSourceNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { modelSource: ['ui'] } },
	},
	{
		displayName: 'Preset',
		name: 'preset',
		type: 'options',
		options: PRESET_OPTIONS,
		default: 'b2bSaas',
		displayOptions: { show: { modelSource: ['preset'] } },
	},
	{
		displayName: 'Model (JSON)',
		name: 'modelJson',
		type: 'json',
		default: '{\n  "name": "My model",\n  "version": "1",\n  "groups": [\n    {\n      "name": "engagement",\n      "kind": "engagement",\n      "cap": 40\n    }\n  ],\n  "total": {\n    "floor": 0,\n    "ceiling": 100\n  },\n  "fitRules": [\n    {\n      "label": "VP title",\n      "points": 30,\n      "when": {\n        "field": "jobTitle",\n        "operator": "contains",\n        "value": "vp"\n      }\n    },\n    {\n      "label": "Free mail",\n      "points": -10,\n      "when": {\n        "field": "email",\n        "operator": "isFreeEmail"\n      }\n    }\n  ],\n  "engagementRules": [\n    {\n      "label": "Pricing page",\n      "points": 10,\n      "eventType": "page_view",\n      "where": {\n        "field": "url",\n        "operator": "contains",\n        "value": "/pricing"\n      },\n      "maxOccurrences": 3\n    },\n    {\n      "label": "Demo request",\n      "points": 25,\n      "eventType": "demo_request",\n      "maxOccurrences": 1\n    }\n  ]\n}',
		description: 'The scoring model as JSON. Map it from the item with an expression to score each client with its own model.',
		displayOptions: { show: { modelSource: ['json'] } },
	},
	{
		displayName: 'Fit Rules',
		name: 'fitRules',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Fit Rule',
		default: {},
		description: 'Points for who the lead is (title, company, email domain). Fit does not fade.',
		displayOptions: { show: { modelSource: ['ui'] } },
		options: [
			{
				displayName: 'Rule',
				name: 'rule',
				// Alphabetical: n8n's verification requires it, and its scanner ignores eslint-disable comments.
				values: [
					{
						displayName: 'Field',
						name: 'field',
						type: 'string',
						default: '',
						required: true,
						placeholder: 'jobTitle',
						description: 'Drag a field from the input, or type its path (company.employees); any other expression is evaluated per lead and its result compared',
					},
					{ displayName: 'Label', name: 'label', type: 'string', default: '', required: true, placeholder: 'Senior title' },
					{ displayName: 'Operator', name: 'operator', type: 'options', options: OPERATOR_OPTIONS, default: 'equals' },
					{ displayName: 'Points', name: 'points', type: 'number', default: 10, description: 'Negative points are allowed' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '', description: ruleValueDescription, displayOptions: { hide: { operator: NO_VALUE_OPERATORS } } },
					...betweenFields('operator', 'value'),
				],
			},
		],
	},
	{
		displayName: 'Engagement Rules',
		name: 'engagementRules',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Engagement Rule',
		default: {},
		description: "Points for what the lead did, read from the lead's list of events",
		displayOptions: { show: { modelSource: ['ui'] } },
		options: [
			{
				displayName: 'Rule',
				name: 'rule',
				// Alphabetical: n8n's verification requires it, and its scanner ignores eslint-disable comments.
				values: [
					{ displayName: 'Count Once Every (Days)', name: 'oncePerDays', type: 'number', default: 0, description: 'Count at most one occurrence per this many days; 0 for no limit' },
					{ displayName: 'Event Type', name: 'eventType', type: 'string', default: '', required: true, placeholder: 'page_view', description: 'One type, or several separated by commas' },
					{ displayName: 'Label', name: 'label', type: 'string', default: '', required: true, placeholder: 'Pricing page' },
					{ displayName: 'Max Occurrences', name: 'maxOccurrences', type: 'number', default: 0, description: 'Count at most this many (the most recent); 0 for no limit' },
					{ displayName: 'Only Events of the Last (Days)', name: 'withinDays', type: 'number', default: 0, description: 'Only count events of the last this many days; 0 for all' },
					{ displayName: 'Points per Occurrence', name: 'points', type: 'number', default: 5 },
					{
						displayName: 'Property Field',
						name: 'propertyField',
						type: 'string',
						default: '',
						placeholder: 'url',
						description: "Optional: only count events whose property matches. A path inside each event, or drag a field of one of the lead's events.",
					},
					{ displayName: 'Property Operator', name: 'propertyOperator', type: 'options', options: OPERATOR_OPTIONS, default: 'contains' },
					{
						displayName: 'Property Value',
						name: 'propertyValue',
						type: 'string',
						default: '',
						placeholder: '/pricing',
						displayOptions: { hide: { propertyOperator: NO_VALUE_OPERATORS } },
					},
					...betweenFields('propertyOperator', 'property'),
				],
			},
		],
	},
	{
		displayName: 'Model Settings',
		name: 'settings',
		type: 'collection',
		placeholder: 'Add Setting',
		default: {},
		displayOptions: { show: { modelSource: ['ui'] } },
		options: [
			{ displayName: 'Decimal Places', name: 'decimals', type: 'number', typeOptions: { minValue: 0, maxValue: 6 }, default: 2, description: 'Each rule\'s points are rounded to this many decimals (decay makes fractions); 0 for whole points' },
			{ displayName: 'Engagement Cap', name: 'engagementCap', type: 'number', default: 60, description: 'Engagement points count up to this many' },
			{ displayName: 'Engagement Half-Life (Days)', name: 'halfLifeDays', type: 'number', default: 30, description: 'Each event is worth half as much after this many days; 0 for no decay' },
			{ displayName: 'Event Time Field', name: 'eventTimeField', type: 'string', default: 'timestamp', description: 'Path to the time inside each event' },
			{ displayName: 'Event Type Field', name: 'eventTypeField', type: 'string', default: 'type', description: 'Path to the type inside each event' },
			{ displayName: 'Events Field', name: 'eventsField', type: 'string', default: 'events', description: "Path to the lead's list of events" },
			{ displayName: 'Fit Cap', name: 'fitCap', type: 'number', default: 50, description: 'Fit points count up to this many' },
			{ displayName: 'Model Name', name: 'modelName', type: 'string', default: 'Workflow model', description: 'Shown with every score, with a fingerprint of the rules, so you can tell which rules scored a lead' },
			{ displayName: 'Total Ceiling', name: 'totalCeiling', type: 'number', default: 100, description: 'The total never goes above this' },
			{ displayName: 'Total Floor', name: 'totalFloor', type: 'number', default: 0, description: 'The total never goes below this' },
		],
	},
];

/**
 * Options > Include Model as JSON: the model the node scored with, as Model (JSON) reads it, so a user moves from the
 * Rule Builder or a preset to JSON (say, a model per client) by pasting it instead of retyping. It is the validated
 * model itself: pasted back it compiles to the same fingerprint and gives the same scores.
 */
export const modelJsonOption: INodeProperties = {
	displayName: 'Include Model as JSON',
	name: 'includeModelJson',
	type: 'boolean',
	default: false,
	description: `Whether to add the scoring model, as Model Source "JSON" reads it, to every item in the field ${'`scoringModel`'}: copy it from the output into Model (JSON) to keep your rules when you switch`,
};

export const MODEL_JSON_FIELD = 'scoringModel';

/**
 * Adds the model as JSON to an item's json when the option is on, else undefined. A rule whose Field is an expression
 * other than a dragged field reads the value n8n computed for it, which only the builder fills: its hint asks for a path.
 */
export function modelJsonWriter(ctx: IExecuteFunctions): ((json: IDataObject, model: CompiledModel) => IDataObject) | undefined {
	if (!sameForEveryItem(ctx, 'options.includeModelJson', 'Include Model as JSON', false)) return undefined;
	const hinted = new Set<string>();
	return (json, model) => {
		if (!hinted.has(model.hash)) {
			hinted.add(model.hash);
			model.model.fitRules.forEach((rule, index) => {
				const field = (rule.when as { field?: unknown }).field;
				if (typeof field !== 'string' || !field.startsWith(COMPUTED_FIELD_PREFIX)) return;
				ctx.addExecutionHints({
					type: 'warning',
					location: 'outputPane',
					message: `In ${MODEL_JSON_FIELD}, fit rule "${rule.label}" (rule ${index + 1}) reads "${field}", a value only the Rule Builder computes from its expression: give its "field" a path before using the model as JSON.`,
				});
			});
		}
		return { ...json, [MODEL_JSON_FIELD]: structuredClone(model.model) as unknown as IDataObject };
	};
}

/** Warnings in the panel before a run: a fit or engagement rule whose number operator has a Value that is not a number. */
export const MODEL_HINTS: NodeHint[] = [
	numericValueHint('$parameter.modelSource === "ui"', '($parameter.fitRules || {}).rule', 'r.operator', 'r.value'),
	numericValueHint('$parameter.modelSource === "ui"', '($parameter.engagementRules || {}).rule', 'r.propertyOperator', 'r.propertyValue'),
];

/** The parameters each source reads: an expression anywhere in them (a rule's value) makes the model per item. */
const MODEL_PARAMETERS: Record<string, string[]> = {
	preset: ['preset'],
	json: ['modelJson'],
	ui: ['fitRules', 'engagementRules', 'settings'],
};

/** The Field boxes of the rule builder (see builderFields.ts). */
const RULE_FIELDS: FieldBox[] = [
	{ parameter: 'fitRules', rows: 'rule', key: 'field', label: 'Field', noun: 'fit rule', labelKey: 'label' },
	{
		parameter: 'engagementRules',
		rows: 'rule',
		key: 'propertyField',
		label: 'Property Field',
		noun: 'engagement rule',
		labelKey: 'label',
		inEach: { parameter: 'settings.eventsField', fallback: 'events' },
	},
];

export interface ModelSetting {
	/** The compiled model of an item. */
	modelFor: (itemIndex: number) => CompiledModel;
	/** The lead the model reads for an item: its json, plus the values of rule Fields that are expressions. */
	leadOf: (json: IDataObject, itemIndex: number) => IDataObject;
}

/**
 * The compiled model of each item: a fixed one compiled before any item; one from an expression (a model per
 * client, a rule value from the lead) read per item and compiled once per distinct model. A field dragged into a
 * rule is read as its path and leaves the model fixed.
 */
export function modelSetting(ctx: IExecuteFunctions): ModelSetting {
	const source = ctx.getNodeParameter('modelSource', 0) as string;
	if (source !== 'ui') {
		const modelFor = compiledSetting(ctx, MODEL_PARAMETERS[source] ?? [], (i) => readModel(ctx, source, i), compileModelSetting);
		return { modelFor, leadOf: (json) => json };
	}
	const fields = builderFields(ctx, RULE_FIELDS);
	const read = (i: number) =>
		modelFromUi({ fitRules: fields.read('fitRules', i), engagementRules: fields.read('engagementRules', i), settings: ctx.getNodeParameter('settings', i, {}) as IDataObject });
	return { modelFor: compiledSetting(ctx, MODEL_PARAMETERS.ui, read, compileUiModel, fields), leadOf: fields.leadOf };
}

/** JSON text is parsed inside the compile, so the cache parses each distinct client model once, not once per lead. */
const compileModelSetting = (raw: unknown): CompiledModel => compileModel(parseJsonSetting(raw, 'scoring model'));
/** A model from the rule builder: its problems are named as the panel names its rules and settings. */
const compileUiModel = (raw: unknown): CompiledModel => compileModel(raw, UI_MODEL_NAMES);

function readModel(ctx: IExecuteFunctions, source: string, itemIndex: number): unknown {
	if (source === 'preset') return presetModel(ctx.getNodeParameter('preset', itemIndex) as string);
	return ctx.getNodeParameter('modelJson', itemIndex);
}
