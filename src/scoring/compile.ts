import { createHash } from 'node:crypto';
import { ConfigError, TextWorkError, type ConfigIssue } from '../errors';
import { compilePath, type FieldPath } from '../fields';
import { rounder } from '../numbers';
import { DAY_MS } from '../time';
import { labelledPath, parseWithSchema, type PathNamer } from '../validation';
import { type DecayCurve } from '../decay';
import { compileCondition, MAX_TEXT_WORK_PER_LEAD, textWork, usesTextWork, withPatternBudget, type Condition, type Predicate } from '../conditions';
import { ENGAGEMENT, FIT, scoringModelSchema, type ScoringModel } from './model';

export type Kind = typeof FIT | typeof ENGAGEMENT;

export interface RuleInfo {
	readonly id: string;
	readonly label: string;
	readonly points: number;
	readonly group: number;
}

export interface CompiledFitRule extends RuleInfo {
	readonly index: number;
	readonly when: Predicate;
}

export interface CompiledEngagementRule extends RuleInfo {
	readonly index: number;
	readonly where?: Predicate;
	readonly maxOccurrences?: number;
	readonly oncePerMs?: number;
	readonly withinMs?: number;
	readonly decay?: DecayCurve;
	/** Whether an event must carry a valid time for this rule to count it. */
	readonly needsTime: boolean;
	/**
	 * Whether the points of a match depend on when it happened (a decay curve or oncePerDays): such matches are
	 * collected and counted newest first. A window alone (withinDays) is checked as each event is read.
	 */
	readonly countsByTime: boolean;
}

export interface GroupInfo {
	readonly name: string;
	readonly kind: Kind;
	readonly cap?: number;
	readonly floor?: number;
}

/** A model validated, indexed and ready to score many leads: built once, never per lead. */
export interface CompiledModel {
	readonly model: ScoringModel;
	readonly hash: string;
	/** Every rule by index: fit rules, then engagement rules, then the manual adjustment. */
	readonly rules: readonly RuleInfo[];
	readonly groups: readonly GroupInfo[];
	/** Rule indices of each group, in model order (caps cut from the end). */
	readonly groupMembers: readonly (readonly number[])[];
	readonly fitRules: readonly CompiledFitRule[];
	/** Engagement rules indexed by event type, so matching costs O(events), not O(events x rules). */
	readonly engagementByType: ReadonlyMap<string, readonly CompiledEngagementRule[]>;
	/** The engagement rules whose matches are counted by time (countsByTime). */
	readonly timedRules: readonly CompiledEngagementRule[];
	readonly manualRuleIndex: number;
	/** Per rule: 1 when its group is of kind fit. */
	readonly isFitRule: Uint8Array;
	/** Groups that have a cap or a floor: the only ones the limits step visits. */
	readonly limitedGroups: readonly number[];
	readonly round: (n: number) => number;
	/**
	 * Whether every engagement rule fades its events itself (a decay curve of its own or the model's): then the
	 * engagement score is already faded up to asOf, and later decay must go on from asOf, not from the last activity.
	 */
	readonly eventsFade: boolean;
	/** Working arrays reused lead after lead (scoring is synchronous), so scoring allocates only its result. */
	readonly scratch: ScoringScratch;
	readonly paths: {
		readonly events: FieldPath;
		readonly eventType: FieldPath;
		readonly eventTime: FieldPath;
		readonly manualPoints: FieldPath;
		readonly manualReason: FieldPath;
		readonly accountKey?: FieldPath;
	};
}

export interface ScoringScratch {
	readonly raw: Float64Array;
	readonly points: Float64Array;
	/** Per rule: how many matches counted (after maxOccurrences and oncePerDays). */
	readonly matches: Uint32Array;
	/** Per rule: how many times it matched, counted or not, so the explanation can show an occurrence limit's cut. */
	readonly matched: Uint32Array;
	readonly capped: Uint8Array;
	/** The rules that matched, in the model's order: hits[0..hitCount). */
	readonly hits: Uint32Array;
	/** Each hit's words ("+20 Pricing page x2"), built once for the summary and the top reasons. */
	readonly reasons: string[];
	/** Matched events' times per time-counted rule (countsByTime), emptied lead after lead. */
	readonly times: number[][];
	/** What the events of the current lead showed besides points (see scoreEvents). */
	readonly events: EventFacts;
}

export interface EventFacts {
	/** The newest counted event time; -Infinity when none. */
	newest: number;
	/** Events a rule would have counted but dated after asOf beyond the tolerance, and the first of them. */
	ahead: number;
	firstAheadIndex: number;
	firstAheadValue: unknown;
}


/** `name` names the place of each problem (see PathNamer): by JSON path and label unless a node's builder says otherwise. */
export function compileModel(raw: unknown, name: PathNamer = labelledPath): CompiledModel {
	// One pattern budget for the whole model: validating and compiling it build each distinct pattern once.
	return withPatternBudget(() => compileModelWithinBudget(raw, name));
}

function compileModelWithinBudget(raw: unknown, name: PathNamer): CompiledModel {
	const model = parseWithSchema(scoringModelSchema, raw, 'scoring model', name);
	const issues: ConfigIssue[] = [];
	const groups: GroupInfo[] = [
		{ name: FIT, kind: FIT },
		{ name: ENGAGEMENT, kind: ENGAGEMENT },
	];
	for (const g of model.groups) {
		const existing = groups.findIndex((x) => x.name === g.name);
		const info: GroupInfo = { name: g.name, kind: g.kind, cap: g.cap, floor: g.floor };
		if (existing >= 0) {
			if (groups[existing].kind !== g.kind) {
				issues.push({ path: name(['groups', model.groups.indexOf(g), 'kind'], model), message: `the built-in group "${g.name}" is of kind ${groups[existing].kind}` });
			}
			groups[existing] = info;
		} else groups.push(info);
	}
	const groupIndex = (name: string | undefined, fallback: string) => groups.findIndex((g) => g.name === (name ?? fallback));

	const tryCompile = (condition: Condition, path: readonly PropertyKey[]): Predicate => {
		try {
			const predicate = compileCondition(condition);
			return usesTextWork(condition) ? withinTextWork(predicate, name(path, model)) : predicate;
		} catch (error) {
			issues.push({ path: name(path, model), message: (error as Error).message });
			return () => false;
		}
	};

	const rules: RuleInfo[] = [];
	const fitRules = model.fitRules.map((rule, i): CompiledFitRule => {
		const compiled = {
			index: rules.length,
			id: rule.id ?? `fitRules[${i}]`,
			label: rule.label,
			points: rule.points,
			group: groupIndex(rule.group, FIT),
			when: tryCompile(rule.when, ['fitRules', i, 'when']),
		};
		rules.push(compiled);
		return compiled;
	});

	const engagementByType = new Map<string, CompiledEngagementRule[]>();
	let eventsFade = model.engagementRules.length > 0;
	model.engagementRules.forEach((rule, i) => {
		const decay = rule.decay === 'none' ? undefined : (rule.decay ?? model.decay);
		eventsFade &&= decay !== undefined;
		const compiled: CompiledEngagementRule = {
			index: rules.length,
			id: rule.id ?? `engagementRules[${i}]`,
			label: rule.label,
			points: rule.points,
			group: groupIndex(rule.group, ENGAGEMENT),
			where: rule.where ? tryCompile(rule.where, ['engagementRules', i, 'where']) : undefined,
			maxOccurrences: rule.maxOccurrences,
			oncePerMs: rule.oncePerDays === undefined ? undefined : rule.oncePerDays * DAY_MS,
			withinMs: rule.withinDays === undefined ? undefined : rule.withinDays * DAY_MS,
			decay,
			needsTime: decay !== undefined || rule.oncePerDays !== undefined || rule.withinDays !== undefined,
			countsByTime: decay !== undefined || rule.oncePerDays !== undefined,
		};
		rules.push(compiled);
		for (const type of Array.isArray(rule.eventType) ? rule.eventType : [rule.eventType]) {
			const list = engagementByType.get(type) ?? [];
			if (!list.includes(compiled)) list.push(compiled);
			engagementByType.set(type, list);
		}
	});
	const manualRuleIndex = rules.length;
	rules.push({ id: 'manual', label: 'Manual adjustment', points: 0, group: groupIndex(model.manualPointsGroup, ENGAGEMENT) });

	if (issues.length > 0) throw new ConfigError('scoring model', issues);
	const groupMembers = groups.map((_, g) => rules.flatMap((rule, index) => (rule.group === g ? [index] : [])));
	const n = rules.length;
	return {
		model,
		hash: contentHash(model),
		rules,
		groups,
		groupMembers,
		isFitRule: Uint8Array.from(rules, (rule) => (groups[rule.group].kind === FIT ? 1 : 0)),
		limitedGroups: groups.flatMap((g, index) => (g.cap !== undefined || g.floor !== undefined ? [index] : [])),
		round: rounder(model.decimals),
		eventsFade,
		scratch: {
			raw: new Float64Array(n),
			points: new Float64Array(n),
			matches: new Uint32Array(n),
			matched: new Uint32Array(n),
			capped: new Uint8Array(n),
			hits: new Uint32Array(n),
			reasons: new Array<string>(n).fill(''),
			times: Array.from({ length: n }, () => []),
			events: { newest: Number.NEGATIVE_INFINITY, ahead: 0, firstAheadIndex: -1, firstAheadValue: undefined },
		},
		fitRules,
		engagementByType,
		timedRules: [...new Set([...engagementByType.values()].flat())].filter((rule) => rule.countsByTime).sort((a, b) => a.index - b.index),
		manualRuleIndex,
		paths: {
			events: compilePath(model.fields.events),
			eventType: compilePath(model.fields.eventType),
			eventTime: compilePath(model.fields.eventTime),
			manualPoints: compilePath(model.fields.manualPoints),
			manualReason: compilePath(model.fields.manualReason),
			accountKey: model.account ? compilePath(model.account.key) : undefined,
		},
	};
}

/**
 * A rule's condition that checks, after each test, the text work its lead has taken so far (scoreLead starts the
 * count): the rule whose test crosses MAX_TEXT_WORK_PER_LEAD fails the lead, named. Rules without "matches" or
 * "contains" cannot add to the count and are not wrapped.
 */
function withinTextWork(predicate: Predicate, rule: string): Predicate {
	return (data) => {
		const result = predicate(data);
		if (textWork.steps > MAX_TEXT_WORK_PER_LEAD) throw new TextWorkError(rule, MAX_TEXT_WORK_PER_LEAD);
		return result;
	};
}

/** A short, stable fingerprint of the validated model: key order and formatting do not change it. */
function contentHash(model: ScoringModel): string {
	return createHash('sha256').update(canonicalJson(model)).digest('hex').slice(0, 16);
}

/** JSON with object keys sorted, so equal values give equal text whatever order their keys were written in. */
export function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (value !== null && typeof value === 'object') {
		const entries = Object.entries(value as Record<string, unknown>)
			.filter(([, v]) => v !== undefined)
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
	}
	return JSON.stringify(value);
}
