import { z } from '../zod';
import { compilePath, readPath, type FieldPath } from '../fields';
import { InputError } from '../errors';
import { isBlank, requirePoints, rounder } from '../numbers';
import { DAY_MS, requireAsOf, requireInstant, toIso, type Instant } from '../time';
import { fieldPathSchema, parseWithSchema } from '../validation';
import { decayCurveSchema, decayValue, describeCurve, type DecayCurve } from './curves';

/**
 * Decay of scores already stored in a CRM (the nightly "CRM contacts -> Apply Decay -> CRM update" job).
 *
 * Re-running must never decay twice, so the result depends only on (base score, last activity, asOf):
 * the base is the score as it stood at the last activity (what Score Lead wrote then) and is only ever read
 * here. The decayed score is written to a different field, so a second run at the same asOf gives the same
 * result, and a run on a later day decays from the base again instead of decaying yesterday's result.
 *
 * The total keeps the model's floor and ceiling when the record carries them (`boundsField`, which Score Lead
 * writes as `leadScore.bounds`): a lead scored at the ceiling with more points than it holds stays at the ceiling
 * until decay takes it below, and a floored lead never decays below the floor. A last activity that is null or
 * empty means no dated activity (Score Lead writes null when no event matched): nothing decays. A missing one is
 * an error, naming the field.
 */
export const storedScoreSettingsSchema = z
	.strictObject({
		curve: decayCurveSchema,
		/** The score that fades: the engagement part, or the total when only one score is kept. */
		scoreField: fieldPathSchema,
		/** The date the stored score refers to: the lead's last activity. */
		lastActivityField: fieldPathSchema,
		/**
		 * Where fading goes on from, when the record says (Score Lead's `decayFrom`: its asOf when the model already
		 * faded each event up to then). A record without the field fades from the last activity.
		 */
		decayFromField: fieldPathSchema.optional(),
		/** When the stored score was computed (Score Lead's `asOf`): copied to the result, so readers can tell a
		 * decay result of an older score from one of the current score. */
		scoredAtField: fieldPathSchema.optional(),
		/** The fit part, added to the result; it does not fade unless `decayFit`. */
		fitScoreField: fieldPathSchema.optional(),
		/** The model's total floor and ceiling ({ floor, ceiling }, either null), kept by the decayed total. */
		boundsField: fieldPathSchema.optional(),
		decayFit: z.boolean().default(false),
		/** Where the previous run's decayed score was stored back; it decides `changed` when given. */
		currentScoreField: fieldPathSchema.optional(),
		outputField: fieldPathSchema,
		decimals: z.number().int().min(0).max(10).default(2),
	})
	.refine((settings) => overwrittenInput(settings) === undefined, {
		// Checked even when other settings are wrong, so one run lists every problem.
		when: () => true,
		path: ['outputField'],
		error: (issue) =>
			`would overwrite the input field "${overwrittenInput(issue.input)}", so a second run would decay the result again; choose another field`,
	});

export type StoredScoreSettings = z.input<typeof storedScoreSettingsSchema>;

export interface StoredScoreDecayer {
	readonly curve: DecayCurve;
	readonly outputField: FieldPath;
	/** Reads one lead's stored score and decays it to `asOf`; bad data raises InputError naming the field. */
	decay(lead: unknown, asOf: Instant): StoredScoreDecay;
}

export interface StoredScoreDecay {
	/** The decayed score to store back (the total when a fit field is mapped). */
	score: number;
	/** The stored score before decay (base plus fit). */
	baseScore: number;
	/** The decayed part and the fit part, when a fit field is mapped. */
	engagementScore?: number;
	fitScore?: number;
	/** baseScore - score: negative when negative points fade toward zero. */
	pointsRemoved: number;
	/** Whole days from the last activity to asOf (0 when the activity is later; null without a dated activity). */
	daysInactive: number | null;
	/** Whether `score` differs from the current stored score (or from the base when none is mapped). */
	changed: boolean;
	lastActivityAt: string | null;
	/** Where fading started from (the last activity, or the stored `decayFrom`); null when nothing fades. */
	decayFrom: string | null;
	/** When the decayed score was computed (the record's scoredAt field), when the record says. */
	scoredAt?: string;
	decayedAt: string;
	curve: DecayCurve;
	curveSummary: string;
}

export function compileStoredScoreDecay(raw: unknown): StoredScoreDecayer {
	const settings = parseWithSchema(storedScoreSettingsSchema, raw, 'decay settings');
	const { curve, decayFit } = settings;
	const scorePath = compilePath(settings.scoreField);
	const activityPath = compilePath(settings.lastActivityField);
	const optionalPath = (path: string | undefined) => (path === undefined ? undefined : compilePath(path));
	const fitPath = optionalPath(settings.fitScoreField);
	const currentPath = optionalPath(settings.currentScoreField);
	const boundsPath = optionalPath(settings.boundsField);
	const decayFromPath = optionalPath(settings.decayFromField);
	const scoredAtPath = optionalPath(settings.scoredAtField);
	const round = rounder(settings.decimals);
	const curveSummary = describeCurve(curve);

	return {
		curve,
		outputField: compilePath(settings.outputField),
		decay(lead, asOfInput) {
			const asOf = requireAsOf(asOfInput);
			const base = requireScore(lead, scorePath);
			const fit = fitPath ? requireScore(lead, fitPath) : undefined;
			const activityValue = readPath(lead, activityPath);
			// null or empty: no dated activity, so nothing to count inactivity from; missing: a mapping mistake.
			const lastActivity = activityValue === null || activityValue === '' ? undefined : requireInstant(activityValue, activityPath.source);
			const from = decayFromPath ? fadeStart(lead, decayFromPath, lastActivity) : lastActivity;
			const scoredAtValue = scoredAtPath ? readPath(lead, scoredAtPath) : undefined;
			const scoredAt = isBlank(scoredAtValue) ? undefined : toIso(requireInstant(scoredAtValue, scoredAtPath!.source));
			const current = currentPath ? optionalScore(lead, currentPath) : undefined;
			const limit = boundsPath ? readBounds(lead, boundsPath) : (total: number) => total;
			const fade = (value: number) => (from === undefined ? value : decayValue(curve, value, from, asOf));

			const decayed = round(fade(base));
			const fitNow = fit === undefined ? undefined : round(decayFit ? fade(fit) : fit);
			// Parts are rounded first so the total is their visible sum; rounding again drops float noise (0.1 + 0.2).
			const score = limit(round(decayed + (fitNow ?? 0)));
			const baseScore = limit(base + (fit ?? 0));
			// A mapped current score that is still empty was never stored back: the lead is new to the job.
			const changedFrom = currentPath ? current : round(baseScore);
			return {
				score,
				baseScore,
				...(fitNow === undefined ? {} : { engagementScore: decayed, fitScore: fitNow }),
				pointsRemoved: round(baseScore - score),
				daysInactive: lastActivity === undefined ? null : Math.max(0, Math.floor((asOf - lastActivity) / DAY_MS)),
				changed: changedFrom !== score,
				lastActivityAt: lastActivity === undefined ? null : new Date(lastActivity).toISOString(),
				decayFrom: from === undefined ? null : new Date(from).toISOString(),
				...(scoredAt === undefined ? {} : { scoredAt }),
				decayedAt: toIso(asOf),
				curve,
				curveSummary,
			};
		},
	};
}

/**
 * Where fading starts: the record's decay-from moment when it has one (null or empty: no dated activity, nothing
 * fades), else the last activity. A decay-from before the last activity would fade points earned after it: the
 * later of the two is used.
 */
function fadeStart(lead: unknown, path: FieldPath, lastActivity: Instant | undefined): Instant | undefined {
	const value = readPath(lead, path);
	if (value === undefined) return lastActivity;
	if (value === null || value === '') return undefined;
	const from = requireInstant(value, path.source);
	return lastActivity === undefined ? from : Math.max(from, lastActivity);
}

/**
 * The input field that writing at the output field would replace, if any: the field itself, an object holding it,
 * or the value itself when the output would go inside it (a number turned into an object).
 */
function overwrittenInput(settings: unknown): string | undefined {
	const { outputField: output, scoreField, lastActivityField, fitScoreField, boundsField, decayFromField, scoredAtField } = (settings ?? {}) as Record<
		string,
		unknown
	>;
	if (typeof output !== 'string') return undefined;
	const within = (inner: string, outer: string) => inner === outer || inner.startsWith(`${outer}.`) || inner.startsWith(`${outer}[`);
	// A setting may list several paths ("leadScore.fitScore, fitScore"): each of them is an input.
	const inputs = [scoreField, lastActivityField, fitScoreField, boundsField, decayFromField, scoredAtField].flatMap((input) =>
		typeof input === 'string' ? input.split(',').map((path) => path.trim()) : [],
	);
	return inputs.find((input) => within(input, output) || within(output, input));
}

const BOUNDS_EXPECTATION = 'the total floor and ceiling, as Score Lead writes them ({ "floor": 0, "ceiling": 100 }, either null)';

/** The model's bounds on the record: a function keeping a total inside them. A record without them has none. */
function readBounds(lead: unknown, path: FieldPath): (total: number) => number {
	const bounds = readPath(lead, path);
	if (bounds === undefined || bounds === null) return (total) => total;
	if (typeof bounds !== 'object' || Array.isArray(bounds)) throw new InputError(path.source, BOUNDS_EXPECTATION, bounds);
	const { floor, ceiling } = bounds as Record<string, unknown>;
	const bound = (value: unknown, name: string) =>
		isBlank(value) ? undefined : requirePoints(value, `${path.source}.${name}`, 'a number or null');
	const low = bound(floor, 'floor') ?? Number.NEGATIVE_INFINITY;
	const high = bound(ceiling, 'ceiling') ?? Number.POSITIVE_INFINITY;
	if (low > high) throw new InputError(path.source, `${BOUNDS_EXPECTATION} with the floor not above the ceiling`, bounds);
	return (total) => Math.min(high, Math.max(low, total));
}

/** CRMs often hand numbers over as text ("42.5"), so decimal strings count as numbers. */
function requireScore(lead: unknown, path: FieldPath): number {
	return requirePoints(readPath(lead, path), path.source, 'a number (the stored score)');
}

function optionalScore(lead: unknown, path: FieldPath): number | undefined {
	return isBlank(readPath(lead, path)) ? undefined : requireScore(lead, path);
}
