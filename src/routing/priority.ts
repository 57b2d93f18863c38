/**
 * Priority for the rep's queue, P1 (call now) to P4, from the first of these the lead has:
 *   stage: SQL -> P1, MQL -> P2, IQL -> P3, cold -> P4 (case-insensitive; other stage names are ignored)
 *   score: at or above thresholds[0] -> P1, [1] -> P2, [2] -> P3, below -> P4 (default 80 / 50 / 20)
 *   grade: A -> P1, B -> P2, C -> P3, anything else -> P4
 * and P4 when it has none of them.
 */
export type Priority = 'P1' | 'P2' | 'P3' | 'P4';

export interface PriorityResult {
	level: Priority;
	reason: string;
}

export const DEFAULT_PRIORITY_THRESHOLDS: readonly [number, number, number] = [80, 50, 20];

const LEVELS: readonly Priority[] = ['P1', 'P2', 'P3', 'P4'];
const STAGE_LEVELS: Readonly<Record<string, Priority>> = { sql: 'P1', mql: 'P2', iql: 'P3', cold: 'P4' };

export interface PriorityInputs {
	stage?: string;
	score?: number;
	grade?: string;
}

export function leadPriority(
	inputs: PriorityInputs,
	thresholds: readonly [number, number, number] = DEFAULT_PRIORITY_THRESHOLDS,
): PriorityResult {
	const stage = inputs.stage?.trim();
	const byStage = stage ? Object.entries(STAGE_LEVELS).find(([name]) => name === stage.toLowerCase()) : undefined;
	if (byStage) return { level: byStage[1], reason: `stage ${stage}` };
	if (inputs.score !== undefined) {
		const index = thresholds.findIndex((min) => inputs.score! >= min);
		const level = LEVELS[index === -1 ? 3 : index];
		return { level, reason: `score ${inputs.score}` };
	}
	const grade = inputs.grade?.trim().toUpperCase();
	if (grade) {
		const index = ['A', 'B', 'C'].indexOf(grade);
		return { level: LEVELS[index === -1 ? 3 : index], reason: `grade ${grade}` };
	}
	return { level: 'P4', reason: 'no stage, score or grade' };
}
