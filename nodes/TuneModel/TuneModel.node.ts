import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { LADDER_HINTS, ladderSourceProperties } from '../shared/ladderSource';
import { MODEL_HINTS, modelSourceProperties } from '../shared/modelSource';
import { commonProperties, reportOptions } from './actions/common';
import { operations, router } from './actions/router';
import { docsUrl } from '../shared/docs';

export class TuneModel implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Tune Model',
		name: 'tuneModel',
		icon: { light: 'file:tuneModel.svg', dark: 'file:tuneModel.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ ({ suggest: "Suggest a model", preview: "Preview a model change" })[$parameter["operation"]] ?? "Evaluate a model" }}',
		description: 'Learn from won and lost leads: backtest a scoring model and suggest points fitted to real conversions',
		documentationUrl: docsUrl('tune-model.md'),
		defaults: { name: 'Tune Model' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		// Its model and ladder builders warn of the same mistakes before a run as Score Lead's and Classify Stage's.
		hints: [...MODEL_HINTS, ...LADDER_HINTS],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Evaluate a Model',
						value: 'evaluate',
						action: 'Evaluate a model',
						description: 'Backtest: how well the model ranks leads that converted, per band, grade and stage',
					},
					{
						name: 'Suggest a Model',
						value: 'suggest',
						action: 'Suggest a model',
						description: 'Learn points from outcomes and compare them with the current model on held-out leads',
					},
					{
						name: 'Preview a Model Change',
						value: 'preview',
						action: 'Preview a model change',
						description: 'Before a model goes live: who changes grade or stage, the leads that move most and why',
					},
				],
				default: 'evaluate',
			},
			...modelSourceProperties,
			...ladderSourceProperties,
			...commonProperties,
			...operations.evaluate.description,
			...operations.suggest.description,
			...operations.preview.description,
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: reportOptions,
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}
