import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { ConfigError } from '../../../src/errors';
import { compilePath, readPath } from '../../../src/fields';
import { isBlank } from '../../../src/numbers';
import { compileModel, type CompiledModel } from '../../../src/scoring';
import { compileLadder, type CompiledLadder } from '../../../src/stages';
import { requireInstant } from '../../../src/time';
import { outcomeReader, previewModelChange, type PreviewLead } from '../../../src/tuning';
import { asNodeError, evaluateItems, parseJsonSetting } from '../../shared/execution';
import { ladderSetting } from '../../shared/ladderSource';
import { modelSetting } from '../../shared/modelSource';
import { groupByModel, list, pathSettings } from './common';

const show = { displayOptions: { show: { operation: ['preview'] } } };
const ID = compilePath('id');

export const description: INodeProperties[] = [
	{
		displayName: 'Candidate Model (JSON)',
		name: 'candidateModelJson',
		type: 'json',
		default: '',
		required: true,
		description: "The model you consider putting live (for instance Suggest's suggestedModel); the current one is the Model Source above",
		...show,
	},
	{
		displayName: 'Candidate Ladder (JSON)',
		name: 'candidateLadderJson',
		type: 'json',
		default: '',
		description: 'The stage ladder to go with it; empty keeps the current ladder',
		...show,
	},
	{
		displayName: 'Score As Of',
		name: 'previewAsOf',
		type: 'string',
		default: '={{ $now.toISO() }}',
		required: true,
		description: 'The moment both models score every lead (ISO date and time): the same for both, so only the models differ',
		...show,
	},
	{
		displayName: 'Leads Listed',
		name: 'previewTop',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 20,
		description: 'How many of the leads whose score changes most are listed with the rules behind the change',
		...show,
	},
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const model = modelSetting(this);
	const { ladderFor, leadOf: ladderLeadOf } = ladderSetting(this);
	const paths = pathSettings(this, [['outcomeField', 'Outcome Field', true]]);
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const readOutcome = outcomeReader(list(options.convertedValues), list(options.notConvertedValues));
	let candidate: { model: CompiledModel; ladder?: CompiledLadder };
	try {
		const ladderJson = this.getNodeParameter('candidateLadderJson', 0, '');
		candidate = {
			model: compileModel(parseJsonSetting(this.getNodeParameter('candidateModelJson', 0), 'candidate model')),
			ladder: isBlank(ladderJson) ? undefined : compileLadder(parseJsonSetting(ladderJson, 'candidate ladder')),
		};
	} catch (error) {
		throw asNodeError(this, error instanceof ConfigError ? error : new ConfigError('settings', [{ path: 'Candidate Model (JSON)', message: (error as Error).message }]));
	}
	const outcomes = await evaluateItems(this, (item, i) => {
		const lead = ladderLeadOf(model.leadOf(item.json, i), i);
		const asOf = requireInstant(this.getNodeParameter('previewAsOf', i), 'Score As Of');
		const raw = paths.outcomeField ? readPath(lead, paths.outcomeField) : undefined;
		const y = isBlank(raw) ? undefined : readOutcome(raw, paths.outcomeField?.source ?? 'outcome');
		const id = readPath(lead, ID);
		const name = isBlank(id) ? `item ${i}` : String(id);
		return { model: model.modelFor(i), ladder: ladderFor(i), lead: { lead, asOf, y, name } as PreviewLead };
	});
	// One report per current model (a model per client from an expression gives one per client).
	const { groups, failed } = groupByModel(outcomes);
	const top = this.getNodeParameter('previewTop', 0, 20) as number;
	const reports = groups.map((g) => {
		const report = previewModelChange({ model: g.model, ladder: g.ladder }, { model: candidate.model, ladder: candidate.ladder ?? g.ladder }, g.leads, { top });
		// Positions in the report are within the group; the item index is what a workflow can follow back.
		const json = { ...report, largestChanges: report.largestChanges.map((c) => ({ ...c, item: g.itemIndexes[c.item] })) };
		return { json: json as unknown as IDataObject, pairedItem: g.itemIndexes.map((item) => ({ item })) };
	});
	return [[...reports, ...failed]];
}
