import {
	NodeConnectionTypes,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { compileStoredScoreDecay } from '../../src/decay';
import { asOfOption, asOfReader } from '../shared/asOf';
import { namedFields, parseJsonSetting, routeItems } from '../shared/execution';
import { toolLeadProperty } from '../shared/tool';
import { compiledSetting, isExpression } from '../shared/settings';
import { withField } from '../../src/fields';
import { READS } from '../shared/leadRecord';
import { docsUrl } from '../shared/docs';

const PERIODIC = ['compoundingPercent', 'linearPercent'];

/** Every parameter that goes into the settings; any of them may be an expression. */
const SETTING_PARAMETERS = [
	'scoreField',
	'lastActivityField',
	'fitScoreField',
	'curve',
	'halfLifeDays',
	'percent',
	'every',
	'unit',
	'points',
	'windowDays',
	'graceDays',
	'floor',
	'curveJson',
	'options.decayFit',
	'options.currentScoreField',
	'options.boundsField',
	'options.outputField',
	'options.decimals',
];

export class ApplyDecay implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Apply Decay',
		name: 'applyDecay',
		icon: { light: 'file:applyDecay.svg', dark: 'file:applyDecay.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ ({ halfLife: "Half-life", compoundingPercent: "Compounding percent", linearPercent: "Linear percent", pointsPerDay: "Points per day", window: "Time window", json: "JSON curve" })[$parameter["curve"]] }}',
		description: 'Fade stored lead scores that have gone quiet, from the score and date of the last activity',
		documentationUrl: docsUrl('apply-decay.md'),
		defaults: { name: 'Apply Decay' },
		inputs: [NodeConnectionTypes.Main],
		// Unchanged leads get their own output only when asked, so the plain job keeps one output.
		outputs:
			'={{ $parameter["separateUnchanged"] ? [{ type: "main", displayName: "Changed" }, { type: "main", displayName: "Unchanged" }] : ["main"] }}',
		// As an AI Agent's tool the model passes the lead (see shared/tool.ts).
		usableAsTool: true,
		properties: [
			toolLeadProperty(
				'The lead whose stored score should fade, as a JSON object holding the score and the date of its last activity where this node reads them (by default {"leadScore": {"engagementScore": 40, "asOf": "2026-10-01T00:00:00Z"}}), with any other fields you know',
			),
			{
				displayName:
					'Decay is computed from the score as of the last activity, which this node only reads. Store the result in a different CRM field, so running the job twice never decays twice.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Score Field',
				name: 'scoreField',
				type: 'string',
				default: 'leadScore.engagementScore, engagementScore',
				required: true,
				description:
					'Path of the stored score that fades: the engagement part, or the total if you keep only one score (then clear Fit Score Field). Several paths separated by commas: the first the lead has.',
			},
			{
				displayName: 'Fit Score Field',
				name: 'fitScoreField',
				type: 'string',
				default: 'leadScore.fitScore, fitScore',
				description: 'Path of the stored fit part, added to the result; it does not fade unless Decay Fit Score Too is on. Leave empty if the score field holds the total.',
			},
			{
				displayName: 'Last Activity Field',
				name: 'lastActivityField',
				type: 'string',
				default: 'leadScore.lastActivityAt, lastActivityAt',
				required: true,
				description:
					'Path of the date of the last activity the stored score counts (Score Lead writes it as lastActivityAt): an ISO date, epoch seconds or epoch milliseconds. Empty or null: no dated activity, nothing fades.',
			},
			{
				displayName: 'Curve',
				name: 'curve',
				type: 'options',
				options: [
					{ name: 'Compounding Percent', value: 'compoundingPercent', description: 'Minus a percentage of the current score per period' },
					{ name: 'Half-Life', value: 'halfLife', description: 'The score halves every N days, continuously' },
					{ name: 'JSON', value: 'json', description: 'A curve as JSON, pasted or from an expression' },
					{ name: 'Linear Percent', value: 'linearPercent', description: 'Minus a percentage of the original score per period, down to zero' },
					{ name: 'Points Per Day', value: 'pointsPerDay', description: 'Minus a fixed number of points per whole day, down to zero' },
					{ name: 'Time Window', value: 'window', description: 'The score counts in full for N days, then not at all' },
				],
				default: 'halfLife',
			},
			{
				displayName: 'Half-Life (Days)',
				name: 'halfLifeDays',
				type: 'number',
				typeOptions: { minValue: 0.01 },
				default: 30,
				displayOptions: { show: { curve: ['halfLife'] } },
				description: 'Days after which half of the score is left',
			},
			{
				displayName: 'Percent',
				name: 'percent',
				type: 'number',
				typeOptions: { minValue: 0.01, maxValue: 100 },
				default: 25,
				displayOptions: { show: { curve: PERIODIC } },
				description: 'Percentage taken per whole period of inactivity',
			},
			{
				displayName: 'Every',
				name: 'every',
				type: 'number',
				typeOptions: { minValue: 1, numberPrecision: 0 },
				default: 1,
				displayOptions: { show: { curve: PERIODIC } },
				description: 'Length of one period, in the unit below',
			},
			{
				displayName: 'Unit',
				name: 'unit',
				type: 'options',
				options: [
					{ name: 'Days', value: 'days' },
					{ name: 'Weeks', value: 'weeks' },
					{ name: 'Calendar Months', value: 'months' },
				],
				default: 'months',
				displayOptions: { show: { curve: PERIODIC } },
			},
			{
				displayName: 'Points',
				name: 'points',
				type: 'number',
				typeOptions: { minValue: 0.01 },
				default: 1,
				displayOptions: { show: { curve: ['pointsPerDay'] } },
				description: 'Points taken per whole day of inactivity',
			},
			{
				displayName: 'Window (Days)',
				name: 'windowDays',
				type: 'number',
				typeOptions: { minValue: 0.01 },
				default: 90,
				displayOptions: { show: { curve: ['window'] } },
				description: 'Days the score counts in full after the last activity',
			},
			{
				displayName: 'Grace Period (Days)',
				name: 'graceDays',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				displayOptions: { hide: { curve: ['json'] } },
				description: 'Days without any decay after the last activity; periods and windows count from the end of grace',
			},
			{
				displayName: 'Floor',
				name: 'floor',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				displayOptions: { hide: { curve: ['json'] } },
				description: 'Decay never takes a score closer to zero than this; a score already nearer zero is left as it is',
			},
			{
				displayName: 'Curve (JSON)',
				name: 'curveJson',
				type: 'json',
				default: '{\n  "curve": "halfLife",\n  "halfLifeDays": 30,\n  "graceDays": 0,\n  "floor": 0\n}',
				displayOptions: { show: { curve: ['json'] } },
				description: 'One of: halfLife (halfLifeDays), compoundingPercent or linearPercent (percent, every, unit), pointsPerDay (points), window (days); each with optional graceDays and floor',
			},
			{
				displayName: 'Send Unchanged Leads to a Second Output',
				name: 'separateUnchanged',
				type: 'boolean',
				noDataExpression: true,
				default: false,
				description:
					'Whether leads whose score did not change leave on a separate Unchanged output, so only changed leads go on to the CRM update',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					asOfOption,
					{
						displayName: 'Current Score Field',
						name: 'currentScoreField',
						type: 'string',
						default: '',
						description:
							'Path of the decayed score stored back by the previous run. When set, a lead counts as changed only if the new score differs from it; otherwise it is compared with the stored score.',
					},
					{
						displayName: 'Decay Fit Score Too',
						name: 'decayFit',
						type: 'boolean',
						default: false,
						description: 'Whether the fit part fades with the same curve (fit usually does not fade)',
					},
					{
						displayName: 'Decay From Field',
						name: 'decayFromField',
						type: 'string',
						default: 'leadScore.decayFrom, decayFrom',
						description:
							'Path of the moment fading goes on from, when the record has it. Score Lead writes its scoring time there when its model already fades each event (so the score is not faded twice), else the last activity. A lead without it fades from the last activity; empty to always fade from the last activity.',
					},
					{
						displayName: 'Decimal Places',
						name: 'decimals',
						type: 'number',
						typeOptions: { minValue: 0, maxValue: 10, numberPrecision: 0 },
						default: 2,
						description: 'Decimal places the decayed scores are rounded to',
					},
					{
						displayName: 'Output Field',
						name: 'outputField',
						type: 'string',
						default: 'decay',
						description: 'Path the result is written to: score, baseScore, pointsRemoved, daysInactive, changed, decayedAt and the curve',
					},
					{
						displayName: 'Score Bounds Field',
						name: 'boundsField',
						type: 'string',
						default: 'leadScore.bounds, scoreBounds',
						description:
							"Path of the model's total floor and ceiling ({ floor, ceiling }, as Score Lead writes them): the decayed total stays inside them. A lead without it has no bounds; empty for none.",
					},
					{
						displayName: 'Scored At Field',
						name: 'scoredAtField',
						type: 'string',
						default: 'leadScore.asOf, scoredAt',
						description:
							'Path of when the stored score was computed; copied to the result as scoredAt, so Classify Stage and Route to Sales ignore this decay once the lead is scored again. Empty for none.',
					},
				],
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const expressionParameter = SETTING_PARAMETERS.find((name) => isExpression(this, name)) ?? 'curve';
		const decayerFor = compiledSetting(this, expressionParameter, (i) => readSettings(this, i), compileStoredScoreDecay);
		const asOf = asOfReader(this);
		const separate = this.getNodeParameter('separateUnchanged', 0, false) as boolean;

		// Which setting reads which field, for errors about a missing field (settings from expressions may fail here).
		let settings: Record<string, unknown> = {};
		try {
			settings = readSettings(this, 0);
		} catch {
			// The item that needs them reports the problem.
		}
		const fieldSettings = namedFields([
			[settings.scoreField, 'Score Field'],
			[settings.fitScoreField, 'Fit Score Field'],
			[settings.lastActivityField, 'Last Activity Field'],
			[settings.boundsField, 'Score Bounds Field'],
			[settings.currentScoreField, 'Current Score Field'],
		]);
		const [changed, unchanged] = [0, 1];
		// A failed item has no decayed score: it must not reach the CRM update wired to Changed.
		const failedOutput = separate ? unchanged : changed;
		return await routeItems(
			this,
			separate ? 2 : 1,
			(item, i) => {
				const decayer = decayerFor(i);
				const result = decayer.decay(item.json, asOf(i));
				return {
					json: withField(item.json, decayer.outputField, result),
					output: separate && !result.changed ? unchanged : changed,
				};
			},
			failedOutput,
			fieldSettings,
		);
	}
}

function readSettings(ctx: IExecuteFunctions, itemIndex: number): Record<string, unknown> {
	const read = (name: string, fallback?: unknown) => ctx.getNodeParameter(name, itemIndex, fallback) as unknown;
	const optionalPath = (value: unknown) => (value === '' || value === undefined ? undefined : value);
	const options = read('options', {}) as IDataObject;
	return {
		curve: readCurve(ctx, itemIndex),
		scoreField: read('scoreField'),
		lastActivityField: read('lastActivityField'),
		fitScoreField: optionalPath(read('fitScoreField', '')),
		boundsField: optionalPath(options.boundsField ?? READS.bounds),
		decayFromField: optionalPath(options.decayFromField ?? READS.decayFrom),
		scoredAtField: optionalPath(options.scoredAtField ?? READS.scoredAt),
		decayFit: options.decayFit ?? false,
		currentScoreField: optionalPath(options.currentScoreField),
		outputField: options.outputField ?? 'decay',
		decimals: options.decimals ?? 2,
	};
}

function readCurve(ctx: IExecuteFunctions, itemIndex: number): unknown {
	const read = (name: string) => ctx.getNodeParameter(name, itemIndex) as unknown;
	const curve = read('curve');
	if (curve === 'json') return parseJsonSetting(read('curveJson'), 'decay curve');
	const shape: Record<string, unknown> = { curve };
	if (curve === 'halfLife') shape.halfLifeDays = read('halfLifeDays');
	if (curve === 'pointsPerDay') shape.points = read('points');
	if (curve === 'window') shape.days = read('windowDays');
	if (PERIODIC.includes(curve as string)) Object.assign(shape, { percent: read('percent'), every: read('every'), unit: read('unit') });
	// Zero grace and floor are the defaults; leaving them out keeps the curve in the output short.
	const graceDays = read('graceDays');
	const floor = read('floor');
	if (graceDays !== 0) shape.graceDays = graceDays;
	if (floor !== 0) shape.floor = floor;
	return shape;
}
