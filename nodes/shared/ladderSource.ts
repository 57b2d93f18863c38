import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { DEFAULT_STAGE_LADDER, compileLadder, type CompiledLadder } from '../../src/stages';
import { parseJsonSetting } from './execution';
import { compiledSetting, isExpression } from './settings';
import { ladderFromUi, uiLadderProperties } from './uiLadder';

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

/** The compiled ladder of each item, and whether it comes from an expression (then it is known only per item). */
export function ladderSetting(ctx: IExecuteFunctions): { ladderFor: (itemIndex: number) => CompiledLadder; fromExpression: boolean } {
	const source = ctx.getNodeParameter('ladderSource', 0) as string;
	const parameters = LADDER_PARAMETERS[source] ?? [];
	return {
		ladderFor: compiledSetting(ctx, parameters, (i) => readLadder(ctx, source, i), compileLadderSetting),
		fromExpression: isExpression(ctx, parameters),
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

function readLadder(ctx: IExecuteFunctions, source: string, itemIndex: number): unknown {
	if (source === 'json') return ctx.getNodeParameter('ladderJson', itemIndex);
	const neverDemote = ctx.getNodeParameter('neverDemote', itemIndex, false) as boolean;
	if (source === 'default') return { ...DEFAULT_STAGE_LADDER, neverDemote };
	const ladder = ladderFromUi({
		floorStage: ctx.getNodeParameter('floorStage', itemIndex),
		stages: ctx.getNodeParameter('stages', itemIndex, {}) as IDataObject,
		margin: ctx.getNodeParameter('margin', itemIndex),
	});
	return { ...ladder, neverDemote };
}
