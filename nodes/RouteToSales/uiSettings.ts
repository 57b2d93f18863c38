import type { IDataObject } from 'n8n-workflow';
import { ROUTING_OPERATORS, type RoutingOperator, type RoutingRuleInput } from '../../src/routing/rules';
import { OPERATOR_OPTIONS } from '../shared/conditionBuilder';

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

// The builders of Score Lead and Classify Stage say "is empty"; routing rules call the same test "not exists".
const EMPTY_CHECKS = new Map<string, RoutingOperator>([
	['isEmpty', 'notExists'],
	['isNotEmpty', 'exists'],
]);

/** The operators of the other nodes' condition builders, in the same words, that routing rules can test. */
export const RULE_OPERATOR_OPTIONS = OPERATOR_OPTIONS.filter(
	({ value }) => (ROUTING_OPERATORS as readonly string[]).includes(value) || EMPTY_CHECKS.has(value),
);

export function rulesFromUi(rows: UiRule[]): RoutingRuleInput[] {
	return rows.map((row) => ({
		name: row.name || undefined,
		when: [{ field: row.field ?? '', operator: routingOperator(row.operator), value: row.value ?? '' }],
		team: row.team ?? '',
	}));
}

/** Workflows saved before the builders shared their words may still hold "exists" and "notExists"; they pass as they are. */
function routingOperator(operator = 'equals'): RoutingOperator {
	return EMPTY_CHECKS.get(operator) ?? (operator as RoutingOperator);
}

/** "80, 50, 20" -> [80, 50, 20]; anything else is left for the settings schema to reject with its path. */
export function thresholdsFromUi(text: string): unknown {
	const parts = text.split(',').map((part) => part.trim());
	return parts.map((part) => (part === '' ? part : Number(part)));
}
