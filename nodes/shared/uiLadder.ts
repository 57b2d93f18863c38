import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { ConfigError, type ConfigIssue } from '../../src/errors';
import type { Operator } from '../../src/conditions';
import { DEFAULT_GRADES, type StageLadderInput } from '../../src/stages';
import { OPERATOR_OPTIONS, conditionFromUi, rowName } from './conditionBuilder';
import { panelNamer } from './panelNames';

/** The ladder builder: the floor stage by name, then each higher stage with its entry and optional conditions. */
export const uiLadderProperties: INodeProperties[] = [
	{
		displayName: 'Lowest Stage',
		name: 'floorStage',
		type: 'string',
		default: 'Cold',
		required: true,
		description: 'The stage every lead falls back to when it meets no other entry',
	},
	{
		displayName: 'Stages',
		name: 'stages',
		placeholder: 'Add Stage',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		description: 'The stages above the lowest one, lowest first',
		default: { stage: [{ name: 'IQL', minTotal: 20 }, { name: 'MQL', minTotal: 50 }, { name: 'SQL', minTotal: 75 }] },
		options: [
			{
				name: 'stage',
				displayName: 'Stage',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '', required: true },
					{
						displayName: 'Entry Total',
						name: 'minTotal',
						type: 'number',
						default: 50,
						description: 'The total score a lead needs to enter this stage',
					},
					{
						displayName: 'More Conditions',
						name: 'conditions',
						type: 'collection',
						placeholder: 'Add Condition',
						default: {},
						options: [
							{
								displayName: 'Exit Below',
								name: 'exitBelow',
								type: 'number',
								default: 0,
								description: 'A lead in this stage leaves it when its total falls below this; by default the entry minus the margin',
							},
							{
								displayName: 'Field Condition: Field',
								name: 'whenField',
								type: 'string',
								default: '',
								placeholder: 'demoRequested',
								description:
									'A field of the lead that must satisfy the condition to enter, e.g. a demo request. Drag it from the input or type its path; any other expression is evaluated per lead and its result compared.',
							},
							{
								displayName: 'Field Condition: Operator',
								name: 'whenOperator',
								type: 'options',
								options: OPERATOR_OPTIONS,
								default: 'isNotEmpty',
							},
							{
								displayName: 'Field Condition: Value',
								name: 'whenValue',
								type: 'string',
								default: '',
								description: 'Text is compared ignoring case ("true" matches the boolean true); for "is one of", separate values with commas',
							},
							{
								displayName: 'Grid Labels',
								name: 'labels',
								type: 'multiOptions',
								options: gridLabels(),
								default: [],
								description: 'Fit x engagement labels that select this stage whatever the total',
							},
							{
								displayName: 'Minimum Engagement Score',
								name: 'minEngagement',
								type: 'number',
								default: 0,
								description: 'The engagement score (Engagement Score Field) a lead also needs to enter this stage',
							},
							{
								displayName: 'Minimum Fit Score',
								name: 'minFit',
								type: 'number',
								default: 0,
								description: 'The fit score (Fit Score Field) a lead also needs to enter this stage',
							},
							{
								displayName: 'Minimum Grade',
								name: 'minGrade',
								type: 'options',
								options: DEFAULT_GRADES.map((g) => ({ name: g, value: g })),
								default: 'B',
								description: 'The lowest fit grade that may enter (A is best)',
							},
						],
					},
				],
			},
		],
	},
	{
		displayName: 'Margin',
		name: 'margin',
		type: 'number',
		default: 5,
		typeOptions: { minValue: 0 },
		description: 'How far below its entry a lead\'s total may fall before it leaves the stage, so leads near a threshold do not flap',
	},
];

function gridLabels(): Array<{ name: string; value: string }> {
	return DEFAULT_GRADES.flatMap((g) => [1, 2, 3, 4].map((n) => ({ name: `${g}${n}`, value: `${g}${n}` })));
}

/** Builds a ladder from the builder's parameters; the core validates it and names any problem as the panel does (UI_LADDER_NAMES). */
export function ladderFromUi(parameters: { floorStage: unknown; stages: IDataObject; margin: unknown }): StageLadderInput {
	const issues: ConfigIssue[] = [];
	const stages = ((parameters.stages.stage as IDataObject[] | undefined) ?? []).map((stage, i) => {
		const out: IDataObject = { name: stage.name, minTotal: stage.minTotal };
		const { whenField, whenOperator, whenValue, labels, ...thresholds } = (stage.conditions ?? {}) as IDataObject;
		Object.assign(out, thresholds);
		if (Array.isArray(labels) && labels.length > 0) out.labels = labels;
		if (whenField !== undefined || whenOperator !== undefined || whenValue !== undefined) {
			const operator = (whenOperator as Operator | undefined) ?? 'isNotEmpty';
			out.when = conditionFromUi({ field: (whenField as string) ?? '', operator, value: whenValue as string }, `${rowName('stage', i + 1, stage.name)}: Field Condition: Value`, issues);
		}
		return out;
	});
	if (issues.length > 0) throw new ConfigError('stage ladder', issues);
	return { margin: parameters.margin, stages: [{ name: parameters.floorStage }, ...stages] } as StageLadderInput;
}

/** The core's problems with a ladder from the builder, in the panel's words (its stage 0 is the Lowest Stage). */
export const UI_LADDER_NAMES = panelNamer(
	{
		stages: {
			noun: 'stage',
			labelKeys: ['name'],
			first: 1,
			boxes: {
				name: 'Name',
				minTotal: 'Entry Total',
				exitBelow: 'Exit Below',
				minGrade: 'Minimum Grade',
				minFit: 'Minimum Fit Score',
				minEngagement: 'Minimum Engagement Score',
				labels: 'Grid Labels',
				when: 'Field Condition',
				'when.field': 'Field Condition: Field',
				'when.operator': 'Field Condition: Operator',
				'when.value': 'Field Condition: Value',
			},
		},
	},
	{ stages: 'Stages', 'stages.0': 'Lowest Stage', margin: 'Margin', neverDemote: 'Never Demote' },
);
