import { z } from 'zod/v4';
import { compilePath, readPath, type FieldPath } from '../fields';
import { isBlank, requireNumber, rounder } from '../numbers';
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
 */
export const storedScoreSettingsSchema = z
	.strictObject({
		curve: decayCurveSchema,
		/** The score that fades: the engagement part, or the total when only one score is kept. */
		scoreField: fieldPathSchema,
		/** The date the stored score refers to: the lead's last activity. */
		lastActivityField: fieldPathSchema,
		/** The fit part, added to the result; it does not fade unless `decayFit`. */
		fitScoreField: fieldPathSchema.optional(),
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
	/** Whole days from the last activity to asOf (0 when the activity is later). */
	daysInactive: number;
	/** Whether `score` differs from the current stored score (or from the base when none is mapped). */
	changed: boolean;
	lastActivityAt: string;
	decayedAt: string;
	curve: DecayCurve;
	curveSummary: string;
}

export function compileStoredScoreDecay(raw: unknown): StoredScoreDecayer {
	const settings = parseWithSchema(storedScoreSettingsSchema, raw, 'decay settings');
	const { curve, decayFit } = settings;
	const scorePath = compilePath(settings.scoreField);
	const activityPath = compilePath(settings.lastActivityField);
	const fitPath = settings.fitScoreField === undefined ? undefined : compilePath(settings.fitScoreField);
	const currentPath = settings.currentScoreField === undefined ? undefined : compilePath(settings.currentScoreField);
	const round = rounder(settings.decimals);
	const curveSummary = describeCurve(curve);

	return {
		curve,
		outputField: compilePath(settings.outputField),
		decay(lead, asOfInput) {
			const asOf = requireAsOf(asOfInput);
			const base = requireScore(lead, scorePath);
			const fit = fitPath ? requireScore(lead, fitPath) : undefined;
			const lastActivity = requireInstant(readPath(lead, activityPath), activityPath.source);
			const current = currentPath ? optionalScore(lead, currentPath) : undefined;

			const decayed = round(decayValue(curve, base, lastActivity, asOf));
			const fitNow = fit === undefined ? undefined : round(decayFit ? decayValue(curve, fit, lastActivity, asOf) : fit);
			// Parts are rounded first so the total is their visible sum; rounding again drops float noise (0.1 + 0.2).
			const score = round(decayed + (fitNow ?? 0));
			const baseScore = base + (fit ?? 0);
			// A mapped current score that is still empty was never stored back: the lead is new to the job.
			const changedFrom = currentPath ? current : round(baseScore);
			return {
				score,
				baseScore,
				...(fitNow === undefined ? {} : { engagementScore: decayed, fitScore: fitNow }),
				pointsRemoved: round(baseScore - score),
				daysInactive: Math.max(0, Math.floor((asOf - lastActivity) / DAY_MS)),
				changed: changedFrom !== score,
				lastActivityAt: toIso(lastActivity),
				decayedAt: toIso(asOf),
				curve,
				curveSummary,
			};
		},
	};
}

/**
 * The input field that writing at the output field would replace, if any: the field itself, an object holding it,
 * or the value itself when the output would go inside it (a number turned into an object).
 */
function overwrittenInput(settings: unknown): string | undefined {
	const { outputField: output, scoreField, lastActivityField, fitScoreField } = (settings ?? {}) as Record<string, unknown>;
	if (typeof output !== 'string') return undefined;
	const within = (inner: string, outer: string) => inner === outer || inner.startsWith(`${outer}.`) || inner.startsWith(`${outer}[`);
	return [scoreField, lastActivityField, fitScoreField].find(
		(input): input is string => typeof input === 'string' && (within(input, output) || within(output, input)),
	);
}

/** CRMs often hand numbers over as text ("42.5"), so decimal strings count as numbers. */
function requireScore(lead: unknown, path: FieldPath): number {
	return requireNumber(readPath(lead, path), path.source, 'a number (the stored score)');
}

function optionalScore(lead: unknown, path: FieldPath): number | undefined {
	return isBlank(readPath(lead, path)) ? undefined : requireScore(lead, path);
}
