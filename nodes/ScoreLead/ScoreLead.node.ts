import {
	NodeConnectionTypes,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodePropertyOptions,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import {
	presetModel,
	requireAccountKey,
	accountKeyOf,
	compileModel,
	compilePath,
	rollUpAccounts,
	scoreLead,
	type AccountScore,
	type CompiledModel,
	type PresetName,
	type FieldPath,
	type ScoreResult,
} from '../../src';
import { asOfOption, asOfReader } from '../shared/asOf';
import { evaluateItems, fieldPathParameter, failedItem, pairedWith, parseJsonSetting, type ItemOutcome } from '../shared/execution';
import { compiledSetting } from '../shared/settings';
import { withField } from '../../src/fields';
import { OPERATOR_OPTIONS } from '../shared/conditionBuilder';
import { modelFromUi } from './uiModel';

const PRESET_OPTIONS: Array<INodePropertyOptions & { value: PresetName }> = [
	{ name: 'B2B SaaS', value: 'b2bSaas', description: 'Title, company size, industry, email domain; demo, pricing, forms, webinars, email' },
];
/** The subtitle shows a preset by its name, not its value. */
const PRESET_NAMES = JSON.stringify(Object.fromEntries(PRESET_OPTIONS.map((o) => [o.value, o.name])));

const ruleValueDescription = 'For "is one of", separate values with commas; for "between", give "min, max"';

export class ScoreLead implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Score Lead',
		name: 'scoreLead',
		icon: { light: 'file:scoreLead.svg', dark: 'file:scoreLead.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: `={{ $parameter["modelSource"] === "preset" ? "Preset: " + ${PRESET_NAMES}[$parameter["preset"]] : $parameter["modelSource"] === "json" ? "JSON model" : "Rule builder" }}`,
		description: 'Score leads on fit and engagement, with caps, decay, a grade and an explanation of every point',
		defaults: { name: 'Score Lead' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		properties: [
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
						// A rule reads as a sentence (label, field, operator, value, points), not in alphabetical order.
						// eslint-disable-next-line n8n-nodes-base/node-param-fixed-collection-type-unsorted-items
						values: [
							{ displayName: 'Label', name: 'label', type: 'string', default: '', required: true, placeholder: 'Senior title' },
							{ displayName: 'Field', name: 'field', type: 'string', default: '', required: true, placeholder: 'jobTitle', description: 'Dot path into the lead, such as company.size' },
							{ displayName: 'Operator', name: 'operator', type: 'options', options: OPERATOR_OPTIONS, default: 'equals' },
							{ displayName: 'Value', name: 'value', type: 'string', default: '', description: ruleValueDescription },
							{ displayName: 'Points', name: 'points', type: 'number', default: 10, description: 'Negative points are allowed' },
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
						// A rule reads as a sentence (label, field, operator, value, points), not in alphabetical order.
						// eslint-disable-next-line n8n-nodes-base/node-param-fixed-collection-type-unsorted-items
						values: [
							{ displayName: 'Label', name: 'label', type: 'string', default: '', required: true, placeholder: 'Pricing page' },
							{ displayName: 'Event Type', name: 'eventType', type: 'string', default: '', required: true, placeholder: 'page_view', description: 'One type, or several separated by commas' },
							{ displayName: 'Points per Occurrence', name: 'points', type: 'number', default: 5 },
							{ displayName: 'Property Field', name: 'propertyField', type: 'string', default: '', placeholder: 'url', description: 'Optional: only count events whose property matches' },
							{ displayName: 'Property Operator', name: 'propertyOperator', type: 'options', options: OPERATOR_OPTIONS, default: 'contains' },
							{ displayName: 'Property Value', name: 'propertyValue', type: 'string', default: '', placeholder: '/pricing' },
							{ displayName: 'Max Occurrences', name: 'maxOccurrences', type: 'number', default: 0, description: 'Count at most this many (the most recent); 0 for no limit' },
							{ displayName: 'Count Once Every (Days)', name: 'oncePerDays', type: 'number', default: 0, description: 'Count at most one occurrence per this many days; 0 for no limit' },
							{ displayName: 'Only Events of the Last (Days)', name: 'withinDays', type: 'number', default: 0, description: 'Only count events of the last this many days; 0 for all' },
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
			{
				displayName: 'Score Per',
				name: 'scope',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Each Lead', value: 'leads' },
					{ name: 'Each Lead With Its Account', value: 'leadsWithAccount', description: 'Also roll up the leads that share an account key' },
					{ name: 'One Item per Account', value: 'accounts', description: 'Output one item per account instead of one per lead' },
				],
				default: 'leads',
			},
			{
				displayName: 'Account Key Field',
				name: 'accountKeyField',
				type: 'string',
				default: '',
				placeholder: 'company.domain',
				description: "Path to the field that groups leads into accounts. Empty: the model's account.key, else company.domain.",
				displayOptions: { show: { scope: ['leadsWithAccount', 'accounts'] } },
			},
			{
				displayName: 'Output',
				name: 'output',
				type: 'options',
				options: [
					{ name: 'Result Object', value: 'object', description: 'The whole result under one field' },
					{ name: 'Flat Fields', value: 'flat', description: 'Score, fitScore, engagementScore, grade... at the top level, ready to map into a CRM.' },
				],
				default: 'object',
				displayOptions: { show: { scope: ['leads', 'leadsWithAccount'] } },
			},
			{
				displayName: 'Output Field',
				name: 'outputField',
				type: 'string',
				default: 'leadScore',
				description: 'Where the result goes in each item; a dot path such as scoring.lead nests it',
				displayOptions: { show: { output: ['object'], scope: ['leads', 'leadsWithAccount'] } },
			},
			{
				displayName: 'Include Explanation',
				name: 'includeExplanation',
				type: 'boolean',
				default: true,
				description: 'Whether to list every rule that gave points, how often it matched and whether a cap cut it (easiest to read in the Schema or JSON view)',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [asOfOption],
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const source = this.getNodeParameter('modelSource', 0) as string;
		const modelFor = compiledSetting(this, source === 'json' ? 'modelJson' : source, (i) => readModel(this, source, i), compileModel);
		const asOf = asOfReader(this);
		const explain = this.getNodeParameter('includeExplanation', 0, true) as boolean;
		const scope = this.getNodeParameter('scope', 0, 'leads') as string;
		const keyPathFor = scope === 'leads' ? undefined : accountKeyPaths(this);
		const flat = this.getNodeParameter('output', 0, 'object') === 'flat';
		const field = flat ? undefined : fieldPathParameter(this, 'outputField', 'Output Field', 'leadScore');

		const outcomes = await evaluateItems(this, (item, i): ScoredLead => {
			const model = modelFor(i);
			const result = scoreLead(model, item.json, { asOf: asOf(i), explain });
			if (!keyPathFor) return { model, result };
			// One item per account needs every lead's account; with each lead, a lead without one just has none.
			const account = (scope === 'accounts' ? requireAccountKey : accountKeyOf)(item.json, keyPathFor(model));
			return { model, result, account };
		});

		const accounts = keyPathFor ? rollUpByModel(outcomes) : undefined;
		if (scope === 'accounts') {
			return [
				[
					...outcomes.filter((o) => 'error' in o).map(failedItem),
					...[...(accounts as Map<string, AccountScore & { model: CompiledModel }>).values()].map(accountItem),
				],
			];
		}
		return [
			outcomes.map((o) => {
				if ('error' in o) return failedItem(o);
				const account = o.value.account === undefined ? undefined : accounts?.get(accountMapKey(o.value.model, o.value.account));
				const result = resultJson(o.value.result, account, scope === 'leadsWithAccount');
				const json = field ? withField(o.item.json, field, result) : { ...o.item.json, ...flatFields(result) };
				return pairedWith(o.item, json, o.itemIndex);
			}),
		];
	}
}

function readModel(ctx: IExecuteFunctions, source: string, itemIndex: number): unknown {
	if (source === 'preset') {
		return presetModel(ctx.getNodeParameter('preset', itemIndex) as string);
	}
	if (source === 'json') return parseJsonSetting(ctx.getNodeParameter('modelJson', itemIndex), 'scoring model');
	return modelFromUi({
		fitRules: ctx.getNodeParameter('fitRules', itemIndex, {}) as IDataObject,
		engagementRules: ctx.getNodeParameter('engagementRules', itemIndex, {}) as IDataObject,
		settings: ctx.getNodeParameter('settings', itemIndex, {}) as IDataObject,
	});
}

/** The Account Key Field when set, else the model's account.key, else company.domain. */
function accountKeyPaths(ctx: IExecuteFunctions): (model: CompiledModel) => FieldPath {
	const configured =
		(ctx.getNodeParameter('accountKeyField', 0, '') as string).trim() === '' ? undefined : fieldPathParameter(ctx, 'accountKeyField', 'Account Key Field');
	const fallback = compilePath('company.domain');
	return (model) => configured ?? model.paths.accountKey ?? fallback;
}

/** Leads scored with different models (one per client) never share an account; the same model always does. */
function accountMapKey(model: CompiledModel, account: string): string {
	return `${model.hash}\u0000${account}`;
}

interface ScoredLead {
	model: CompiledModel;
	result: ScoreResult;
	account?: string;
}

function rollUpByModel(outcomes: Array<ItemOutcome<ScoredLead>>): Map<string, AccountScore & { model: CompiledModel }> {
	// Grouped by the model's content hash: the same model may have been compiled more than once.
	const byModel = new Map<string, { model: CompiledModel; scored: Array<{ account: string; result: ScoreResult; index: number }> }>();
	for (const o of outcomes) {
		if ('error' in o || o.value.account === undefined) continue;
		const group = byModel.get(o.value.model.hash) ?? { model: o.value.model, scored: [] };
		group.scored.push({ account: o.value.account, result: o.value.result, index: o.itemIndex });
		byModel.set(o.value.model.hash, group);
	}
	const accounts = new Map<string, AccountScore & { model: CompiledModel }>();
	for (const { model, scored } of byModel.values()) {
		for (const account of rollUpAccounts(model, scored)) accounts.set(accountMapKey(model, account.account), Object.assign(account, { model }));
	}
	return accounts;
}

function accountSummary(account: AccountScore): IDataObject {
	const { leadIndexes: _ignored, ...summary } = account;
	return summary as unknown as IDataObject;
}

function accountItem(account: AccountScore & { model: CompiledModel }): INodeExecutionData {
	const { model, ...rest } = account;
	return {
		json: {
			...accountSummary(rest),
			model: { name: model.model.name, version: model.model.version, hash: model.hash },
		},
		pairedItem: account.leadIndexes.map((item) => ({ item })),
	};
}

function resultJson(result: ScoreResult, account: (AccountScore & { model?: CompiledModel }) | undefined, withAccount: boolean): IDataObject {
	const json = { ...result } as unknown as IDataObject;
	if (account) {
		const { model: _model, ...rest } = account;
		json.account = accountSummary(rest);
	} else if (withAccount) {
		json.account = null;
	}
	return json;
}

function flatFields(result: IDataObject): IDataObject {
	const flat: IDataObject = {
		score: result.score,
		fitScore: result.fitScore,
		engagementScore: result.engagementScore,
		grade: result.grade,
		scoreLabel: result.label,
		scoreSummary: result.summary,
		scoredAt: result.asOf,
		scoreModel: `${(result.model as IDataObject).name} v${(result.model as IDataObject).version} (${(result.model as IDataObject).hash})`,
	};
	if (result.explanation) flat.scoreExplanation = result.explanation;
	if (result.account) flat.accountScore = result.account;
	return flat;
}
