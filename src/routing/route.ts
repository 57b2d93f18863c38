import { z } from '../zod';
import { withPatternBudget } from '../conditions';
import { InputError } from '../errors';
import { compilePath, readPath, type FieldPath } from '../fields';
import { isBlank, requireNumber, rounder } from '../numbers';
import { MINUTE_MS, requireAsOf, toIso, type Instant } from '../time';
import { fieldPathSchema, finiteNumber, labelledPath, parseWithSchema, type PathNamer } from '../validation';
import { addBusinessMinutes, formatLocal, MAX_DAYS_SEARCHED, weeklyWorkingMinutes } from './businessHours';
import {
	loadAfterOneMore,
	pickFewestInPeriod,
	pickLeastLoaded,
	pickRoundRobin,
	pickSticky,
	pickWeightedRoundRobin,
	ROUTING_METHODS,
	type RoutingMethod,
} from './methods';
import { DEFAULT_PRIORITY_THRESHOLDS, leadPriority, type PriorityResult } from './priority';
import { openLeadsNow, repsSchema, unavailability, type Rep, type Skip } from './reps';
import { compileRules, routingRulesSchema, type CompiledRule } from './rules';

export const MAX_SLA_MINUTES = 43_200;

export const routingSettingsSchema = z
	.object({
		reps: repsSchema,
		rules: routingRulesSchema.default([]),
		/** Team for leads no rule matches; empty means every rep. */
		defaultTeam: z.string().trim().max(200).default(''),
		/** Owner (rep id, email or any name) for leads nobody available can take; empty leaves them unassigned. */
		fallbackOwner: z.string().trim().max(320).default(''),
		method: z.enum(ROUTING_METHODS).default('roundRobin'),
		keepCurrentOwner: z.boolean().default(false),
		respectWorkingHours: z.boolean().default(false),
		sla: z
			.object({
				minutes: z.number().int().min(0).max(MAX_SLA_MINUTES).default(0),
				businessHours: z.boolean().default(false),
			})
			.default({ minutes: 0, businessHours: false }),
		priorityThresholds: z
			.tuple([finiteNumber, finiteNumber, finiteNumber])
			.refine(([p1, p2, p3]) => p1 >= p2 && p2 >= p3, 'thresholds must go from P1 down to P3')
			.default([...DEFAULT_PRIORITY_THRESHOLDS]),
		fields: z
			.object({
				leadKey: fieldPathSchema.default('email'),
				currentOwner: fieldPathSchema.default('owner'),
				stage: fieldPathSchema.default('leadStage.stage'),
				// The lead record contract (docs/lead-record.md): the decayed total first, then the scored one, then flat.
				score: fieldPathSchema.default('decay.score, leadScore.score, score'),
				grade: fieldPathSchema.default('leadScore.grade, grade'),
			})
			.default({
				leadKey: 'email',
				currentOwner: 'owner',
				stage: 'leadStage.stage',
				score: 'decay.score, leadScore.score, score',
				grade: 'leadScore.grade, grade',
			}),
	})
	.superRefine((settings, ctx) => {
		const teams = new Set(settings.reps.map((rep) => rep.team));
		settings.rules.forEach((rule, index) => {
			if (!teams.has(rule.team)) ctx.addIssue({ code: 'custom', path: ['rules', index, 'team'], message: `no rep is in team "${rule.team}"` });
		});
		if (settings.defaultTeam && !teams.has(settings.defaultTeam)) {
			ctx.addIssue({ code: 'custom', path: ['defaultTeam'], message: `no rep is in team "${settings.defaultTeam}"` });
		}
		// Found here, once, rather than by each lead's search through 1,100 days of calendar.
		if (settings.sla.businessHours && settings.sla.minutes > 0) {
			const weeks = Math.floor(MAX_DAYS_SEARCHED / 7);
			settings.reps.forEach((rep, index) => {
				if (!rep.workingHours) return;
				const weekly = weeklyWorkingMinutes(rep.workingHours);
				if (weekly * weeks < settings.sla.minutes) {
					ctx.addIssue({
						code: 'custom',
						path: ['reps', index, 'workingHours'],
						message: `hold ${weekly} working minutes a week, too few for an SLA of ${settings.sla.minutes} working minutes within ${MAX_DAYS_SEARCHED} days`,
					});
				}
			});
		}
	});

export type RoutingSettingsInput = z.input<typeof routingSettingsSchema>;
type Settings = z.infer<typeof routingSettingsSchema>;

export interface CompiledRouting {
	settings: Omit<Settings, 'rules' | 'fields'>;
	rules: CompiledRule[];
	fields: Record<keyof Settings['fields'], FieldPath>;
}

/** Validates reps, rules and options together (rule teams must have reps); every problem is listed by its place (see PathNamer). */
export function compileRouting(raw: unknown, name: PathNamer = labelledPath): CompiledRouting {
	return withPatternBudget(() => compileRoutingWithinBudget(raw, name));
}

function compileRoutingWithinBudget(raw: unknown, name: PathNamer): CompiledRouting {
	const { rules, fields, ...settings } = parseWithSchema(routingSettingsSchema, raw, 'routing settings', name);
	return {
		settings,
		rules: compileRules(rules, (path) => name(['rules', ...path], { rules })),
		fields: {
			leadKey: compilePath(fields.leadKey),
			currentOwner: compilePath(fields.currentOwner),
			stage: compilePath(fields.stage),
			score: compilePath(fields.score),
			grade: compilePath(fields.grade),
		},
	};
}

/**
 * What routing remembers between leads. The node persists `pointers` (per team, '' for "all reps"; round robin
 * and weighted round robin both keep a pointer per rep); `assignedSinceRead` counts leads given out in this run
 * on top of each rep's openLeads.
 */
export interface RoutingState {
	pointers: ReadonlyMap<string, ReadonlyMap<string, number>>;
	assignedSinceRead: ReadonlyMap<string, number>;
}

export function emptyRoutingState(): RoutingState {
	return { pointers: new Map(), assignedSinceRead: new Map() };
}

export interface AssignedRep {
	id: string;
	name: string;
	email?: string;
	team: string;
	timeZone: string;
}

export interface RoutingDecision {
	/** assigned: picked by the method; kept: current owner kept; fallback: nobody available; unassigned: no owner. */
	status: 'assigned' | 'kept' | 'fallback' | 'unassigned';
	team: string;
	rule: string | null;
	method: RoutingMethod;
	/** Rep id, the fallback owner, or null. */
	owner: string | null;
	rep: AssignedRep | null;
	priority: PriorityResult;
	sla: { due: string; minutes: number; businessHours: boolean; timeZone?: string } | null;
	skipped: Skip[];
	/** Every step in words, in order. */
	reasons: string[];
}

export interface RoutingResult {
	decision: RoutingDecision;
	state: RoutingState;
}

/** Routes one lead. Pure: the same lead, settings, state and asOf always give the same decision and state. */
export function routeLead(lead: unknown, routing: CompiledRouting, state: RoutingState, asOf: Instant): RoutingResult {
	const plan = planRoute(lead, routing, state, asOf);
	return finishRoute(plan, plan.kept ? undefined : pickRep(lead, routing, plan.members, plan.available, plan.team, state));
}

/**
 * A lead's route up to the pick: its team, who is available (with the reasons others are skipped), and the
 * current owner when kept. The node lets the atomic turn store (Redis) or the item's turn make the pick, then
 * finishes the route with `finishRoute`.
 */
export interface RoutePlan {
	lead: unknown;
	routing: CompiledRouting;
	state: RoutingState;
	asOf: Instant;
	team: string;
	rule: string | null;
	/** The team's reps in list order, and the ids of those available now. */
	members: Rep[];
	available: ReadonlySet<string>;
	/** The current owner, kept (no pick needed). */
	kept?: Rep;
	skips: Map<string, Skip>;
	reasons: string[];
}

export function planRoute(lead: unknown, routing: CompiledRouting, state: RoutingState, asOfInput: Instant): RoutePlan {
	const asOf = requireAsOf(asOfInput);
	const { settings } = routing;
	const reasons: string[] = [];
	const { team, rule } = chooseTeam(lead, routing, reasons);
	const skips = new Map<string, Skip>();
	const skipOf = (rep: Rep) => {
		if (!skips.has(rep.id)) {
			const skip = unavailability(rep, asOf, {
				respectWorkingHours: settings.respectWorkingHours,
				assignedSinceRead: state.assignedSinceRead,
			});
			if (skip) skips.set(rep.id, skip);
		}
		return skips.get(rep.id);
	};
	const members = settings.reps.filter((rep) => team === '' || rep.team === team);
	const kept = settings.keepCurrentOwner ? currentOwner(lead, routing, skipOf, reasons) : undefined;
	const available = new Set<string>();
	if (!kept) {
		for (const rep of members) if (!skipOf(rep)) available.add(rep.id);
		for (const rep of members) if (!available.has(rep.id)) reasons.push(skipOf(rep)!.text);
	}
	return { lead, routing, state, asOf, team, rule, members, available, kept, skips, reasons };
}

/** Ends a planned route with the rep picked (none: fallback owner or unassigned): priority, due time, state. */
export function finishRoute(plan: RoutePlan, picked: Pick | undefined): RoutingResult {
	const { lead, routing, asOf, team, rule, reasons } = plan;
	const { settings, fields } = routing;
	let chosen = plan.kept;
	const status: RoutingDecision['status'] = chosen ? 'kept' : 'assigned';
	let nextState = plan.state;
	if (!chosen && picked) {
		chosen = picked.rep;
		reasons.push(picked.because);
		nextState = picked.state;
	}

	const skipped = [...plan.skips.values()];
	const priority = leadPriority(readPriorityInputs(lead, fields), settings.priorityThresholds);
	reasons.push(`priority ${priority.level}: ${priority.reason}`);
	const base = { team, rule, method: settings.method, priority, skipped, reasons };

	if (chosen) {
		nextState = { ...nextState, assignedSinceRead: increment(nextState.assignedSinceRead, chosen.id) };
		const sla = dueTime(asOf, settings.sla, chosen, reasons);
		return { decision: { ...base, status, owner: chosen.id, rep: describeRep(chosen), sla }, state: nextState };
	}
	const fallback = settings.fallbackOwner;
	const fallbackRep = settings.reps.find((rep) => matchesOwner(rep, fallback));
	reasons.push(fallback ? `nobody available: fallback owner ${fallbackRep?.name ?? fallback}` : 'nobody available: unassigned');
	const sla = dueTime(asOf, settings.sla, fallbackRep, reasons);
	return {
		decision: {
			...base,
			status: fallback ? 'fallback' : 'unassigned',
			owner: fallbackRep?.id ?? (fallback || null),
			rep: fallbackRep ? describeRep(fallbackRep) : null,
			sla,
		},
		state: nextState,
	};
}

function chooseTeam(lead: unknown, routing: CompiledRouting, reasons: string[]): { team: string; rule: string | null } {
	const rule = routing.rules.find((r) => r.matches(lead));
	if (rule) {
		reasons.push(`${rule.name} matched: team ${rule.team}`);
		return { team: rule.team, rule: rule.name };
	}
	const team = routing.settings.defaultTeam;
	const prefix = routing.rules.length > 0 ? 'no rule matched' : 'no routing rules';
	reasons.push(team ? `${prefix}: default team ${team}` : `${prefix}: all reps`);
	return { team, rule: null };
}

function currentOwner(
	lead: unknown,
	routing: CompiledRouting,
	skipOf: (rep: Rep) => Skip | undefined,
	reasons: string[],
): Rep | undefined {
	const raw = readPath(lead, routing.fields.currentOwner);
	if (raw === undefined || raw === null || raw === '') return undefined;
	if (typeof raw !== 'string' && typeof raw !== 'number') {
		throw new InputError(routing.fields.currentOwner.source, 'a rep id or email', raw);
	}
	const owner = routing.settings.reps.find((rep) => matchesOwner(rep, String(raw)));
	if (!owner) {
		reasons.push(`current owner "${String(raw)}" is not one of the reps`);
		return undefined;
	}
	const skip = skipOf(owner);
	if (skip) {
		reasons.push(`current owner not kept: ${skip.text}`);
		return undefined;
	}
	reasons.push(`kept current owner ${owner.name}`);
	return owner;
}

function matchesOwner(rep: Rep, owner: string): boolean {
	if (!owner) return false;
	return rep.id === owner || (rep.email !== undefined && rep.email.toLowerCase() === owner.trim().toLowerCase());
}

/** A rep picked for a planned lead, why (in words), and the state after the pick. */
export interface Pick {
	rep: Rep;
	because: string;
	state: RoutingState;
}

export function pickRep(
	lead: unknown,
	routing: CompiledRouting,
	members: Rep[],
	available: ReadonlySet<string>,
	team: string,
	state: RoutingState,
): Pick | undefined {
	switch (routing.settings.method) {
		case 'roundRobin':
		case 'weightedRoundRobin': {
			const equal = routing.settings.method === 'roundRobin';
			const pick = equal ? pickRoundRobin : pickWeightedRoundRobin;
			const picked = pick(members, available, state.pointers.get(team) ?? new Map());
			if (!picked) return undefined;
			return {
				rep: picked.rep,
				because: pointerReason(picked.rep, picked.pointers.get(picked.rep.id)!, equal),
				state: { ...state, pointers: new Map(state.pointers).set(team, picked.pointers) },
			};
		}
		case 'sticky': {
			const key = leadKey(lead, routing.fields.leadKey);
			const rep = pickSticky(members, available, key);
			return rep && { rep, because: `chose ${rep.name} by sticky hashing of the lead key "${key}"`, state };
		}
		case 'leastLoaded': {
			const rep = pickLeastLoaded(members, available, state.assignedSinceRead);
			if (!rep) return undefined;
			const open = openLeadsNow(rep, state.assignedSinceRead);
			const of = rep.capacity === undefined ? '' : ` of ${rep.capacity}`;
			const load = round(loadAfterOneMore(rep, state.assignedSinceRead));
			return { rep, because: `chose ${rep.name} as least loaded (${open}${of} open leads, weight ${rep.weight}, load ${load} after this lead)`, state };
		}
		case 'fewestInPeriod': {
			// The counts per period live in the atomic turn store; without it, this run's own assignments count.
			const rep = pickFewestInPeriod(members, available, state.assignedSinceRead);
			if (!rep) return undefined;
			return { rep, because: periodReason(rep, (state.assignedSinceRead.get(rep.id) ?? 0) + 1, 'in this run'), state };
		}
	}
}

/** Why a rep won by pointer, in words (the same for picks made by the Redis turn store). */
export function pointerReason(rep: Rep, pointer: number, equalWeights: boolean): string {
	return equalWeights
		? `chose ${rep.name} by round robin (next in turn, turn ${round(pointer)})`
		: `chose ${rep.name} by weighted round robin (lowest pointer, now ${round(pointer)} with weight ${rep.weight})`;
}

export function periodReason(rep: Rep, count: number, period: string): string {
	return `chose ${rep.name} by fewest assignments (${count} ${period} with this lead, weight ${rep.weight})`;
}

const MAX_LEAD_KEY_LENGTH = 1000;

function leadKey(lead: unknown, path: FieldPath): string {
	const raw = readPath(lead, path);
	const key = typeof raw === 'number' && Number.isFinite(raw) ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
	if (key === '' || key.length > MAX_LEAD_KEY_LENGTH) {
		throw new InputError(path.source, `a lead key for sticky routing (text or a number, up to ${MAX_LEAD_KEY_LENGTH} characters)`, raw);
	}
	// Emails differ only in case between systems; the same lead must hash the same.
	return key.toLowerCase();
}

function readPriorityInputs(lead: unknown, fields: CompiledRouting['fields']) {
	const stage = readPath(lead, fields.stage);
	const score = readPath(lead, fields.score);
	const grade = readPath(lead, fields.grade);
	return {
		stage: typeof stage === 'string' ? stage : undefined,
		score: isBlank(score) ? undefined : requireNumber(score, fields.score.source, 'a score (a number)'),
		grade: typeof grade === 'string' ? grade : undefined,
	};
}

function dueTime(asOf: Instant, sla: Settings['sla'], rep: Rep | undefined, reasons: string[]): RoutingDecision['sla'] {
	if (sla.minutes === 0) return null;
	const inBusinessHours = sla.businessHours && rep?.workingHours !== undefined;
	const due = inBusinessHours
		? addBusinessMinutes(asOf, sla.minutes, rep!.workingHours!, rep!.timeZone)
		: asOf + sla.minutes * MINUTE_MS;
	const zone = rep?.timeZone ?? 'UTC';
	const counted = inBusinessHours
		? `${sla.minutes} minutes in ${rep!.name}'s working hours`
		: `${sla.minutes} minutes${sla.businessHours ? ' (no working hours known, counted round the clock)' : ''}`;
	reasons.push(`first contact due ${formatLocal(due, zone)} ${zone} (${counted})`);
	return { due: toIso(due), minutes: sla.minutes, businessHours: inBusinessHours, timeZone: zone };
}

function describeRep(rep: Rep): AssignedRep {
	const out: AssignedRep = { id: rep.id, name: rep.name, team: rep.team, timeZone: rep.timeZone };
	if (rep.email) out.email = rep.email;
	return out;
}

function increment(counts: ReadonlyMap<string, number>, key: string): Map<string, number> {
	return new Map(counts).set(key, (counts.get(key) ?? 0) + 1);
}

const round = rounder(4);

/** The persisted part of the state as plain JSON (for workflow static data or an item field). */
export interface StoredRoutingState {
	pointers: Record<string, Record<string, number>>;
}

export function storeRoutingState(state: RoutingState): StoredRoutingState {
	const pointers: Record<string, Record<string, number>> = {};
	for (const [team, reps] of state.pointers) defineOwn(pointers, team, fromEntries(reps));
	return { pointers };
}

/** Reads stored state defensively: anything malformed is dropped (routing then starts that team afresh). */
export function loadRoutingState(raw: unknown): RoutingState {
	const state = emptyRoutingState() as { pointers: Map<string, Map<string, number>>; assignedSinceRead: Map<string, number> };
	if (!isRecord(raw)) return state;
	for (const [team, reps] of ownEntries(raw.pointers)) {
		const pointers = new Map<string, number>();
		for (const [repId, pointer] of ownEntries(reps)) if (typeof pointer === 'number' && Number.isFinite(pointer)) pointers.set(repId, pointer);
		state.pointers.set(team, pointers);
	}
	return state;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function ownEntries(value: unknown): Array<[string, unknown]> {
	return isRecord(value) ? Object.entries(value).slice(0, 10_000) : [];
}

function fromEntries<V>(map: ReadonlyMap<string, V>): Record<string, V> {
	const out: Record<string, V> = {};
	for (const [key, value] of map) defineOwn(out, key, value);
	return out;
}

/** A team or rep called "__proto__" must stay a plain key, never a prototype. */
function defineOwn(target: object, key: string, value: unknown): void {
	Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
