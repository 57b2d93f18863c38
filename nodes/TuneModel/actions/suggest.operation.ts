import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { compilePath, readPath } from '../../../src/fields';
import { scoreLead } from '../../../src/scoring';
import { round, suggestModel, type SuggestOptions } from '../../../src/tuning';
import { list, readLeads, reportItem, reportProblem } from './common';

const ID = compilePath('id');

/** Fields no model should learn from: the package's own results, which would feed a score back into itself. */
const ALWAYS_EXCLUDED = ['leadScore', 'leadStage', 'routing', 'decay', 'error', 'id'];

export const description: INodeProperties[] = [
	{
		displayName: 'Learning Options',
		name: 'learning',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { operation: ['suggest'] } },
		options: [
			{
				displayName: 'Cross-Validation Folds',
				name: 'folds',
				type: 'number',
				typeOptions: { minValue: 2, maxValue: 10 },
				default: 3,
				description: 'The training leads are cut in this many parts to choose how strongly to simplify the model',
			},
			{
				displayName: 'Event Windows (Days)',
				name: 'windows',
				type: 'string',
				default: '30',
				description: 'Besides counting events ever, also count them within these windows (comma-separated days)',
			},
			{
				displayName: 'Hold-Out Share (%)',
				name: 'holdOut',
				type: 'number',
				typeOptions: { minValue: 10, maxValue: 50 },
				default: 25,
				description: 'Share of leads kept aside to compare the suggested model with the current one',
			},
			{
				displayName: 'Include Lead Scores',
				name: 'includeLeadScores',
				type: 'boolean',
				default: false,
				description: "Whether to list every lead's suggested score (and whether it was held out) in the report",
			},
			{
				displayName: 'Known Only After Contact',
				name: 'exclude',
				type: 'string',
				default: '',
				placeholder: 'dealStage, salesNotes',
				description: 'Fields filled in by sales after first contact, never to learn from (comma-separated; a field excludes everything under it)',
			},
			{
				displayName: 'Maximum Candidate Rules',
				name: 'maxCandidates',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 2000 },
				default: 500,
			},
			{
				displayName: 'Minimum Support (%)',
				name: 'minSupport',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 50 },
				default: 1,
				description: 'A candidate rule must match, and not match, at least this share of training leads (and at least 20)',
			},
			{
				displayName: 'Numeric Cut Points',
				name: 'numericCuts',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 20 },
				default: 9,
				description: 'How many "greater than" thresholds are tried per number field, at its quantiles (9: deciles)',
			},
			{
				displayName: 'Points per Doubling of the Odds',
				name: 'pointsPerDoubling',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 10,
				description: 'Every this many points, the odds to convert double; 10 puts a strong signal such as a demo request at about 15-30 points',
			},
			{
				displayName: 'Regularization',
				name: 'regularization',
				type: 'options',
				options: [
					{ name: 'L1 and L2 (Balanced)', value: 'elasticNet', description: 'Drops weak rules and shrinks the rest' },
					{ name: 'L1 (Fewest Rules)', value: 'l1', description: 'Keeps only the rules that earn their place' },
					{ name: 'L2 (Every Rule, Shrunk)', value: 'l2', description: 'Keeps every candidate, with smaller points' },
				],
				default: 'elasticNet',
			},
			{
				displayName: 'Seed',
				name: 'seed',
				type: 'number',
				default: 1,
				description: 'The same leads and seed always give the same split and the same model',
			},
			{
				displayName: 'Suggested Model Name',
				name: 'modelName',
				type: 'string',
				default: '',
				description: 'Empty: the current model\'s name with "(tuned)"',
			},
		],
	},
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const read = await readLeads(this);
	const learning = this.getNodeParameter('learning', 0, {}) as IDataObject;
	const settingFields = ['outcomeField', 'outcomeDateField', 'createdField', 'cutoffField', 'options.revenueField']
		.map((name) => String(this.getNodeParameter(name, 0, '')).trim())
		.filter((p) => p !== '');
	const exclude = [...ALWAYS_EXCLUDED, ...settingFields, ...list(learning.exclude)];
	const holdOut = ((learning.holdOut as number | undefined) ?? 25) / 100;
	const minShare = ((learning.minSupport as number | undefined) ?? 1) / 100;
	const alpha = { elasticNet: 0.5, l1: 1, l2: 0 }[(learning.regularization as 'elasticNet' | 'l1' | 'l2' | undefined) ?? 'elasticNet'];
	const reports: INodeExecutionData[] = [];
	for (const group of read.groups) {
		const options: SuggestOptions = {
			seed: (learning.seed as number | undefined) ?? 1,
			holdOut,
			folds: (learning.folds as number | undefined) ?? 3,
			alpha,
			lambdaCount: 8,
			pointsPerDoubling: (learning.pointsPerDoubling as number | undefined) ?? 10,
			candidates: {
				minSupport: Math.max(20, Math.ceil(minShare * group.leads.length * (1 - holdOut))),
				numericCuts: (learning.numericCuts as number | undefined) ?? 9,
				maxValuesPerField: 20,
				windowsDays: list(learning.windows ?? '30').map(Number).filter((d) => Number.isFinite(d) && d > 0),
				maxCandidates: (learning.maxCandidates as number | undefined) ?? 500,
				exclude,
			},
			bands: read.bands,
			target: read.target,
			modelName: String(learning.modelName ?? '').trim() || undefined,
			outcomeField: String(this.getNodeParameter('outcomeField', 0, '')).trim(),
		};
		let result;
		try {
			result = suggestModel(group.model, group.ladder, group.leads, read.types, options);
		} catch (error) {
			reportProblem(this, error);
		}
		const json = result.report as unknown as IDataObject;
		if (learning.includeLeadScores === true) {
			json.leadScores = group.leads.map((lead, i) => {
				const score = scoreLead(result.compiled, lead.lead, { asOf: lead.cutoff }).score;
				return { item: group.itemIndexes[i], heldOut: result.heldOut[i] === 1, score, currentScore: lead.score, asOf: new Date(lead.cutoff).toISOString(), id: readPath(lead.lead, ID) };
			});
		}
		const heldOut = result.report.heldOut;
		reports.push(
			await reportItem(this, read.withModel(json, group.model), group.itemIndexes, {
				field: read.chartField,
				title: `Held-out AUC: suggested ${heldOut.suggestedAuc}, current ${heldOut.comparison === 'empty' ? 'ranks nothing' : heldOut.currentAuc}`,
				series: [
					{ name: `Suggested (${heldOut.suggestedAuc})`, color: '#2e9d5b', scores: result.gain.suggested, y: result.gain.y },
					{ name: `Current (${heldOut.currentAuc})`, color: '#3b7dd8', scores: result.gain.current, y: result.gain.y },
				],
				bands: heldOut.bands,
				rate: round(result.report.leads.heldOutConverted / result.report.leads.heldOut, 4),
			}),
		);
		for (const warning of result.report.warnings) this.addExecutionHints({ message: warning, type: 'warning', location: 'outputPane' });
	}
	return [[...reports, ...read.failed]];
}
