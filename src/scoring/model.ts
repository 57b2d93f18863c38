import { z } from '../zod';
import { decayCurveSchema } from '../decay';
import { fieldPathSchema, pointsNumber, quoted } from '../validation';
import { conditionSchema } from '../conditions';

/**
 * The declarative scoring model. One JSON document per client (agencies keep one file each);
 * the JSON Schema generated from it (modelJsonSchema) drives editors.
 */
export const MAX_RULES = 2_000;
export const FIT = 'fit';
export const ENGAGEMENT = 'engagement';

const label = z.string().min(1).max(200);
const ruleId = z.string().min(1).max(100);
const positiveDays = z.number().positive().max(36_500);

const fitRuleSchema = z
	.object({
		id: ruleId.optional(),
		label,
		points: pointsNumber,
		group: z.string().min(1).max(100).optional(),
		when: conditionSchema,
	})
	.strict();

const engagementRuleSchema = z
	.object({
		id: ruleId.optional(),
		label,
		points: pointsNumber,
		group: z.string().min(1).max(100).optional(),
		eventType: z.union([z.string().min(1).max(200), z.array(z.string().min(1).max(200)).min(1).max(100)]),
		where: conditionSchema.optional(),
		maxOccurrences: z.number().int().positive().optional(),
		oncePerDays: positiveDays.optional(),
		withinDays: positiveDays.optional(),
		decay: z.union([decayCurveSchema, z.literal('none')]).optional(),
	})
	.strict();

const groupSchema = z
	.object({
		name: z.string().min(1).max(100),
		kind: z.enum([FIT, ENGAGEMENT]),
		cap: pointsNumber.optional(),
		floor: pointsNumber.optional(),
	})
	.strict()
	.refine((g) => g.cap === undefined || g.floor === undefined || g.floor <= g.cap, {
		message: 'floor must not be above cap',
		path: ['floor'],
	});

export const scoringModelSchema = z
	.object({
		name: z.string().min(1).max(200),
		version: z.string().max(50).default('1'),
		description: z.string().max(2_000).optional(),
		fields: z
			.object({
				events: fieldPathSchema.default('events'),
				eventType: fieldPathSchema.default('type'),
				eventTime: fieldPathSchema.default('timestamp'),
				manualPoints: fieldPathSchema.default('manualPoints'),
				manualReason: fieldPathSchema.default('manualPointsReason'),
			})
			.strict()
			.prefault({}),
		groups: z.array(groupSchema).max(100).default([]),
		fitRules: z.array(fitRuleSchema).max(MAX_RULES).default([]),
		engagementRules: z.array(engagementRuleSchema).max(MAX_RULES).default([]),
		manualPointsGroup: z.string().min(1).max(100).default(ENGAGEMENT),
		decay: decayCurveSchema.optional(),
		total: z
			.object({ floor: pointsNumber.optional(), ceiling: pointsNumber.optional() })
			.strict()
			.refine((t) => t.floor === undefined || t.ceiling === undefined || t.floor <= t.ceiling, {
				message: 'floor must not be above ceiling',
				path: ['floor'],
			})
			.default({}),
		grades: z
			.array(z.object({ grade: z.string().min(1).max(20), minFit: pointsNumber }).strict())
			.min(1)
			.max(20)
			.default([
				{ grade: 'A', minFit: 45 },
				{ grade: 'B', minFit: 30 },
				{ grade: 'C', minFit: 15 },
				{ grade: 'D', minFit: 0 },
			]),
		engagementLevels: z
			.array(z.object({ level: z.string().min(1).max(20), minEngagement: pointsNumber }).strict())
			.min(1)
			.max(20)
			.default([
				{ level: '1', minEngagement: 40 },
				{ level: '2', minEngagement: 20 },
				{ level: '3', minEngagement: 5 },
				{ level: '4', minEngagement: 0 },
			]),
		account: z
			.object({
				key: fieldPathSchema,
				engagementCap: pointsNumber.optional(),
				engagedAbove: pointsNumber.default(0),
			})
			.strict()
			.optional(),
		reportUnknownEvents: z.boolean().default(false),
		decimals: z.number().int().min(0).max(6).default(2),
	})
	.strict()
	.superRefine((model, ctx) => {
		const groupNames = new Set([FIT, ENGAGEMENT, ...model.groups.map((g) => g.name)]);
		const checkGroup = (group: string | undefined, path: (string | number)[]) => {
			if (group !== undefined && !groupNames.has(group)) {
				ctx.addIssue({ code: 'custom', path, message: `unknown group "${group}"; declare it in groups` });
			}
		};
		model.fitRules.forEach((r, i) => checkGroup(r.group, ['fitRules', i, 'group']));
		model.engagementRules.forEach((r, i) => checkGroup(r.group, ['engagementRules', i, 'group']));
		checkGroup(model.manualPointsGroup, ['manualPointsGroup']);
		const seen = new Map<string, string>();
		const checkId = (rule: { id?: string; label: string }, path: (string | number)[]) => {
			if (rule.id === undefined) return;
			if (seen.has(rule.id)) ctx.addIssue({ code: 'custom', path, message: `duplicate rule id "${rule.id}" (also the id of rule ${seen.get(rule.id)})` });
			else seen.set(rule.id, quoted(rule.label));
		};
		model.fitRules.forEach((r, i) => checkId(r, ['fitRules', i, 'id']));
		model.engagementRules.forEach((r, i) => checkId(r, ['engagementRules', i, 'id']));
		const groupSeen = new Set<string>();
		model.groups.forEach((g, i) => {
			if (groupSeen.has(g.name)) ctx.addIssue({ code: 'custom', path: ['groups', i, 'name'], message: `duplicate group "${g.name}"` });
			groupSeen.add(g.name);
		});
		const descending = <T>(list: T[], value: (t: T) => number, path: string) =>
			list.forEach((item, i) => {
				if (i > 0 && value(item) >= value(list[i - 1])) {
					ctx.addIssue({ code: 'custom', path: [path, i], message: 'thresholds must be listed from highest to lowest' });
				}
			});
		descending(model.grades, (g) => g.minFit, 'grades');
		descending(model.engagementLevels, (l) => l.minEngagement, 'engagementLevels');
	});

export type ScoringModelInput = z.input<typeof scoringModelSchema>;
export type ScoringModel = z.output<typeof scoringModelSchema>;
export type FitRule = ScoringModel['fitRules'][number];
export type EngagementRule = ScoringModel['engagementRules'][number];

/** JSON Schema (draft 2020-12) of the model, for editors and per-client model files. */
export function modelJsonSchema(): Record<string, unknown> {
	return z.toJSONSchema(scoringModelSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
