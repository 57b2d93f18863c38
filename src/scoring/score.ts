import { InputError } from '../errors';
import { readPath } from '../fields';
import { isBlank, requirePoints } from '../numbers';
import { DATE_EXPECTATION, parseInstant, requireAsOf, toIso, type Instant } from '../time';
import { decayValue } from '../decay';
import { startTextWork } from '../conditions';
import type { CompiledEngagementRule, CompiledModel, EventFacts, Kind, ScoringScratch } from './compile';
import type { ScoringModel } from './model';

export const MAX_EVENTS_PER_LEAD = 10_000;

/**
 * One entry of the explanation: a rule that matched (or the total's floor or ceiling), in words first and then in
 * numbers. The entries' `points` add up to the score.
 */
export interface Contribution {
	/** The entry as a sales rep reads it: "Pricing page: 3 of 4 events counted (limit 3), +30". */
	text: string;
	/** Points counted, after every limit and cut. */
	points: number;
	/** The rule's id in the model; without one its place in words ("fit rule 2"); "manual" for the adjustment; "total". */
	rule: string;
	label: string;
	group: string;
	kind: Kind | 'total';
	/** How many times the rule matched: the events it met (type, filter, window), 1 for a fit rule or the adjustment. */
	matched: number;
	/** How many of those counted: fewer than `matched` when maxOccurrences or oncePerDays cut the rest. */
	counted: number;
	/**
	 * Points a cap took off (negative) or a floor gave back (positive): the group's for a rule, the model's total for
	 * the total entry. 0 when nothing was cut; `points - cut` is what the entry had before that limit.
	 */
	cut: number;
}

export interface ScoreResult {
	score: number;
	grade: string;
	/** One line a person reads: every rule that gave points, in the model's order. */
	summary: string;
	/** The (at most) three rules that moved the score most, largest |points| first: "+30 Senior title". */
	topReasons: string[];
	/** The fit x engagement grid cell, such as "A1". */
	label: string;
	fitScore: number;
	engagementScore: number;
	engagementLevel: string;
	/**
	 * The newest event (at or before asOf, inside its rule's window) that matched an engagement rule: the moment the
	 * engagement part refers to, from which Apply Decay counts inactivity. Null when no dated event matched.
	 */
	lastActivityAt: string | null;
	/**
	 * Where decay of the engagement part goes on from: `lastActivityAt` when the model keeps events at full value,
	 * `asOf` when every engagement rule already fades its events up to asOf (fading again from the last activity
	 * would decay them twice). Null when no dated event matched. Apply Decay reads it before `lastActivityAt`.
	 */
	decayFrom: string | null;
	asOf: string;
	/** The model's total floor and ceiling (null when unbounded), so later nodes keep a decayed total inside them. */
	bounds: { floor: number | null; ceiling: number | null };
	model: { name: string; version: string; hash: string };
	/**
	 * Only when some events a rule would have counted are dated after asOf (beyond `aheadToleranceMs`): how many,
	 * and the first of them (its field and value as sent). They give no points and are not the last activity.
	 */
	eventsAfterAsOf?: { count: number; firstField: string; firstValue: unknown };
	explanation?: {
		contributions: Contribution[];
		unknownEventTypes?: string[];
	};
}

export interface ScoreOptions {
	asOf: Instant;
	/** Whether to return the per-rule explanation (the summary and the top reasons are always there). */
	explain?: boolean;
	/**
	 * Events dated up to this many milliseconds after asOf count as happening at asOf (a sender's clock a little
	 * ahead of n8n's); later ones are left out and reported in `eventsAfterAsOf`. 0 by default: the library scores
	 * strictly as of asOf (Tune Model's backtests rely on it); Score Lead passes EVENT_CLOCK_TOLERANCE_MS.
	 */
	aheadToleranceMs?: number;
}

/** Score Lead's tolerance for events dated after As Of: 5 minutes of clock difference between sender and n8n. */
export const EVENT_CLOCK_TOLERANCE_MS = 5 * 60_000;

const MAX_REASONS = 3;

/** Scores one lead against a compiled model. Pure: the same lead, model and asOf give the same result. */
export function scoreLead(compiled: CompiledModel, lead: unknown, options: ScoreOptions): ScoreResult {
	const asOf = requireAsOf(options?.asOf);
	startTextWork(); // the per-lead budget of "matches" and "contains" rules (see withinTextWork)
	const tolerance = options.aheadToleranceMs ?? 0;
	const { model, round, scratch } = compiled;
	const { raw, points, matches, matched, capped, hits, reasons, events } = scratch;
	raw.fill(0);
	matches.fill(0);
	matched.fill(0);
	capped.fill(0);
	events.newest = Number.NEGATIVE_INFINITY;
	events.ahead = 0;
	events.firstAheadIndex = -1;
	events.firstAheadValue = undefined;

	for (const rule of compiled.fitRules) {
		if (rule.when(lead)) {
			raw[rule.index] = rule.points;
			matches[rule.index] = 1;
			matched[rule.index] = 1;
		}
	}
	// Unknown event types are collected only when they will be reported.
	const unknownTypes = options.explain && model.reportUnknownEvents ? new Set<string>() : undefined;
	scoreEvents(compiled, lead, asOf, tolerance, unknownTypes);
	scoreManualPoints(compiled, lead, scratch);

	for (let i = 0; i < raw.length; i++) if (matches[i] !== 0) raw[i] = round(raw[i]);
	points.set(raw);
	if (compiled.limitedGroups.length > 0) applyGroupLimits(compiled, points, capped, round);

	let fitScore = 0;
	let engagementScore = 0;
	// The rules that matched, in the model's order: all the words below are built from these only.
	let hitCount = 0;
	for (let i = 0; i < points.length; i++) {
		if (matches[i] === 0) continue;
		hits[hitCount++] = i;
		if (compiled.isFitRule[i] === 1) fitScore += points[i];
		else engagementScore += points[i];
	}
	fitScore = round(fitScore);
	engagementScore = round(engagementScore);
	const subtotal = round(fitScore + engagementScore);
	const score = limitTotal(model, subtotal);
	const grade = gradeFor(model, fitScore);
	const engagementLevel = engagementLevelFor(model, engagementScore);

	const manualLabel = matches[compiled.manualRuleIndex] === 0 ? '' : manualAdjustmentLabel(compiled, lead);
	const labelOf = (i: number) => (i === compiled.manualRuleIndex ? manualLabel : compiled.rules[i].label);
	// Each rule that moved the score is worded once, for the summary and the top reasons alike.
	for (let k = 0; k < hitCount; k++) {
		const i = hits[k];
		reasons[i] = points[i] === 0 && capped[i] === 0 ? '' : reasonOf(compiled, i, labelOf(i));
	}
	const totalLabel = score === subtotal ? undefined : score < subtotal ? `capped at ${score}` : `raised to floor ${score}`;
	const lastActivityAt = events.newest === Number.NEGATIVE_INFINITY ? null : new Date(events.newest).toISOString();
	const asOfIso = toIso(asOf);
	const result: ScoreResult = {
		score,
		grade,
		summary: summaryOf(scratch, hitCount, totalLabel),
		topReasons: topReasonsOf(scratch, hitCount),
		label: `${grade}${engagementLevel}`,
		fitScore,
		engagementScore,
		engagementLevel,
		lastActivityAt,
		decayFrom: lastActivityAt !== null && compiled.eventsFade ? asOfIso : lastActivityAt,
		asOf: asOfIso,
		bounds: { floor: model.total.floor ?? null, ceiling: model.total.ceiling ?? null },
		model: { name: model.name, version: model.version, hash: compiled.hash },
	};
	if (events.ahead > 0) result.eventsAfterAsOf = eventsAfterAsOf(compiled, events);
	if (options.explain) {
		// The words of every entry are built only here: a run without the explanation pays for the summary and top reasons alone.
		const contributions: Contribution[] = [];
		for (let k = 0; k < hitCount; k++) contributions.push(explainRule(compiled, hits[k], labelOf(hits[k])));
		if (totalLabel !== undefined) {
			const change = round(score - subtotal);
			contributions.push({
				text: `${score < subtotal ? 'Score ceiling' : 'Score floor'}: ${subtotal} ${score < subtotal ? 'capped at' : 'raised to'} ${score}, ${signed(change)}`,
				points: change,
				rule: 'total',
				label: totalLabel,
				group: 'total',
				kind: 'total',
				matched: 0,
				counted: 0,
				cut: change,
			});
		}
		result.explanation = { contributions };
		if (unknownTypes) result.explanation.unknownEventTypes = [...unknownTypes].sort();
	}
	return result;
}

function eventsAfterAsOf(compiled: CompiledModel, facts: EventFacts): NonNullable<ScoreResult['eventsAfterAsOf']> {
	const { paths } = compiled;
	return { count: facts.ahead, firstField: `${paths.events.source}[${facts.firstAheadIndex}].${paths.eventTime.source}`, firstValue: facts.firstAheadValue };
}

export function limitTotal(model: ScoringModel, subtotal: number): number {
	const { floor, ceiling } = model.total;
	if (ceiling !== undefined && subtotal > ceiling) return ceiling;
	if (floor !== undefined && subtotal < floor) return floor;
	return subtotal;
}

/** The first band (best first) the fit score reaches; below all bands, the last one. */
export function gradeFor(model: ScoringModel, fitScore: number): string {
	return (model.grades.find((g) => fitScore >= g.minFit) ?? model.grades[model.grades.length - 1]).grade;
}

export function engagementLevelFor(model: ScoringModel, engagementScore: number): string {
	const levels = model.engagementLevels;
	return (levels.find((l) => engagementScore >= l.minEngagement) ?? levels[levels.length - 1]).level;
}

/**
 * Counts the lead's events into the scratch arrays. Each event's time is read once, at the first rule that wants
 * it, whatever the number of rules of its type. Events dated after asOf + tolerance are left out for every rule and
 * counted in `scratch.events.ahead`; within the tolerance they count as happening at asOf.
 */
function scoreEvents(compiled: CompiledModel, lead: unknown, asOf: Instant, tolerance: number, unknownTypes: Set<string> | undefined): void {
	const { raw, matches, matched, times, events: facts } = compiled.scratch;
	const { paths } = compiled;
	const events = readPath(lead, paths.events);
	if (events === undefined || events === null) return;
	if (!Array.isArray(events)) throw new InputError(paths.events.source, 'a list of events', events);
	if (events.length > MAX_EVENTS_PER_LEAD) {
		throw new InputError(paths.events.source, `at most ${MAX_EVENTS_PER_LEAD} events`, events);
	}
	let anyTimed = false;
	for (let j = 0; j < events.length; j++) {
		const event = events[j];
		const type = readPath(event, paths.eventType);
		if (typeof type !== 'string') {
			throw new InputError(`${paths.events.source}[${j}].${paths.eventType.source}`, 'an event type (text)', type);
		}
		const candidates = compiled.engagementByType.get(type);
		if (candidates === undefined) {
			unknownTypes?.add(type);
			continue;
		}
		let time: number | undefined;
		let timeRead = false;
		for (const rule of candidates) {
			if (rule.where !== undefined && !matchesEvent(rule, event, paths.events.source, j)) continue;
			if (!timeRead) {
				time = eventTime(event, compiled, j);
				timeRead = true;
				if (time !== undefined && time > asOf) {
					if (time - asOf > tolerance) {
						// Not happened yet as of asOf: left out for every rule, and reported.
						if (facts.ahead++ === 0) {
							facts.firstAheadIndex = j;
							facts.firstAheadValue = readPath(event, paths.eventTime);
						}
						break;
					}
					time = asOf;
				}
			}
			if (time === undefined) {
				if (rule.needsTime) {
					throw new InputError(`${paths.events.source}[${j}].${paths.eventTime.source}`, DATE_EXPECTATION, undefined);
				}
			} else {
				// Within N days: younger than N days; an event exactly N days old is out, as with the window curve.
				if (rule.withinMs !== undefined && time <= asOf - rule.withinMs) continue;
				if (time > facts.newest) facts.newest = time;
			}
			matched[rule.index]++;
			if (rule.countsByTime) {
				times[rule.index].push(time as number);
				anyTimed = true;
			} else if (rule.maxOccurrences === undefined || matches[rule.index] < rule.maxOccurrences) {
				raw[rule.index] += rule.points;
				matches[rule.index]++;
			}
		}
	}
	if (anyTimed) {
		for (const rule of compiled.timedRules) {
			const list = times[rule.index];
			if (list.length === 0) continue;
			countTimedMatches(rule, list, asOf, compiled.scratch);
			list.length = 0;
		}
	}
}

function matchesEvent(rule: CompiledEngagementRule, event: unknown, eventsPath: string, j: number): boolean {
	try {
		return (rule.where as (e: unknown) => boolean)(event);
	} catch (error) {
		if (error instanceof InputError) throw new InputError(`${eventsPath}[${j}].${error.field}`, error.expected, error.received);
		throw error;
	}
}

function eventTime(event: unknown, compiled: CompiledModel, j: number): number | undefined {
	const value = readPath(event, compiled.paths.eventTime);
	if (isBlank(value)) return undefined;
	const time = parseInstant(value);
	if (time === undefined) {
		throw new InputError(`${compiled.paths.events.source}[${j}].${compiled.paths.eventTime.source}`, DATE_EXPECTATION, value);
	}
	return time;
}

/**
 * Counts the most recent occurrences first: "at most once per N days" keeps the newest event of each spell,
 * "at most N" stops after N. Newest-first keeps the score monotone: a new event can only replace an older one.
 */
function countTimedMatches(rule: CompiledEngagementRule, times: number[], asOf: Instant, scratch: ScoringScratch): void {
	const { raw, matches } = scratch;
	times.sort((a, b) => b - a);
	const spacing = rule.oncePerMs ?? 0;
	const limit = rule.maxOccurrences ?? Number.POSITIVE_INFINITY;
	let total = 0;
	let count = 0;
	let last = Number.POSITIVE_INFINITY;
	for (const t of times) {
		if (count >= limit) break;
		if (last - t < spacing) continue;
		total += rule.decay ? decayValue(rule.decay, rule.points, t, asOf) : rule.points;
		count++;
		last = t;
	}
	raw[rule.index] = total;
	matches[rule.index] = count;
}

function scoreManualPoints(compiled: CompiledModel, lead: unknown, scratch: ScoringScratch): void {
	const value = readPath(lead, compiled.paths.manualPoints);
	if (isBlank(value)) return;
	scratch.raw[compiled.manualRuleIndex] = requirePoints(value, compiled.paths.manualPoints.source);
	scratch.matches[compiled.manualRuleIndex] = 1;
	scratch.matched[compiled.manualRuleIndex] = 1;
}

/**
 * Group caps cut positive points and floors lift negative ones, starting from the group's last rule,
 * so the rules listed first in the model keep their points. Every cut is visible in the explanation.
 */
function applyGroupLimits(compiled: CompiledModel, points: Float64Array, capped: Uint8Array, round: (n: number) => number): void {
	for (const g of compiled.limitedGroups) {
		const group = compiled.groups[g];
		const members = compiled.groupMembers[g];
		let sum = 0;
		for (const i of members) sum += points[i];
		sum = round(sum);
		if (group.cap !== undefined && sum > group.cap) {
			let excess = round(sum - group.cap);
			for (let k = members.length - 1; k >= 0 && excess > 0; k--) {
				const i = members[k];
				if (points[i] <= 0) continue;
				const cut = Math.min(points[i], excess);
				points[i] = round(points[i] - cut);
				excess = round(excess - cut);
				capped[i] = 1;
			}
		} else if (group.floor !== undefined && sum < group.floor) {
			let deficit = round(group.floor - sum);
			for (let k = members.length - 1; k >= 0 && deficit > 0; k--) {
				const i = members[k];
				if (points[i] >= 0) continue;
				const lift = Math.min(-points[i], deficit);
				points[i] = round(points[i] + lift);
				deficit = round(deficit - lift);
				capped[i] = 1;
			}
		}
	}
}

/** "Manual adjustment", with the lead's reason when it gives one: "Manual adjustment: met at the trade show". */
function manualAdjustmentLabel(compiled: CompiledModel, lead: unknown): string {
	const label = compiled.rules[compiled.manualRuleIndex].label;
	const reason = readPath(lead, compiled.paths.manualReason);
	return typeof reason === 'string' && reason.trim() !== '' ? `${label}: ${reason.trim().slice(0, 200)}` : label;
}

/** A rule's part of the summary and of the top reasons: "+20 Pricing page x2", "+5 Company email (capped from +10)". */
function reasonOf(compiled: CompiledModel, i: number, label: string): string {
	const { points, raw, matches, capped } = compiled.scratch;
	let part = `${signed(points[i])} ${label}`;
	if (matches[i] > 1) part += ` x${matches[i]}`;
	if (capped[i] === 1) part += ` (capped from ${signed(raw[i])})`;
	return part;
}

/** One line a person reads: "+30 VP title, +20 Pricing page x2, -10 Free mail, capped at 100". */
function summaryOf(scratch: ScoringScratch, hitCount: number, totalLabel: string | undefined): string {
	const { hits, reasons } = scratch;
	let summary = '';
	for (let k = 0; k < hitCount; k++) {
		const part = reasons[hits[k]];
		if (part === '') continue;
		summary = summary === '' ? part : `${summary}, ${part}`;
	}
	if (totalLabel !== undefined) summary = summary === '' ? totalLabel : `${summary}, ${totalLabel}`;
	return summary === '' ? 'no rule matched' : summary;
}

/**
 * The rules that moved the score most: largest |points| (after cuts) first, ties in the model's order, none with 0
 * points, at most three; each worded as in the summary. The total's floor or ceiling is not a reason.
 */
function topReasonsOf(scratch: ScoringScratch, hitCount: number): string[] {
	const { points, hits, reasons } = scratch;
	const top: number[] = [];
	for (let k = 0; k < hitCount; k++) {
		const i = hits[k];
		const size = Math.abs(points[i]);
		if (size === 0) continue;
		let at = top.length;
		while (at > 0 && Math.abs(points[top[at - 1]]) < size) at--;
		if (at < MAX_REASONS) {
			top.splice(at, 0, i);
			if (top.length > MAX_REASONS) top.pop();
		}
	}
	return top.map((i) => reasons[i]);
}

/** One explanation entry, in words and in numbers (see Contribution). */
function explainRule(compiled: CompiledModel, i: number, label: string): Contribution {
	const { raw, points, matches, matched } = compiled.scratch;
	const rule = compiled.rules[i];
	const group = compiled.groups[rule.group];
	const engagementIndex = i - compiled.fitRules.length;
	const isEngagement = engagementIndex >= 0 && i !== compiled.manualRuleIndex;
	let text: string;
	if (i === compiled.manualRuleIndex) {
		text = `${label}, ${signed(points[i])}`;
	} else if (isEngagement) {
		const noun = matched[i] === 1 ? 'event' : 'events';
		const counts = matches[i] < matched[i] ? `${matches[i]} of ${matched[i]} ${noun} counted (${occurrenceLimits(compiled, engagementIndex, matches[i])})` : `${matched[i]} ${noun}`;
		text = `${label}: ${counts}, ${signed(points[i])}`;
	} else {
		text = `${label}: ${signed(points[i])}`;
	}
	const notes: string[] = [];
	if (isEngagement) {
		const engagementRule = rule as CompiledEngagementRule;
		const undecayed = compiled.round(engagementRule.points * matches[i]);
		if (engagementRule.decay !== undefined && undecayed !== raw[i]) notes.push(`faded from ${signed(undecayed)} with time`);
	}
	const cut = compiled.round(points[i] - raw[i]);
	if (cut !== 0) {
		notes.push(`cut from ${signed(raw[i])}: ${group.name} group ${cut < 0 ? `capped at ${group.cap}` : `floored at ${group.floor}`}`);
	}
	if (notes.length > 0) text += ` (${notes.join('; ')})`;
	return {
		text,
		points: points[i],
		rule: ruleNames(compiled)[i],
		label,
		group: group.name,
		kind: group.kind,
		matched: matched[i],
		counted: matches[i],
		cut,
	};
}

/** What stopped the rest of an engagement rule's matches from counting: "limit 3", "once per 7 days", or both. */
function occurrenceLimits(compiled: CompiledModel, engagementIndex: number, counted: number): string {
	const { maxOccurrences, oncePerDays } = compiled.model.engagementRules[engagementIndex];
	const limits: string[] = [];
	if (maxOccurrences !== undefined && counted >= maxOccurrences) limits.push(`limit ${maxOccurrences}`);
	if (oncePerDays !== undefined) limits.push(`once per ${oncePerDays === 1 ? 'day' : `${oncePerDays} days`}`);
	return limits.join(', ');
}

const RULE_NAMES = new WeakMap<CompiledModel, readonly string[]>();

/**
 * How the explanation names each rule (`Contribution.rule`): the id the model gives it, else its place in words
 * ("fit rule 1", "engagement rule 3"), "manual" for the adjustment. A place that another rule's id already uses
 * keeps the model's notation ("fitRules[0]"), so names stay unique. Built once per compiled model.
 */
export function ruleNames(compiled: CompiledModel): readonly string[] {
	let names = RULE_NAMES.get(compiled);
	if (names) return names;
	const { fitRules, engagementRules } = compiled.model;
	const ids = new Set([...fitRules, ...engagementRules].flatMap((r) => (r.id === undefined ? [] : [r.id])));
	const name = (id: string | undefined, words: string, notation: string) => id ?? (ids.has(words) ? notation : words);
	names = [
		...fitRules.map((r, i) => name(r.id, `fit rule ${i + 1}`, `fitRules[${i}]`)),
		...engagementRules.map((r, i) => name(r.id, `engagement rule ${i + 1}`, `engagementRules[${i}]`)),
		'manual',
	];
	RULE_NAMES.set(compiled, names);
	return names;
}

function signed(n: number): string {
	return n >= 0 ? `+${n}` : `${n}`;
}
