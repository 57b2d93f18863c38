import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { ConfigError, type ConfigIssue } from '../../../src/errors';
import { compilePath, pathProblem, type FieldPath } from '../../../src/fields';
import type { CompiledModel } from '../../../src/scoring';
import type { CompiledLadder } from '../../../src/stages';
import { chartSvg, EventTypes, outcomeReader, readHistoricalLead, type Band, type CutoffRule, type GainSeries, type HistoricalLead, type StageTarget } from '../../../src/tuning';
import { asNodeError, evaluateItems, failedItem, type ItemOutcome } from '../../shared/execution';
import { ladderSetting } from '../../shared/ladderSource';
import { modelJsonOption, modelJsonWriter, modelSetting } from '../../shared/modelSource';

/**
 * Settings the operations share: where the outcome is (all three), when each lead is scored and the stage target
 * (Evaluate and Suggest: Preview scores every lead at one As Of and has no target).
 */
const sharedProperties: INodeProperties[] = [
	{
		displayName: 'Outcome Field',
		name: 'outcomeField',
		type: 'string',
		default: 'converted',
		required: true,
		description:
			'Field saying whether the lead converted: true/false, yes/no, 1/0, won/lost, closed won/closed lost (add your own words under Options)',
	},
	{
		displayName: 'Score Each Lead As Of',
		name: 'cutoff',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Days Before Its Outcome Date', value: 'outcomeDate', description: 'The date the lead was won or lost, minus a margin' },
			{ name: 'Days After It Was Created', value: 'createdPlus', description: 'The creation date plus some days (never after the outcome date)' },
			{ name: 'A Date Field', value: 'field', description: 'A date stored on each lead' },
		],
		default: 'outcomeDate',
		description: 'The moment each lead is scored. Events after it are ignored, so the backtest never sees the future.',
	},
	{
		displayName: 'Outcome Date Field',
		name: 'outcomeDateField',
		type: 'string',
		default: 'outcomeDate',
		description: 'Field holding the date the lead was won or lost',
		displayOptions: { show: { cutoff: ['outcomeDate', 'createdPlus'] } },
	},
	{
		displayName: 'Days Before Outcome',
		name: 'marginDays',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 7,
		description: 'How many days before the outcome date to score; leaves out what happened while sales was already closing',
		displayOptions: { show: { cutoff: ['outcomeDate'] } },
	},
	{
		displayName: 'Created Date Field',
		name: 'createdField',
		type: 'string',
		default: 'createdAt',
		displayOptions: { show: { cutoff: ['createdPlus'] } },
	},
	{
		displayName: 'Days After Creation',
		name: 'daysAfterCreation',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 30,
		displayOptions: { show: { cutoff: ['createdPlus'] } },
	},
	{
		displayName: 'Cutoff Date Field',
		name: 'cutoffField',
		type: 'string',
		default: 'scoredAt',
		displayOptions: { show: { cutoff: ['field'] } },
	},
	{
		displayName: 'Stage Target',
		name: 'target',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'None', value: 'none' },
			{ name: 'A Conversion Rate', value: 'conversionRate', description: 'The lowest entry at which the stage still converts at least this often' },
			{ name: 'A Number of Leads per Week', value: 'capacity', description: 'The lowest entry that sends sales no more leads a week than this' },
		],
		default: 'conversionRate',
		description: 'What the suggested entry threshold of the target stage should reach',
	},
	{
		displayName: 'Target Conversion Rate (%)',
		name: 'targetRate',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 100 },
		default: 30,
		displayOptions: { show: { target: ['conversionRate'] } },
	},
	{
		displayName: 'Leads per Week',
		name: 'targetPerWeek',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 50,
		description: 'How many leads a week sales can take in this stage (weeks counted over the dates the leads were scored)',
		displayOptions: { show: { target: ['capacity'] } },
	},
	{
		displayName: 'Target Stage',
		name: 'targetStage',
		type: 'string',
		default: '',
		placeholder: 'SQL',
		description: "The stage whose entry is suggested; empty for the ladder's top stage",
		displayOptions: { show: { target: ['conversionRate', 'capacity'] } },
	},
];

export const commonProperties: INodeProperties[] = sharedProperties.map((p) =>
	p.name === 'outcomeField'
		? p
		: { ...p, displayOptions: { ...p.displayOptions, show: { ...p.displayOptions?.show, operation: ['evaluate', 'suggest'] } } },
);

export const reportOptions: INodeProperties[] = [
	{
		displayName: 'Chart Field',
		name: 'chartField',
		type: 'string',
		default: 'chart',
		description: 'Binary field the chart (SVG) is written to; empty for no chart',
	},
	{
		displayName: 'Converted Values',
		name: 'convertedValues',
		type: 'string',
		default: '',
		placeholder: 'Closed Won, Customer',
		description: 'More outcome values that mean converted, separated by commas',
	},
	modelJsonOption,
	{
		displayName: 'Not Converted Values',
		name: 'notConvertedValues',
		type: 'string',
		default: '',
		placeholder: 'Closed Lost, Nurture',
		description: 'More outcome values that mean not converted, separated by commas',
	},
	{
		displayName: 'Revenue Field',
		name: 'revenueField',
		type: 'string',
		default: '',
		placeholder: 'amount',
		description: 'Field holding the revenue of a converted lead, to report revenue per band, grade and stage',
	},
	{
		displayName: 'Score Bands',
		name: 'bands',
		type: 'number',
		typeOptions: { minValue: 2, maxValue: 50 },
		default: 10,
		description: 'How many bands of equal size leads are cut into by score (10: deciles)',
	},
];

export const list = (raw: unknown): string[] =>
	String(raw ?? '')
		.split(',')
		.map((s) => s.trim())
		.filter((s) => s !== '');

/** Every path setting checked before any item; all problems are named together by their labels. */
export function pathSettings(ctx: IExecuteFunctions, settings: Array<[name: string, label: string, optional?: boolean]>): Record<string, FieldPath | undefined> {
	const issues: ConfigIssue[] = [];
	const out: Record<string, FieldPath | undefined> = {};
	for (const [name, label, optional] of settings) {
		const path = String(ctx.getNodeParameter(name, 0, '')).trim();
		if (optional && path === '') continue;
		const problem = pathProblem(path);
		if (problem) issues.push({ path: label, message: problem });
		else out[name] = compilePath(path);
	}
	if (issues.length > 0) throw asNodeError(ctx, new ConfigError('settings', issues));
	return out;
}

export interface ModelGroup<T = HistoricalLead> {
	model: CompiledModel;
	ladder: CompiledLadder;
	leads: T[];
	itemIndexes: number[];
}

/** Leads grouped by the model that scores them (one group unless the model is an expression); failures apart. */
export function groupByModel<T>(outcomes: Array<ItemOutcome<{ model: CompiledModel; ladder: CompiledLadder; lead: T }>>): { groups: Array<ModelGroup<T>>; failed: INodeExecutionData[] } {
	const groups = new Map<string, ModelGroup<T>>();
	const failed: INodeExecutionData[] = [];
	for (const o of outcomes) {
		if ('error' in o) {
			failed.push(failedItem(o));
			continue;
		}
		const group = groups.get(o.value.model.hash) ?? { model: o.value.model, ladder: o.value.ladder, leads: [], itemIndexes: [] };
		group.leads.push(o.value.lead);
		group.itemIndexes.push(o.itemIndex);
		groups.set(o.value.model.hash, group);
	}
	return { groups: [...groups.values()], failed };
}

export interface ReadLeads {
	groups: ModelGroup[];
	failed: INodeExecutionData[];
	types: EventTypes;
	target?: StageTarget;
	bands: number;
	chartField: string;
	/** Adds the current model as JSON to a report when Include Model as JSON is on. */
	withModel: (json: IDataObject, model: CompiledModel) => IDataObject;
}

/**
 * Reads every input item as a historical lead scored by the current model as of its cutoff. Items whose model
 * differs (a model per client from an expression) are grouped by model: each group gets its own report.
 */
export async function readLeads(ctx: IExecuteFunctions): Promise<ReadLeads> {
	const model = modelSetting(ctx);
	const { ladderFor, leadOf: ladderLeadOf } = ladderSetting(ctx);
	const modelFor = model.modelFor;
	// Rule and stage Fields given as expressions read values n8n computes per item (see builderFields.ts).
	const leadOf = (json: IDataObject, i: number) => ladderLeadOf(model.leadOf(json, i), i);
	const cutoffKind = ctx.getNodeParameter('cutoff', 0) as CutoffRule['kind'];
	const paths = pathSettings(ctx, [
		['outcomeField', 'Outcome Field'],
		['options.revenueField', 'Revenue Field', true],
		...(cutoffKind === 'field' ? [['cutoffField', 'Cutoff Date Field'] as [string, string]] : [['outcomeDateField', 'Outcome Date Field'] as [string, string]]),
		...(cutoffKind === 'createdPlus' ? [['createdField', 'Created Date Field'] as [string, string]] : []),
	]);
	const cutoff: CutoffRule =
		cutoffKind === 'field'
			? { kind: 'field', field: paths.cutoffField as FieldPath }
			: cutoffKind === 'createdPlus'
				? { kind: 'createdPlus', created: paths.createdField as FieldPath, days: ctx.getNodeParameter('daysAfterCreation', 0, 30) as number, outcomeDate: paths.outcomeDateField }
				: { kind: 'outcomeDate', outcomeDate: paths.outcomeDateField as FieldPath, marginDays: ctx.getNodeParameter('marginDays', 0, 7) as number };
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const reading = {
		outcome: paths.outcomeField as FieldPath,
		readOutcome: outcomeReader(list(options.convertedValues), list(options.notConvertedValues)),
		revenue: paths['options.revenueField'],
		cutoff,
	};
	const target = readTarget(ctx);
	const withModel = modelJsonWriter(ctx) ?? ((json: IDataObject) => json);
	const types = new EventTypes();
	const outcomes = await evaluateItems(ctx, (item, i) => {
		const model = modelFor(i);
		const ladder = ladderFor(i);
		return { model, ladder, lead: readHistoricalLead(model, ladder, reading, types, leadOf(item.json, i)) };
	});
	const { groups, failed } = groupByModel(outcomes);
	if (target?.stage !== undefined) {
		for (const g of groups) {
			if (!g.ladder.find(target.stage)) {
				throw asNodeError(ctx, new ConfigError('settings', [{ path: 'Target Stage', message: `the ladder has no stage "${target.stage}" (its stages: ${g.ladder.stages.map((s) => s.name).join(', ')})` }]));
			}
		}
	}
	return { groups, failed, types, target, bands: (options.bands as number | undefined) ?? 10, chartField: String(options.chartField ?? 'chart').trim(), withModel };
}

function readTarget(ctx: IExecuteFunctions): StageTarget | undefined {
	const kind = ctx.getNodeParameter('target', 0, 'none') as string;
	if (kind === 'none') return undefined;
	const stage = String(ctx.getNodeParameter('targetStage', 0, '')).trim() || undefined;
	if (kind === 'capacity') return { stage, leadsPerWeek: ctx.getNodeParameter('targetPerWeek', 0, 50) as number };
	return { stage, conversionRate: (ctx.getNodeParameter('targetRate', 0, 30) as number) / 100 };
}

/** The report item: pairedItem names every lead it was computed from; the chart is an SVG binary. */
export async function reportItem(
	ctx: IExecuteFunctions,
	json: IDataObject,
	itemIndexes: readonly number[],
	chart: { field: string; title: string; series: GainSeries[]; bands: Band[]; rate: number },
): Promise<INodeExecutionData> {
	const item: INodeExecutionData = { json, pairedItem: itemIndexes.map((item) => ({ item })) };
	if (chart.field !== '') {
		const svg = chartSvg(chart.title, chart.series, chart.bands, chart.rate);
		item.binary = { [chart.field]: await ctx.helpers.prepareBinaryData(Buffer.from(svg, 'utf8'), 'tune-model.svg', 'image/svg+xml') };
	}
	return item;
}

/** Errors of the whole data set (one outcome only, too few leads) fail the node, named as settings problems are. */
export function reportProblem(ctx: IExecuteFunctions, error: unknown): never {
	throw asNodeError(ctx, error);
}
