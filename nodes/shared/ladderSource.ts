import type { IDataObject, IExecuteFunctions, INodeProperties, NodeHint } from 'n8n-workflow';
import { numericValueHint } from './conditionBuilder';
import { DEFAULT_STAGE_LADDER, compileLadder, type CompiledLadder } from '../../src/stages';
import { parseJsonSetting } from './execution';
import { compiledSetting, isExpression } from './settings';
import { builderFields, type BuilderFields, type FieldBox } from './builderFields';
import { UI_LADDER_NAMES, ladderFromUi, uiLadderProperties } from './uiLadder';

/**
 * Where a node reads its stage ladder: the default, the builder, or JSON. Classify Stage puts leads on it; Tune
 * Model reports conversion per stage and suggests its thresholds.
 */
export const ladderSourceProperties: INodeProperties[] = [
	{
		displayName: 'Stage Ladder',
		name: 'ladderSource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Default (Cold, IQL, MQL, SQL)', value: 'default', description: 'IQL at 20, MQL at 50, SQL at 75, margin 5' },
			{ name: 'Build Here', value: 'ui', description: 'Name the stages and their entry totals' },
			{ name: 'JSON', value: 'json', description: 'A ladder as JSON, with every condition and per-stage exits' },
		],
		default: 'default',
	},
	...uiLadderProperties.map((p) => ({ ...p, displayOptions: { show: { ladderSource: ['ui'] } } })),
	{
		displayName: 'Ladder (JSON)',
		name: 'ladderJson',
		type: 'json',
		default: JSON.stringify(DEFAULT_STAGE_LADDER, null, 2),
		description: 'Stages lowest first; the first is the floor and has no conditions. See the package README for every field.',
		displayOptions: { show: { ladderSource: ['json'] } },
	},
	{
		displayName: 'Never Demote',
		name: 'neverDemote',
		type: 'boolean',
		default: false,
		description: 'Whether leads may only move up the ladder, unless their recycle field is true',
		displayOptions: { show: { ladderSource: ['default', 'ui'] } },
	},
];

/** A warning in the panel before a run: a stage condition whose number operator has a Value that is not a number. */
export const LADDER_HINTS: NodeHint[] = [
	numericValueHint('$parameter.ladderSource === "ui"', '($parameter.stages || {}).stage', '(r.conditions || {}).whenOperator', '(r.conditions || {}).whenValue'),
];

/** The Field box of the stage builder's conditions (see builderFields.ts). */
const STAGE_FIELDS: FieldBox[] = [
	{ parameter: 'stages', rows: 'stage', key: 'conditions.whenField', label: 'Field Condition: Field', noun: 'stage', labelKey: 'name' },
];

export interface LadderSetting {
	/** The compiled ladder of an item. */
	ladderFor: (itemIndex: number) => CompiledLadder;
	/** Whether it comes from an expression (then it is known only per item); a dragged field alone does not count. */
	fromExpression: boolean;
	/** The lead the ladder's conditions read for an item: its json, plus the values of Fields that are expressions. */
	leadOf: (json: IDataObject, itemIndex: number) => IDataObject;
}

export function ladderSetting(ctx: IExecuteFunctions): LadderSetting {
	const source = ctx.getNodeParameter('ladderSource', 0) as string;
	const parameters = LADDER_PARAMETERS[source] ?? [];
	const fields = source === 'ui' ? builderFields(ctx, STAGE_FIELDS) : undefined;
	const compile = source === 'ui' ? compileUiLadder : compileLadderSetting;
	return {
		ladderFor: compiledSetting(ctx, parameters, (i) => readLadder(ctx, source, i, fields), compile, fields),
		fromExpression: isExpression(ctx, parameters, fields),
		leadOf: fields?.leadOf ?? ((json) => json),
	};
}

/** The parameters each source reads: an expression anywhere in them (a stage minimum) makes the ladder per item. */
const LADDER_PARAMETERS: Record<string, string[]> = {
	json: ['ladderJson'],
	default: ['neverDemote'],
	ui: ['floorStage', 'stages', 'margin', 'neverDemote'],
};

/** JSON text is parsed inside the compile, so the cache parses each distinct client ladder once. */
const compileLadderSetting = (raw: unknown): CompiledLadder => compileLadder(parseJsonSetting(raw, 'stage ladder'));
/** A ladder from the builder: its problems are named as the panel names its stages and settings. */
const compileUiLadder = (raw: unknown): CompiledLadder => compileLadder(raw, UI_LADDER_NAMES);

function readLadder(ctx: IExecuteFunctions, source: string, itemIndex: number, fields: BuilderFields | undefined): unknown {
	if (source === 'json') return ctx.getNodeParameter('ladderJson', itemIndex);
	const neverDemote = ctx.getNodeParameter('neverDemote', itemIndex, false) as boolean;
	if (source === 'default' || !fields) return { ...DEFAULT_STAGE_LADDER, neverDemote };
	const ladder = ladderFromUi({
		floorStage: ctx.getNodeParameter('floorStage', itemIndex),
		stages: fields.read('stages', itemIndex),
		margin: ctx.getNodeParameter('margin', itemIndex),
	});
	return { ...ladder, neverDemote };
}
