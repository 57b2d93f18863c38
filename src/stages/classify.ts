import { InputError } from '../errors';
import { readPath, type FieldPath } from '../fields';
import { requireNumber } from '../numbers';
import { requireAsOf, requireInstant, toIso, type Instant } from '../time';
import type { CompiledLadder, CompiledStage } from './ladder';

/** What classifying one lead needs; optional scores are only required when a stage of the ladder reads them. */
export interface StageInput {
	total: number;
	fitScore?: number;
	engagementScore?: number;
	grade?: string;
	label?: string;
	/** The lead's own data, for stages with a `when` condition. */
	lead?: unknown;
	/** The stage the lead was in; undefined for a lead the ladder has not seen yet. */
	previousStage?: string;
	previousStageEnteredAt?: Instant;
	/** Classify afresh: ignore the previous stage's hysteresis and the never-demote rule. */
	recycle?: boolean;
}

export type StageDirection = 'promoted' | 'demoted' | 'unchanged';

export interface StageResult {
	stage: string;
	previousStage: string | null;
	changed: boolean;
	direction: StageDirection;
	/** Kept from the input when the stage is unchanged (null if unknown), asOf when it changed. */
	stageEnteredAt: string | null;
	recycled: boolean;
	reason: string;
}

type InputKey = keyof StageInput;

/**
 * Puts a lead on the ladder. A lead gets the highest stage whose entry it meets. A lead already in a stage
 * keeps it while its total stays at or above the stage's exit, and on the way down it lands on the highest lower
 * stage whose exit it still meets (it passed through those stages on the way up). Only the total has
 * hysteresis: grade, fit, engagement, `when` and label conditions gate entry but do not push a lead out.
 */
export function classifyStage(ladder: CompiledLadder, input: StageInput, asOfInput: Instant): StageResult {
	const asOf = requireAsOf(asOfInput);
	const previous = checkAgainstLadder(ladder, input, (key) => key);
	const recycled = input.recycle === true;
	const history = recycled ? undefined : previous;
	let { stage, reason } = placeOnLadder(ladder, input, history);
	if (history && stage.index < history.index) {
		if (ladder.neverDemote) {
			reason = `kept ${history.name}: stages never move backward (without recycle it would be ${stage.name}: ${reason})`;
			stage = history;
		} else {
			reason = `demoted from ${history.name}: ${leaveReason(history, input.total)}; ${reason}`;
		}
	}
	if (recycled) reason = `recycled: ${reason}`;
	const previousIndex = previous?.index ?? -1;
	const changed = stage.index !== previousIndex;
	const entered = input.previousStageEnteredAt;
	return {
		stage: stage.name,
		previousStage: previous?.name ?? null,
		changed,
		direction: stage.index > previousIndex ? 'promoted' : stage.index < previousIndex ? 'demoted' : 'unchanged',
		stageEnteredAt: changed ? toIso(asOf) : entered === undefined ? null : toIso(entered),
		recycled,
		reason,
	};
}

function placeOnLadder(
	ladder: CompiledLadder,
	input: StageInput,
	history: CompiledStage | undefined,
): { stage: CompiledStage; reason: string } {
	const { stages } = ladder;
	for (let i = stages.length - 1; i > 0; i--) {
		const stage = stages[i];
		const entry = entryReason(ladder, stage, input);
		if (entry) return { stage, reason: entry };
		if (history && i <= history.index && stage.exit !== undefined && input.total >= stage.exit) {
			const verb = i === history.index ? 'kept' : 'fell back to';
			return { stage, reason: `${verb} ${stage.name}: total ${input.total} >= exit ${stage.exit}` };
		}
	}
	return { stage: stages[0], reason: floorReason(ladder, input.total) };
}

/** Why the lead enters the stage, or undefined when it does not. */
function entryReason(ladder: CompiledLadder, stage: CompiledStage, input: StageInput): string | undefined {
	const met = stage.hasThresholds ? thresholdsMet(ladder, stage, input) : undefined;
	if (met) return met.join(', ');
	const label = input.label?.trim().toUpperCase();
	if (label && stage.labels.has(label)) return `label ${label} selects ${stage.name}`;
	return undefined;
}

/** Each threshold of the stage in words, or undefined as soon as one fails. */
function thresholdsMet(ladder: CompiledLadder, stage: CompiledStage, input: StageInput): string[] | undefined {
	const met: string[] = [];
	const atLeast = (what: string, value: number | undefined, min: number | undefined) => {
		if (min === undefined) return true;
		if (value === undefined || value < min) return false;
		met.push(`${what} ${value} >= ${what === 'total' ? `${stage.name} entry ` : ''}${min}`);
		return true;
	};
	if (!atLeast('total', input.total, stage.minTotal)) return undefined;
	if (!atLeast('fit', input.fitScore, stage.minFit)) return undefined;
	if (!atLeast('engagement', input.engagementScore, stage.minEngagement)) return undefined;
	if (stage.minGrade !== undefined) {
		const rank = input.grade === undefined ? -1 : ladder.grades.indexOf(input.grade.trim().toUpperCase());
		if (rank < 0 || rank > ladder.grades.indexOf(stage.minGrade)) return undefined;
		met.push(`grade ${ladder.grades[rank]} meets ${stage.minGrade}`);
	}
	if (stage.when) {
		if (!stage.when(input.lead)) return undefined;
		met.push(`${stage.name} condition met`);
	}
	return met;
}

function leaveReason(stage: CompiledStage, total: number): string {
	return stage.exit === undefined ? `its entry no longer holds` : `total ${total} < exit ${stage.exit}`;
}

function floorReason(ladder: CompiledLadder, total: number): string {
	const [floor, next] = ladder.stages;
	if (!next) return `${floor.name} is the only stage`;
	if (next.minTotal !== undefined && total < next.minTotal) return `total ${total} < ${next.name} entry ${next.minTotal}`;
	return `entry of ${next.name} not met`;
}

/**
 * Checks what depends on the ladder (a known previous stage, the scores its stages read) and returns the
 * previous stage. `name` maps an input key to the field the user knows it by, for the error.
 */
function checkAgainstLadder(
	ladder: CompiledLadder,
	input: StageInput,
	name: (key: InputKey) => string,
): CompiledStage | undefined {
	if (!Number.isFinite(input.total)) throw new InputError(name('total'), 'a number', input.total);
	for (const key of ['fitScore', 'engagementScore', 'grade', 'label'] as const) {
		if (ladder.needs[key] && (input[key] === undefined || input[key] === '')) {
			throw new InputError(name(key), key === 'grade' || key === 'label' ? 'a text (a stage of the ladder uses it)' : 'a number (a stage of the ladder uses it)', input[key]);
		}
	}
	if (ladder.needs.grade && !ladder.grades.includes(input.grade!.trim().toUpperCase())) {
		throw new InputError(name('grade'), `one of the grades ${ladder.grades.join(', ')}`, input.grade);
	}
	if (input.previousStage === undefined || input.previousStage.trim() === '') return undefined;
	const previous = ladder.find(input.previousStage);
	if (!previous) {
		const known = ladder.stages.map((s) => s.name).join(', ');
		throw new InputError(name('previousStage'), `one of the ladder's stages (${known}) or empty for a new lead`, input.previousStage);
	}
	return previous;
}

/** Where the node finds each input in an item. */
export interface StageFieldPaths {
	total: FieldPath;
	fitScore: FieldPath;
	engagementScore: FieldPath;
	grade: FieldPath;
	label: FieldPath;
	previousStage: FieldPath;
	previousStageEnteredAt: FieldPath;
	recycle?: FieldPath;
}

/** Reads and checks a lead's inputs, naming the item's field in every error. */
export function readStageInput(ladder: CompiledLadder, lead: unknown, fields: StageFieldPaths): StageInput {
	const read = (path: FieldPath) => {
		const value = readPath(lead, path);
		return value === null || value === '' ? undefined : value;
	};
	const enteredAt = read(fields.previousStageEnteredAt);
	const input: StageInput = {
		total: requireNumber(read(fields.total), fields.total.source),
		fitScore: optionalNumber(read(fields.fitScore), fields.fitScore),
		engagementScore: optionalNumber(read(fields.engagementScore), fields.engagementScore),
		grade: optionalText(read(fields.grade), fields.grade),
		label: optionalText(read(fields.label), fields.label),
		lead,
		previousStage: optionalText(read(fields.previousStage), fields.previousStage),
		previousStageEnteredAt: enteredAt === undefined ? undefined : requireInstant(enteredAt, fields.previousStageEnteredAt.source),
		recycle: fields.recycle ? readFlag(read(fields.recycle), fields.recycle) : false,
	};
	checkAgainstLadder(ladder, input, (key) => (fields[key as keyof StageFieldPaths] as FieldPath).source);
	return input;
}

function optionalNumber(value: unknown, path: FieldPath): number | undefined {
	return value === undefined ? undefined : requireNumber(value, path.source);
}

function optionalText(value: unknown, path: FieldPath): string | undefined {
	if (value === undefined) return undefined;
	if (typeof value !== 'string') throw new InputError(path.source, 'a text', value);
	return value;
}

const TRUE_WORDS = new Set(['true', 'yes', '1']);
const FALSE_WORDS = new Set(['false', 'no', '0']);

function readFlag(value: unknown, path: FieldPath): boolean {
	if (value === undefined || typeof value === 'boolean') return value === true;
	const word = String(value).trim().toLowerCase();
	if ((typeof value === 'string' || typeof value === 'number') && (TRUE_WORDS.has(word) || FALSE_WORDS.has(word))) {
		return TRUE_WORDS.has(word);
	}
	throw new InputError(path.source, 'true or false', value);
}
