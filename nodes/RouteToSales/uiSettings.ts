import type { IDataObject } from 'n8n-workflow';
import { ConfigError, type ConfigIssue } from '../../src/errors';
import type { RoutingRuleInput } from '../../src/routing/rules';
import type { Operator } from '../../src/conditions';
import { conditionFromUi, rowName } from '../shared/conditionBuilder';
import { panelNamer } from '../shared/panelNames';

/** The editor's fixed collections, turned into the core's JSON shapes (the same ones the JSON option takes). */

export interface UiRep extends IDataObject {
	id?: string;
	name?: string;
	email?: string;
	team?: string;
	weight?: number;
	capacity?: number;
	openLeads?: number;
	timeZone?: string;
	workingDays?: string[];
	workStart?: string;
	workEnd?: string;
	outOfOfficeFrom?: string;
	outOfOfficeTo?: string;
	active?: boolean;
}

export function repsFromUi(rows: UiRep[]): IDataObject[] {
	return rows.map((row) => {
		const rep: IDataObject = {
			id: row.id ?? '',
			team: row.team ?? '',
			weight: row.weight ?? 1,
			openLeads: row.openLeads ?? 0,
			timeZone: row.timeZone || 'UTC',
			active: row.active ?? true,
		};
		if (row.name) rep.name = row.name;
		if (row.email) rep.email = row.email;
		// In the editor 0 means "no limit"; a rep who should take nothing is made inactive instead.
		if (row.capacity) rep.capacity = row.capacity;
		if (row.workingDays && row.workingDays.length > 0) {
			rep.workingHours = { days: row.workingDays.map(Number), start: row.workStart || '09:00', end: row.workEnd || '18:00' };
		}
		if (row.outOfOfficeFrom || row.outOfOfficeTo) {
			const outOfOffice: IDataObject = {};
			if (row.outOfOfficeFrom) outOfOffice.from = row.outOfOfficeFrom;
			if (row.outOfOfficeTo) outOfOffice.to = row.outOfOfficeTo;
			rep.outOfOffice = outOfOffice;
		}
		return rep;
	});
}

export interface UiRule extends IDataObject {
	name?: string;
	field?: string;
	operator?: string;
	value?: string;
	team?: string;
}

// Workflows saved before the builders shared one condition language may still hold these words.
const EARLIER_WORDS = new Map<string, Operator>([
	['exists', 'isNotEmpty'],
	['notExists', 'isEmpty'],
]);

/** Each rule row is one condition in the package's condition language; problems are named by the rule's name and position. */
export function rulesFromUi(rows: UiRule[]): RoutingRuleInput[] {
	const issues: ConfigIssue[] = [];
	const rules = rows.map((row, index) => {
		const operator = EARLIER_WORDS.get(row.operator ?? '') ?? ((row.operator as Operator | undefined) ?? 'equals');
		const condition = conditionFromUi({ field: row.field ?? '', operator, value: row.value }, `${rowName('routing rule', index + 1, row.name)}: Value`, issues);
		return { name: row.name || undefined, when: [condition], team: row.team ?? '' } as RoutingRuleInput;
	});
	if (issues.length > 0) throw new ConfigError('routing settings', issues);
	return rules;
}

/** "80, 50, 20" -> [80, 50, 20]; anything else is left for the settings schema to reject (as Priority Score Thresholds). */
export function thresholdsFromUi(text: string): unknown {
	const parts = text.split(',').map((part) => part.trim());
	return parts.map((part) => (part === '' ? part : Number(part)));
}

/**
 * The core's problems with the routing settings, in the panel's words: a rep by position and name (or ID), a rule by
 * position and name, a setting by its label. Reps from JSON are named the same way.
 */
export const UI_ROUTING_NAMES = panelNamer(
	{
		reps: {
			noun: 'rep',
			labelKeys: ['name', 'id'],
			boxes: {
				id: 'ID',
				name: 'Name',
				email: 'Email',
				team: 'Team',
				weight: 'Weight',
				capacity: 'Capacity',
				openLeads: 'Open Leads',
				timeZone: 'Time Zone',
				workingHours: 'Working Days and Hours',
				'workingHours.days': 'Working Days',
				'workingHours.start': 'Working From',
				'workingHours.end': 'Working Until',
				outOfOffice: 'Out of Office',
				'outOfOffice.from': 'Out of Office From',
				'outOfOffice.to': 'Out of Office Until',
				active: 'Active',
			},
		},
		rules: {
			noun: 'routing rule',
			labelKeys: ['name'],
			boxes: { name: 'Name', team: 'Team', when: 'Field, Operator and Value', 'when.field': 'Field', 'when.operator': 'Operator', 'when.value': 'Value' },
		},
	},
	{
		reps: 'Reps',
		rules: 'Routing Rules',
		defaultTeam: 'Default Team',
		fallbackOwner: 'Fallback Owner',
		method: 'Method',
		keepCurrentOwner: 'Keep Current Owner',
		respectWorkingHours: 'Respect Working Hours',
		sla: 'SLA Minutes',
		'sla.minutes': 'SLA Minutes',
		'sla.businessHours': 'Count SLA in Working Hours',
		priorityThresholds: 'Priority Score Thresholds',
		'fields.leadKey': 'Lead Key Field',
		'fields.currentOwner': 'Current Owner Field',
		'fields.stage': 'Stage Field',
		'fields.score': 'Score Field',
		'fields.grade': 'Grade Field',
	},
);
