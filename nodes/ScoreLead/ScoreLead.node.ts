import {
	NodeConnectionTypes,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import {
	requireAccountKey,
	accountKeyOf,
	compilePath,
	rollUpAccounts,
	EVENT_CLOCK_TOLERANCE_MS,
	scoreLead,
	type AccountScore,
	type CompiledModel,
	type FieldPath,
	type ScoreResult,
} from '../../src';
import { asOfOption, asOfReader } from '../shared/asOf';
import { evaluateItems, failedItem, pairedWith, type ItemOutcome } from '../shared/execution';
import { fieldPathParameter, sameForEveryItem } from '../shared/settings';
import { addHints, scoreHints } from './hints';
import { isToolRun, toolLeadProperty } from '../shared/tool';
import { withField } from '../../src/fields';
import { MODEL_HINTS, MODEL_SUBTITLE, modelJsonOption, modelJsonWriter, modelSetting, modelSourceProperties } from '../shared/modelSource';
import { docsUrl } from '../shared/docs';

export class ScoreLead implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Score Lead',
		name: 'scoreLead',
		icon: { light: 'file:scoreLead.svg', dark: 'file:scoreLead.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: MODEL_SUBTITLE,
		description: 'Score leads on fit and engagement, with caps, decay, a grade and an explanation of every point',
		documentationUrl: docsUrl('score-lead.md'),
		defaults: { name: 'Score Lead' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// As an AI Agent's tool the model passes the lead (see toolLeadProperty) and reads a compact result. No
		// `replacements.description`: n8n 2.41's runtime ignores it for the tool's description (the editor does not).
		usableAsTool: true,
		hints: MODEL_HINTS,
		properties: [
			toolLeadProperty(
				'The lead to score, as a JSON object with the fields you know, named as in the CRM, e.g. {"email": "dana@acme.com", "jobTitle": "VP Marketing", "company": {"name": "Acme", "employees": 250, "industry": "software"}, "events": [{"type": "page_view", "url": "/pricing", "timestamp": "2026-11-20T09:00:00Z"}]}. Leave out what you do not know; never invent values.',
			),
			...modelSourceProperties,
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
				description:
					'Whether to add the explanation: every rule that gave points, in words ("Pricing page: 3 of 4 events counted (limit 3), +30") and in numbers, with what a limit or cap cut. The summary and top reasons are always there.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [asOfOption, modelJsonOption],
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// leadOf: the item's json plus the values n8n computed for rule Fields given as expressions (not a dragged field).
		const { modelFor, leadOf } = modelSetting(this);
		const asOf = asOfReader(this);
		const explain = sameForEveryItem(this, 'includeExplanation', 'Include Explanation', true);
		const scope = this.getNodeParameter('scope', 0, 'leads') as string;
		const keyPathFor = scope === 'leads' ? undefined : accountKeyPaths(this);
		const flat = sameForEveryItem<string>(this, 'output', 'Output', 'object') === 'flat';
		const field = flat ? undefined : fieldPathParameter(this, 'outputField', 'Output Field', 'leadScore');
		const withModel = modelJsonWriter(this) ?? ((json: IDataObject) => json);
		if (isToolRun(this)) {
			// The lead is the one the model passed (evaluateItems reads it); the agent reads a compact result.
			const scored = await evaluateItems(this, (item, i) => toolResult(scoreLead(modelFor(i), leadOf(item.json, i), { asOf: asOf(i), explain, aheadToleranceMs: EVENT_CLOCK_TOLERANCE_MS })));
			return [scored.map((o) => ('error' in o ? failedItem(o) : pairedWith(o.item, o.value, o.itemIndex)))];
		}

		const leads = new Map<number, IDataObject>();
		const outcomes = await evaluateItems(this, (item, i): ScoredLead => {
			const model = modelFor(i);
			const lead = leadOf(item.json, i);
			leads.set(i, lead);
			const result = scoreLead(model, lead, { asOf: asOf(i), explain, aheadToleranceMs: EVENT_CLOCK_TOLERANCE_MS });
			if (!keyPathFor) return { model, result };
			// One item per account needs every lead's account; with each lead, a lead without one just has none.
			const account = (scope === 'accounts' ? requireAccountKey : accountKeyOf)(item.json, keyPathFor(model));
			return { model, result, account };
		});

		addHints(
			this,
			scoreHints(outcomes.flatMap((o) => ('error' in o ? [] : [{ lead: leads.get(o.itemIndex) as IDataObject, model: o.value.model, result: o.value.result, itemIndex: o.itemIndex }]))),
		);
		const accounts = keyPathFor ? rollUpByModel(outcomes) : undefined;
		if (scope === 'accounts') {
			return [
				[
					...outcomes.filter((o) => 'error' in o).map(failedItem),
					...[...(accounts as Map<string, AccountScore & { model: CompiledModel }>).values()].map((account) => {
						const item = accountItem(account);
						return { ...item, json: withModel(item.json, account.model) };
					}),
				],
			];
		}
		return [
			outcomes.map((o) => {
				if ('error' in o) return failedItem(o);
				const account = o.value.account === undefined ? undefined : accounts?.get(accountMapKey(o.value.model, o.value.account));
				const result = resultJson(o.value.result, account, scope === 'leadsWithAccount');
				const json = field ? resultFirst(withField(o.item.json, field, result), field) : leading(flatFields(result), o.item.json);
				return pairedWith(o.item, withModel(json, o.value.model), o.itemIndex);
			}),
		];
	}
}

/** The Account Key Field when set, else the model's account.key, else company.domain. */
function accountKeyPaths(ctx: IExecuteFunctions): (model: CompiledModel) => FieldPath {
	const configured =
		String(sameForEveryItem(ctx, 'accountKeyField', 'Account Key Field', '')).trim() === '' ? undefined : fieldPathParameter(ctx, 'accountKeyField', 'Account Key Field');
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

/** What the agent reads back: the score and why, without echoing the lead or the model's hash. */
function toolResult(result: ScoreResult): IDataObject {
	return {
		score: result.score,
		grade: result.grade,
		summary: result.summary,
		topReasons: result.topReasons,
		label: result.label,
		fitScore: result.fitScore,
		engagementScore: result.engagementScore,
		model: `${result.model.name} v${result.model.version}`,
	};
}

/**
 * The item with the result's top-level field moved to the front: n8n's table view shows keys in insertion order,
 * and the score is what a user opens the output to see (behind a long `events` column it is off screen).
 */
function resultFirst(json: IDataObject, field: FieldPath): IDataObject {
	return leading({ [field[0]]: json[field[0]] }, json);
}

/**
 * `fields` first, then the item's other fields. Keys of `fields` the item already has (a lead scored again) take the
 * front place and the new value: the second spread keeps a key's first position and writes its last value.
 */
function leading(fields: IDataObject, json: IDataObject): IDataObject {
	return { ...fields, ...json, ...fields };
}

/** Output: Flat Fields, in the order the table view shows them: score, grade, the words, then the rest. */
function flatFields(result: IDataObject): IDataObject {
	const flat: IDataObject = {
		score: result.score,
		grade: result.grade,
		scoreSummary: result.summary,
		topReasons: result.topReasons,
		scoreLabel: result.label,
		fitScore: result.fitScore,
		engagementScore: result.engagementScore,
		lastActivityAt: result.lastActivityAt,
		decayFrom: result.decayFrom,
		scoredAt: result.asOf,
		scoreBounds: result.bounds,
		scoreModel: `${(result.model as IDataObject).name} v${(result.model as IDataObject).version} (${(result.model as IDataObject).hash})`,
	};
	if (result.account) flat.accountScore = result.account;
	if (result.explanation) flat.scoreExplanation = result.explanation;
	return flat;
}
