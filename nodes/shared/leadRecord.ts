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
	bounds: 'leadScore.bounds, scoreBounds',
	/** Classify Stage and Route to Sales: the current (decayed, when Apply Decay ran) scores. */
	currentTotal: 'decay.score, leadScore.score, score',
	currentFitScore: 'decay.fitScore, leadScore.fitScore, fitScore',
	currentEngagementScore: 'decay.engagementScore, leadScore.engagementScore, engagementScore',
	grade: 'leadScore.grade, grade',
	label: 'leadScore.label, scoreLabel',
	stage: 'leadStage.stage',
} as const;
