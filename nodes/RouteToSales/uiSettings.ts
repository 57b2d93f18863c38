import type { IDataObject } from 'n8n-workflow';
import { ConfigError, type ConfigIssue } from '../../src/errors';
import type { RoutingRuleInput } from '../../src/routing/rules';
import type { Operator } from '../../src/conditions';
import { conditionFromUi } from '../shared/conditionBuilder';

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

/** Each rule row is one condition in the package's condition language; problems are listed by the rule's path. */
export function rulesFromUi(rows: UiRule[]): RoutingRuleInput[] {
	const issues: ConfigIssue[] = [];
	const rules = rows.map((row, index) => {
		const operator = EARLIER_WORDS.get(row.operator ?? '') ?? ((row.operator as Operator | undefined) ?? 'equals');
		const condition = conditionFromUi({ field: row.field ?? '', operator, value: row.value }, `rules[${index}].when[0]`, issues);
		return { name: row.name || undefined, when: [condition], team: row.team ?? '' } as RoutingRuleInput;
	});
	if (issues.length > 0) throw new ConfigError('routing settings', issues);
	return rules;
}

/** "80, 50, 20" -> [80, 50, 20]; anything else is left for the settings schema to reject with its path. */
export function thresholdsFromUi(text: string): unknown {
	const parts = text.split(',').map((part) => part.trim());
	return parts.map((part) => (part === '' ? part : Number(part)));
}
