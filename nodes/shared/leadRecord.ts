/**
 * The lead record contract (docs/lead-record.md): where each node of the package writes its result and where the
 * next one reads it by default, so Score Lead -> Apply Decay -> Classify Stage -> Route to Sales works on defaults.
 *
 * A read default lists several paths (comma-separated, the first one the item has is read; src/fields.ts):
 * Apply Decay's result before Score Lead's, so a decayed score is the one classified and routed, and Score Lead's
 * flat fields last, so its Flat Fields output works with the next node too.
 */
export const WRITES = {
	scoreLead: 'leadScore',
	applyDecay: 'decay',
	classifyStage: 'leadStage',
	routeToSales: 'routing',
} as const;

export const READS = {
	/** Apply Decay: the part that fades, the part that stays, the moment of the last activity, the model's bounds. */
	engagementScore: 'leadScore.engagementScore, engagementScore',
	fitScore: 'leadScore.fitScore, fitScore',
	lastActivityAt: 'leadScore.lastActivityAt, lastActivityAt',
	/** Where fading goes on from (Score Lead's asOf when its model already faded each event), else the last activity. */
	decayFrom: 'leadScore.decayFrom, decayFrom',
	/** When the stored score was computed: Apply Decay copies it, so a later re-score makes that decay stale. */
	scoredAt: 'leadScore.asOf, scoredAt',
	bounds: 'leadScore.bounds, scoreBounds',
	/** Classify Stage and Route to Sales: the current (decayed, when Apply Decay ran) scores. */
	currentTotal: 'decay.score, leadScore.score, score',
	currentFitScore: 'decay.fitScore, leadScore.fitScore, fitScore',
	currentEngagementScore: 'decay.engagementScore, leadScore.engagementScore, engagementScore',
	grade: 'leadScore.grade, grade',
	label: 'leadScore.label, scoreLabel',
	stage: 'leadStage.stage',
} as const;

/**
 * The item as Classify Stage and Route to Sales read it: a `decay` result computed from an older score than the
 * item's `leadScore` (a stored record re-scored without decaying it again) is stale, so it is left out and the
 * fresh score is read (the defaults then fall through to `leadScore`). A decay without `scoredAt` (written before
 * it was recorded) cannot be told stale and is kept.
 */
export function currentRecord<T extends Record<string, unknown>>(json: T): T {
	const decay = json[WRITES.applyDecay] as Record<string, unknown> | undefined;
	const leadScore = json[WRITES.scoreLead] as Record<string, unknown> | undefined;
	if (!decay || typeof decay !== 'object' || !leadScore || typeof leadScore !== 'object') return json;
	const decayedFrom = Date.parse(String(decay.scoredAt));
	const scored = Date.parse(String(leadScore.asOf));
	if (Number.isNaN(decayedFrom) || Number.isNaN(scored) || decayedFrom === scored) return json;
	const { [WRITES.applyDecay]: _stale, ...rest } = json;
	return rest as T;
}
