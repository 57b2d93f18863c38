import type { IExecuteFunctions } from 'n8n-workflow';
import { compileRouting, type CompiledRouting } from '../../src/routing/route';
import { parseJsonSetting } from '../../src/validation';
import { READS } from '../shared/leadRecord';
import type { BuilderFields, FieldBox } from '../shared/builderFields';
import { UI_ROUTING_NAMES, repsFromUi, rulesFromUi, thresholdsFromUi, type UiRep, type UiRule } from './uiSettings';

/** Options that are part of the routing settings (the others say where to read and write, or how to notify). */
const ROUTING_OPTIONS = ['fallbackOwner', 'keepCurrentOwner', 'respectWorkingHours', 'priorityThresholds', 'currentOwnerField', 'stageField', 'scoreField', 'gradeField'];

/**
 * Every parameter the routing settings are read from. An expression anywhere in them (a rule's value, the reps of
 * a client) makes the settings per item, compiled once per distinct value.
 */
export function routingParameters(repsSource: string): string[] {
	return [
		repsSource === 'json' ? 'repsJson' : 'reps',
		'routingRules',
		'defaultTeam',
		'slaMinutes',
		'slaBusinessHours',
		'leadKeyField',
		...ROUTING_OPTIONS.map((name) => `options.${name}`),
	];
}

/** The Field box of the routing rules (see builderFields.ts). */
export const ROUTING_RULE_FIELDS: FieldBox[] = [{ parameter: 'routingRules', rows: 'rule', key: 'field', label: 'Field', noun: 'routing rule', labelKey: 'name' }];

/**
 * The routing settings as the core's JSON shape, read for one item (n8n evaluates expressions against it); the
 * rules' Fields as `fields` reads them (a dragged field is its path).
 */
export function readRoutingSettings(ctx: IExecuteFunctions, itemIndex: number, fields: BuilderFields): Record<string, unknown> {
	const read = <T>(name: string, fallback: T): T => ctx.getNodeParameter(name, itemIndex, fallback) as T;
	const option = <T>(name: string, fallback: T): T => read(`options.${name}`, fallback);
	const method = read<string>('method', 'roundRobin');
	return {
		// JSON text stays text here: compileRoutingSetting parses it once per distinct value.
		reps: read<string>('repsSource', 'list') === 'json' ? read<unknown>('repsJson', '[]') : repsFromUi(read<UiRep[]>('reps.rep', [])),
		rules: rulesFromUi((fields.read('routingRules', itemIndex).rule as UiRule[] | undefined) ?? []),
		defaultTeam: read('defaultTeam', ''),
		fallbackOwner: option('fallbackOwner', ''),
		method,
		keepCurrentOwner: option('keepCurrentOwner', false),
		respectWorkingHours: option('respectWorkingHours', false),
		sla: { minutes: read('slaMinutes', 0), businessHours: read('slaBusinessHours', false) },
		priorityThresholds: thresholdsFromUi(option('priorityThresholds', '80, 50, 20')),
		fields: {
			leadKey: method === 'sticky' ? read('leadKeyField', 'email') : 'email',
			currentOwner: option('currentOwnerField', 'owner'),
			stage: option('stageField', READS.stage),
			score: option('scoreField', READS.currentTotal),
			grade: option('gradeField', READS.grade),
		},
	};
}

export const compileRoutingSetting = (raw: unknown): CompiledRouting => {
	const settings = raw as Record<string, unknown>;
	return compileRouting({ ...settings, reps: parseJsonSetting(settings.reps, 'reps') }, UI_ROUTING_NAMES);
};
