import {
	NodeConnectionTypes,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { ConfigError, type ConfigIssue } from '../../src/errors';
import { compilePath, pathProblem, withField, type FieldPath } from '../../src/fields';
import {
	DEFAULT_STAGE_LADDER,
	classifyStage,
	readStageInput,
	type CompiledLadder,
	type StageFieldPaths,
	type StageResult,
} from '../../src/stages';
import { asOfOption, asOfReader } from '../shared/asOf';
import { asNodeError, namedFields, routeItems } from '../shared/execution';
import { fieldPathParameter, sameForEveryItem } from '../shared/settings';
import { toolLeadProperty } from '../shared/tool';
import { configuredOutputs } from './outputs';
import { currentRecord } from '../shared/leadRecord';
import { LADDER_HINTS, ladderSetting, ladderSourceProperties } from '../shared/ladderSource';
import { docsUrl } from '../shared/docs';

const DEFAULT_STAGE_NAMES = DEFAULT_STAGE_LADDER.stages.map((s) => s.name);

/** The Options that say where each input is read from, keyed by the input they feed. */
const INPUT_FIELD_OPTIONS: Record<keyof StageFieldPaths, INodeProperties> = {
	total: {
		displayName: 'Total Score Field',
		name: 'totalField',
		type: 'string',
		default: 'decay.score, leadScore.score, score',
		description: 'Field holding the total score. Several paths separated by commas: the first the lead has (by default the decayed total when Apply Decay ran, else the scored one).',
	},
	fitScore: {
		displayName: 'Fit Score Field',
		name: 'fitScoreField',
		type: 'string',
		default: 'decay.fitScore, leadScore.fitScore, fitScore',
		description: 'Field holding the fit score, read when a stage has a minimum fit',
	},
	engagementScore: {
		displayName: 'Engagement Score Field',
		name: 'engagementScoreField',
		type: 'string',
		default: 'decay.engagementScore, leadScore.engagementScore, engagementScore',
		description: 'Field holding the engagement score, read when a stage has a minimum engagement',
	},
	grade: {
		displayName: 'Grade Field',
		name: 'gradeField',
		type: 'string',
		default: 'leadScore.grade, grade',
		description: 'Field holding the fit grade (A best), read when a stage has a minimum grade',
	},
	label: {
		displayName: 'Grid Label Field',
		name: 'labelField',
		type: 'string',
		default: 'leadScore.label, scoreLabel',
		description: 'Field holding the fit x engagement label (A1..D4), read when a stage lists labels',
	},
	previousStage: {
		displayName: 'Previous Stage Field',
		name: 'previousStageField',
		type: 'string',
		default: 'leadStage.stage',
		description: 'Field holding the stage the lead was in; empty for a new lead',
	},
	previousStageEnteredAt: {
		displayName: 'Previous Stage Entered At Field',
		name: 'previousStageEnteredAtField',
		type: 'string',
		default: 'leadStage.stageEnteredAt',
		description: 'Field holding when the lead entered its previous stage',
	},
	recycle: {
		displayName: 'Recycle Field',
		name: 'recycleField',
		type: 'string',
		default: '',
		description: 'Field that, when true, lets the lead move to a lower stage (sales sent it back); empty for none',
	},
};

export class ClassifyStage implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Classify Stage',
		name: 'classifyStage',
		icon: { light: 'file:classifyStage.svg', dark: 'file:classifyStage.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["routing"] === "single" ? "Single output" : "One output per stage" }}',
		description: 'Put scored leads on a stage ladder (Cold, IQL, MQL, SQL) with hysteresis and route them by stage',
		documentationUrl: docsUrl('classify-stage.md'),
		defaults: { name: 'Classify Stage' },
		inputs: [NodeConnectionTypes.Main],
		outputs: `={{(${configuredOutputs})($parameter, ${JSON.stringify(DEFAULT_STAGE_NAMES)})}}`,
		// As an AI Agent's tool the model passes the lead (see shared/tool.ts).
		usableAsTool: true,
		hints: LADDER_HINTS,
		properties: [
			toolLeadProperty(
				'The scored lead to put on the stage ladder, as a JSON object holding its scores where this node reads them (by default {"leadScore": {"score": 72, "fitScore": 35, "engagementScore": 37, "grade": "B"}}) and its current stage if known ({"leadStage": {"stage": "MQL"}})',
			),
			...ladderSourceProperties,
			{
				displayName: 'Routing',
				name: 'routing',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'One Output per Stage', value: 'perStage', description: 'Each lead leaves on the output of its stage' },
					{ name: 'Single Output', value: 'single', description: 'All leads leave on one output' },
				],
				default: 'perStage',
			},
			{
				displayName: 'Only Changed',
				name: 'onlyChanged',
				type: 'boolean',
				noDataExpression: true,
				default: false,
				description: 'Whether leads whose stage did not change leave on a separate "Unchanged" output, so the others can trigger a hand-off at once',
			},
			{
				displayName: 'Output Field',
				name: 'outputField',
				type: 'string',
				default: 'leadStage',
				description: 'Field the stage, its change and the reason are written to',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [asOfOption, ...Object.values(INPUT_FIELD_OPTIONS)],
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// leadOf: the item's json plus the values n8n computed for stage Fields given as expressions (not a dragged field).
		const { ladderFor, fromExpression, leadOf } = ladderSetting(this);
		const fields = readFieldPaths(this);
		const outputPath = fieldPathParameter(this, 'outputField', 'Output Field');
		const asOf = asOfReader(this);
		const route = stageRouter(this);
		if (!fromExpression) route.checkLadder(ladderFor(0));

		const reached = new Set<string>();
		const outputs = await routeItems(
			this,
			route.outputCount,
			(item, i) => {
				const ladder = ladderFor(i);
				const result = classifyStage(ladder, readStageInput(ladder, leadOf(currentRecord(item.json), i), fields), asOf(i));
				reached.add(result.stage);
				return { json: withField(item.json, outputPath, result as unknown as IDataObject), output: route.outputOf(result) };
			},
			route.failedOutput,
			namedFields(Object.entries(INPUT_FIELD_OPTIONS).map(([key, option]) => [fields[key as keyof StageFieldPaths]?.source, option.displayName])),
		);
		// A stage no lead reached may be right (few leads) or a threshold no score can meet: say which, never silently.
		if (!fromExpression && reached.size > 0) {
			const unreached = ladderFor(0).stages.map((stage) => stage.name).filter((name) => !reached.has(name));
			if (unreached.length > 0) {
				this.addExecutionHints({
					type: 'info',
					location: 'outputPane',
					message: `No lead reached ${unreached.join(', ')} in this run. If that is unexpected, check those stages' thresholds against the scores.`,
				});
			}
		}
		return outputs;
	}
}

/**
 * Routes by the outputs n8n computed for this run (the same ones the editor drew), matching stage names, so the
 * routing can never disagree with the connections. A ladder from an expression is not known when outputs are
 * computed; with One Output per Stage its stages have no outputs and the check names them.
 */
function stageRouter(ctx: IExecuteFunctions) {
	const names = ctx
		.getNodeOutputs()
		.filter((o) => o.category !== 'error')
		.map((o) => (o.displayName ?? '').toLowerCase());
	const onlyChanged = ctx.getNodeParameter('onlyChanged', 0) as boolean;
	const perStage = ctx.getNodeParameter('routing', 0) === 'perStage';
	// After the stages: Unchanged (with Only Changed), then Failed (with One Output per Stage); see outputs.ts.
	const stageOutputs = perStage ? names.slice(0, names.length - (onlyChanged ? 2 : 1)) : [];
	const unchangedOutput = perStage ? names.length - 2 : names.length - 1;
	const noOutputFor = (stages: string[]) =>
		new ConfigError('setting', [
			{
				path: 'Routing',
				message: `stage ${stages.map((s) => `"${s}"`).join(', ')} has no output; One Output per Stage needs the ladder written in the node (not from an expression), or choose Single Output`,
			},
		]);
	return {
		outputCount: names.length,
		/**
		 * Where a failed lead goes with Continue (regular output): never a stage output, where it would pass for a
		 * cold (or hot) lead. Failed with One Output per Stage; Unchanged with a single output and Only Changed (it
		 * has no new stage to hand on); else the single output, carrying its error.
		 */
		failedOutput: perStage || onlyChanged ? names.length - 1 : 0,
		/** Fails the node before any item when a fixed ladder has a stage without an output. */
		checkLadder(ladder: CompiledLadder): void {
			const missing = perStage ? ladder.stages.filter((s) => !stageOutputs.includes(s.name.toLowerCase())) : [];
			if (missing.length > 0) throw asNodeError(ctx, noOutputFor(missing.map((s) => s.name)));
		},
		outputOf(result: StageResult): number {
			if (onlyChanged && !result.changed) return unchangedOutput;
			if (!perStage) return 0;
			const index = stageOutputs.indexOf(result.stage.toLowerCase());
			if (index < 0) throw noOutputFor([result.stage]);
			return index;
		},
	};
}

/** Compiles every input field option at once, so all bad paths are reported together before any item. */
function readFieldPaths(ctx: IExecuteFunctions): StageFieldPaths {
	const issues: ConfigIssue[] = [];
	const paths: Partial<Record<keyof StageFieldPaths, FieldPath>> = {};
	for (const [key, option] of Object.entries(INPUT_FIELD_OPTIONS) as Array<[keyof StageFieldPaths, INodeProperties]>) {
		const path = String(sameForEveryItem(ctx, `options.${option.name}`, option.displayName, option.default)).trim();
		if (key === 'recycle' && path === '') continue;
		const problem = pathProblem(path);
		if (problem) issues.push({ path: option.displayName, message: problem });
		else paths[key] = compilePath(path);
	}
	if (issues.length > 0) throw asNodeError(ctx, new ConfigError('options', issues));
	return paths as StageFieldPaths;
}
