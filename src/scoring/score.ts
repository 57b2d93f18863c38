import { InputError } from '../errors';
import { readPath } from '../fields';
import { isBlank, requirePoints } from '../numbers';
import { DATE_EXPECTATION, parseInstant, requireAsOf, toIso, type Instant } from '../time';
import { decayValue } from '../decay';
import type { CompiledEngagementRule, CompiledModel, Kind } from './compile';
import type { ScoringModel } from './model';

export const MAX_EVENTS_PER_LEAD = 10_000;

export interface Contribution {
	/** The rule's id (or its place in the model, "fitRules[2]"); "manual" for the adjustment; "total" for limits. */
	rule: string;
	label: string;
	group: string;
	kind: Kind | 'total';
	/** Points counted after caps. */
	points: number;
	/** Points before any cap cut them. */
	rawPoints: number;
	matches: number;
	capped: boolean;
}

export interface ScoreResult {
	score: number;
	fitScore: number;
	engagementScore: number;
	grade: string;
	engagementLevel: string;
	/** The fit x engagement grid cell, such as "A1". */
	label: string;
	summary: string;
	model: { name: string; version: string; hash: string };
	asOf: string;
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
	/** The model's total floor and ceiling (null when unbounded), so later nodes keep a decayed total inside them. */
	bounds: { floor: number | null; ceiling: number | null };
	explanation?: {
		contributions: Contribution[];
		unknownEventTypes?: string[];
	};
}

export interface ScoreOptions {
	asOf: Instant;
	/** Whether to return the per-rule explanation (the one-line summary is always there). */
	explain?: boolean;
}

/** Scores one lead against a compiled model. Pure: the same lead, model and asOf give the same result. */
export function scoreLead(compiled: CompiledModel, lead: unknown, options: ScoreOptions): ScoreResult {
	const asOf = requireAsOf(options?.asOf);
	const { model, round } = compiled;
	const { raw, points, matches, capped } = compiled.scratch;
	raw.fill(0);
	matches.fill(0);
	capped.fill(0);

	for (const rule of compiled.fitRules) {
		if (rule.when(lead)) {
			raw[rule.index] = rule.points;
			matches[rule.index] = 1;
		}
	}
	const activity = { newest: Number.NEGATIVE_INFINITY };
	const unknownTypes = scoreEvents(compiled, lead, asOf, raw, matches, activity);
	scoreManualPoints(compiled, lead, raw, matches);

	for (let i = 0; i < raw.length; i++) if (matches[i] !== 0) raw[i] = round(raw[i]);
	points.set(raw);
	if (compiled.limitedGroups.length > 0) applyGroupLimits(compiled, points, capped, round);

	let fitScore = 0;
	let engagementScore = 0;
	for (let i = 0; i < points.length; i++) {
		if (matches[i] === 0) continue;
		if (compiled.isFitRule[i] === 1) fitScore += points[i];
		else engagementScore += points[i];
	}
	fitScore = round(fitScore);
	engagementScore = round(engagementScore);
	const subtotal = round(fitScore + engagementScore);
	const score = limitTotal(model, subtotal);
	const grade = gradeFor(model, fitScore);
	const engagementLevel = engagementLevelFor(model, engagementScore);

	const contributions = explainContributions(compiled, lead, raw, points, matches, capped);
	if (score !== subtotal) {
		contributions.push({
			rule: 'total',
			label: score < subtotal ? `capped at ${score}` : `raised to floor ${score}`,
			group: 'total',
			kind: 'total',
			points: round(score - subtotal),
			rawPoints: 0,
			matches: 0,
			capped: true,
		});
	}
	const lastActivityAt = activity.newest === Number.NEGATIVE_INFINITY ? null : new Date(activity.newest).toISOString();
	const result: ScoreResult = {
		score,
		fitScore,
		engagementScore,
		grade,
		engagementLevel,
		label: `${grade}${engagementLevel}`,
		summary: summarize(contributions),
		model: { name: model.name, version: model.version, hash: compiled.hash },
		asOf: toIso(asOf),
		lastActivityAt,
		decayFrom: lastActivityAt !== null && compiled.eventsFade ? toIso(asOf) : lastActivityAt,
		bounds: { floor: model.total.floor ?? null, ceiling: model.total.ceiling ?? null },
	};
	if (options.explain) {
		result.explanation = { contributions };
		if (model.reportUnknownEvents) result.explanation.unknownEventTypes = [...unknownTypes].sort();
	}
	return result;
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

function scoreEvents(
	compiled: CompiledModel,
	lead: unknown,
	asOf: Instant,
	raw: Float64Array,
	matches: Uint32Array,
	activity: { newest: number },
): Set<string> {
	const unknownTypes = new Set<string>();
	const { paths } = compiled;
	const events = readPath(lead, paths.events);
	if (events === undefined || events === null) return unknownTypes;
	if (!Array.isArray(events)) throw new InputError(paths.events.source, 'a list of events', events);
	if (events.length > MAX_EVENTS_PER_LEAD) {
		throw new InputError(paths.events.source, `at most ${MAX_EVENTS_PER_LEAD} events`, events);
	}
	// Times of matches, kept only for rules whose points depend on when events happened.
	let timed: Map<CompiledEngagementRule, number[]> | undefined;
	for (let j = 0; j < events.length; j++) {
		const event = events[j];
		const type = readPath(event, paths.eventType);
		if (typeof type !== 'string') {
			throw new InputError(`${paths.events.source}[${j}].${paths.eventType.source}`, 'an event type (text)', type);
		}
		const candidates = compiled.engagementByType.get(type);
		if (candidates === undefined) {
			unknownTypes.add(type);
			continue;
		}
		let time: number | undefined;
		let timeRead = false;
		for (const rule of candidates) {
			if (rule.where !== undefined && !matchesEvent(rule, event, paths.events.source, j)) continue;
			if (!timeRead) {
				time = eventTime(event, compiled, j);
				timeRead = true;
			}
			if (time === undefined) {
				if (rule.needsTime) {
					throw new InputError(`${paths.events.source}[${j}].${paths.eventTime.source}`, DATE_EXPECTATION, undefined);
				}
			} else {
				if (time > asOf) continue; // not happened yet as of asOf
				// Within N days: younger than N days; an event exactly N days old is out, as with the window curve.
				if (rule.withinMs !== undefined && time <= asOf - rule.withinMs) continue;
				if (time > activity.newest) activity.newest = time;
			}
			if (rule.needsTime) {
				timed ??= new Map();
				const list = timed.get(rule);
				if (list) list.push(time as number);
				else timed.set(rule, [time as number]);
			} else if (rule.maxOccurrences === undefined || matches[rule.index] < rule.maxOccurrences) {
				raw[rule.index] += rule.points;
				matches[rule.index]++;
			}
		}
	}
	if (timed) for (const [rule, times] of timed) countTimedMatches(rule, times, asOf, raw, matches);
	return unknownTypes;
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
function countTimedMatches(rule: CompiledEngagementRule, times: number[], asOf: Instant, raw: Float64Array, matches: Uint32Array): void {
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

function scoreManualPoints(compiled: CompiledModel, lead: unknown, raw: Float64Array, matches: Uint32Array): void {
	const value = readPath(lead, compiled.paths.manualPoints);
	if (isBlank(value)) return;
	raw[compiled.manualRuleIndex] = requirePoints(value, compiled.paths.manualPoints.source);
	matches[compiled.manualRuleIndex] = 1;
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

function explainContributions(
	compiled: CompiledModel,
	lead: unknown,
	raw: Float64Array,
	points: Float64Array,
	matches: Uint32Array,
	capped: Uint8Array,
): Contribution[] {
	const contributions: Contribution[] = [];
	compiled.rules.forEach((rule, i) => {
		if (matches[i] === 0) return;
		const group = compiled.groups[rule.group];
		let label = rule.label;
		if (i === compiled.manualRuleIndex) {
			const reason = readPath(lead, compiled.paths.manualReason);
			if (typeof reason === 'string' && reason.trim() !== '') label = `${label}: ${reason.trim().slice(0, 200)}`;
		}
		contributions.push({
			rule: rule.id,
			label,
			group: group.name,
			kind: group.kind,
			points: points[i],
			rawPoints: raw[i],
			matches: matches[i],
			capped: capped[i] === 1,
		});
	});
	return contributions;
}

/** One line a person reads: "+30 VP title, +20 Pricing page x2, -10 Free mail, capped at 100". */
export function summarize(contributions: readonly Contribution[]): string {
	let summary = '';
	for (const c of contributions) {
		if (c.kind !== 'total' && c.points === 0 && !c.capped) continue;
		let part = c.label;
		if (c.kind !== 'total') {
			part = `${signed(c.points)} ${c.label}`;
			if (c.matches > 1) part += ` x${c.matches}`;
			if (c.capped) part += ` (capped from ${signed(c.rawPoints)})`;
		}
		summary = summary === '' ? part : `${summary}, ${part}`;
	}
	return summary === '' ? 'no rule matched' : summary;
}

function signed(n: number): string {
	return n >= 0 ? `+${n}` : `${n}`;
}
