import { z } from '../zod';
import { ConfigError } from '../errors';
import { compileCondition, conditionSchema, withPatternBudget, type Condition, type Predicate } from '../conditions';
import { finiteNumber, labelledPath, parseWithSchema, type PathNamer } from '../validation';

/**
 * A stage ladder: lifecycle stages ordered lowest first. The first stage is the floor every lead falls back to
 * and takes no entry conditions; every stage above it says what a lead needs to enter it and, through its
 * margin or exitBelow, how far its total may fall before it leaves again (hysteresis).
 */
export const MAX_STAGES = 20;
const MAX_NAME = 64;
const MAX_LABELS = 64;

export const DEFAULT_GRADES = ['A', 'B', 'C', 'D'];

const stageName = z
	.string()
	.trim()
	.min(1, 'stage name is empty')
	.max(MAX_NAME, `stage name is longer than ${MAX_NAME} characters`);
const nonNegative = finiteNumber.refine((n) => n >= 0, 'expected 0 or more');

const stageSchema = z.strictObject({
	name: stageName,
	/** Entry: the total must be at least this. */
	minTotal: finiteNumber.optional(),
	/** Leave the stage when the total falls below this; defaults to minTotal - margin. */
	exitBelow: finiteNumber.optional(),
	/** Overrides the ladder's margin for this stage. */
	margin: nonNegative.optional(),
	minGrade: z.string().trim().min(1).max(20).optional(),
	minFit: finiteNumber.optional(),
	minEngagement: finiteNumber.optional(),
	/** A condition on the lead's own fields ("requested a demo"), in the scoring model's condition language. */
	when: conditionSchema.optional(),
	/** Fit x engagement grid labels (A1..D4) that select this stage whatever the other conditions say. */
	labels: z.array(z.string().trim().min(1).max(20)).max(MAX_LABELS).optional(),
});

const ENTRY_KEYS = ['minTotal', 'minGrade', 'minFit', 'minEngagement', 'when', 'labels'] as const;

export const stageLadderSchema = z
	.strictObject({
		stages: z.array(stageSchema).min(1, 'a ladder needs at least one stage').max(MAX_STAGES, `a ladder has at most ${MAX_STAGES} stages`),
		/** How far below its entry a stage's total may fall before the lead leaves it. */
		margin: nonNegative.default(0),
		/** Mautic's rule: a lead never moves to a lower stage unless its recycle flag is set. */
		neverDemote: z.boolean().default(false),
		/** Fit grades best first, as the scoring model names them. */
		grades: z.array(z.string().trim().min(1).max(20)).min(1).max(26).default(DEFAULT_GRADES),
	})
	.superRefine((ladder, ctx) => {
		const issue = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', path, message });
		const seenNames = new Map<string, number>();
		const seenLabels = new Map<string, string>();
		const grades = ladder.grades.map((g) => g.toUpperCase());
		let lastEntry: { total: number; name: string } | undefined;
		ladder.stages.forEach((stage, i) => {
			const key = stage.name.toLowerCase();
			const earlier = seenNames.get(key);
			if (earlier !== undefined) issue(['stages', i, 'name'], `"${stage.name}" is already the name of an earlier stage ("${ladder.stages[earlier].name}")`);
			seenNames.set(key, i);
			const entryKeys = ENTRY_KEYS.filter((k) => stage[k] !== undefined);
			if (i === 0) {
				for (const k of [...entryKeys, ...(['exitBelow', 'margin'] as const).filter((k) => stage[k] !== undefined)]) {
					issue(['stages', 0, k], 'the first stage is the floor every lead falls back to; it takes no entry or exit conditions');
				}
				return;
			}
			if (entryKeys.length === 0) {
				issue(['stages', i], `stage "${stage.name}" needs an entry condition (${ENTRY_KEYS.join(', ')})`);
			}
			if (stage.minGrade !== undefined && !grades.includes(stage.minGrade.toUpperCase())) {
				issue(['stages', i, 'minGrade'], `"${stage.minGrade}" is not one of the grades ${ladder.grades.join(', ')}`);
			}
			if (stage.minTotal !== undefined) {
				if (lastEntry && stage.minTotal <= lastEntry.total) {
					issue(
						['stages', i, 'minTotal'],
						`entry ${stage.minTotal} is not above the entry of "${lastEntry.name}" (${lastEntry.total}); stages are ordered lowest first`,
					);
				}
				lastEntry = { total: stage.minTotal, name: stage.name };
				if (stage.exitBelow !== undefined && stage.exitBelow > stage.minTotal) {
					issue(['stages', i, 'exitBelow'], `exit ${stage.exitBelow} is above the entry ${stage.minTotal}; a lead would leave the stage it just entered`);
				}
			}
			if (stage.exitBelow !== undefined && stage.margin !== undefined) {
				issue(['stages', i, 'margin'], 'give either exitBelow or margin, not both');
			}
			stage.labels?.forEach((label, j) => {
				const owner = seenLabels.get(label.toUpperCase());
				if (owner !== undefined) issue(['stages', i, 'labels', j], `label "${label}" already selects stage "${owner}"`);
				seenLabels.set(label.toUpperCase(), stage.name);
			});
		});
	});

export type StageLadderInput = z.input<typeof stageLadderSchema>;
export type StageLadder = z.output<typeof stageLadderSchema>;

/**
 * The default ladder on the 0..100 scale of the B2B preset. IQL at 20: a few real touches (a pricing page view
 * plus an email click) on a lead that fits at all. MQL at 50: roughly half the reachable score, a fitting lead
 * that has engaged more than once. SQL at 75: strong fit and a high-intent action such as a demo request.
 * A margin of 5 is one typical engagement action, so a single decayed email open cannot flip a stage back and forth.
 */
export const DEFAULT_STAGE_LADDER: StageLadderInput = {
	margin: 5,
	stages: [{ name: 'Cold' }, { name: 'IQL', minTotal: 20 }, { name: 'MQL', minTotal: 50 }, { name: 'SQL', minTotal: 75 }],
};

export interface CompiledStage {
	readonly name: string;
	readonly index: number;
	readonly minTotal?: number;
	/** The total at or above which a lead already in the stage keeps it; undefined when the stage has no total threshold. */
	readonly exit?: number;
	readonly minGrade?: string;
	readonly minFit?: number;
	readonly minEngagement?: number;
	readonly when?: Predicate;
	readonly labels: ReadonlySet<string>;
	/** Whether any condition besides labels selects the stage. */
	readonly hasThresholds: boolean;
}

export interface CompiledLadder {
	readonly stages: readonly CompiledStage[];
	readonly neverDemote: boolean;
	/** Grades upper-cased, best first: rank 0 is the best. */
	readonly grades: readonly string[];
	/** Which optional inputs some stage reads, so a missing one is reported for every lead, not only borderline ones. */
	readonly needs: { readonly fitScore: boolean; readonly engagementScore: boolean; readonly grade: boolean; readonly label: boolean };
	/** The stage with this name (case-insensitive), if the ladder has one. */
	find(name: string): CompiledStage | undefined;
}

/** `name` names the place of each problem (see PathNamer): by JSON path and stage name unless a builder says otherwise. */
export function compileLadder(raw: unknown, name: PathNamer = labelledPath): CompiledLadder {
	return withPatternBudget(() => compileLadderWithinBudget(raw, name));
}

function compileLadderWithinBudget(raw: unknown, name: PathNamer): CompiledLadder {
	const ladder = parseWithSchema(stageLadderSchema, raw, 'stage ladder', name);
	const stages = ladder.stages.map((stage, index): CompiledStage => {
		const margin = stage.margin ?? ladder.margin;
		return {
			name: stage.name,
			index,
			minTotal: stage.minTotal,
			exit: stage.exitBelow ?? (stage.minTotal === undefined ? undefined : stage.minTotal - margin),
			minGrade: stage.minGrade?.toUpperCase(),
			minFit: stage.minFit,
			minEngagement: stage.minEngagement,
			when: stage.when && compileStageCondition(stage.when, name(['stages', index, 'when'], ladder)),
			labels: new Set((stage.labels ?? []).map((l) => l.toUpperCase())),
			hasThresholds: ENTRY_KEYS.some((k) => k !== 'labels' && stage[k] !== undefined),
		};
	});
	const byName = new Map(stages.map((s) => [s.name.toLowerCase(), s]));
	return {
		stages,
		neverDemote: ladder.neverDemote,
		grades: ladder.grades.map((g) => g.toUpperCase()),
		needs: {
			fitScore: stages.some((s) => s.minFit !== undefined),
			engagementScore: stages.some((s) => s.minEngagement !== undefined),
			grade: stages.some((s) => s.minGrade !== undefined),
			label: stages.some((s) => s.labels.size > 0),
		},
		find: (name) => byName.get(name.trim().toLowerCase()),
	};
}

function compileStageCondition(condition: Condition, path: string): Predicate {
	try {
		return compileCondition(condition);
	} catch (error) {
		throw new ConfigError('stage ladder', [{ path, message: (error as Error).message }]);
	}
}

/** The JSON Schema of a ladder, for editors and documentation. */
export function stageLadderJsonSchema(): Record<string, unknown> {
	return z.toJSONSchema(stageLadderSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
