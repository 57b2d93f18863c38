import { localTime, zonedInstant } from '../businessHours';
import type { Instant } from '../../time';

export const PERIODS = ['today', 'thisWeek'] as const;
export type Period = (typeof PERIODS)[number];

export interface PeriodWindow {
	/** Stable id of the period, part of the counters' key: `day:2026-11-30` or `week:2026-11-30` (its Monday). */
	id: string;
	/** First moment of the next period, in the zone. */
	endsAt: Instant;
	/** The period in words for the reasons: "today (2026-11-30)". */
	label: string;
}

/** The day, or the ISO week (Monday to Sunday), that contains `asOf` on the wall clock of `zone`. */
export function periodWindow(asOf: Instant, zone: string, period: Period): PeriodWindow {
	const now = localTime(asOf, zone);
	const back = period === 'thisWeek' ? now.weekday - 1 : 0;
	const start = new Date(Date.UTC(now.year, now.month - 1, now.day - back));
	const end = new Date(Date.UTC(now.year, now.month - 1, now.day - back + (period === 'thisWeek' ? 7 : 1)));
	const date = start.toISOString().slice(0, 10);
	const endsAt = zonedInstant(end.getUTCFullYear(), end.getUTCMonth() + 1, end.getUTCDate(), 0, zone);
	return period === 'thisWeek'
		? { id: `week:${date}`, endsAt, label: `this week (from ${date})` }
		: { id: `day:${date}`, endsAt, label: `today (${date})` };
}
