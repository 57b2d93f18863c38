import { z } from '../zod';
import { ConfigError, type ConfigIssue } from '../errors';
import { compileCondition, conditionSchema, type Predicate } from '../conditions';

/**
 * Ordered routing rules: the first rule whose conditions all hold picks the lead's team (Salesforce style).
 * Conditions are the package's one condition language, as in scoring rules (docs/scoring-model.md).
 */
export const routingRuleSchema = z.object({
	name: z.string().max(200).optional(),
	when: z.array(conditionSchema).min(1).max(20),
	team: z.string().trim().min(1, 'name the team this rule sends leads to').max(200),
});

export const routingRulesSchema = z.array(routingRuleSchema).max(200, 'at most 200 routing rules');

export type RoutingRuleInput = z.input<typeof routingRuleSchema>;

export interface CompiledRule {
	name: string;
	team: string;
	matches(lead: unknown): boolean;
}

/** `name` names a problem's place by its path inside the rules (`[0, 'when', 1]`). */
export function compileRules(rules: z.infer<typeof routingRulesSchema>, name: (path: readonly PropertyKey[]) => string): CompiledRule[] {
	const issues: ConfigIssue[] = [];
	const compiled = rules.map((rule, index) => {
		const tests = rule.when.map((condition, c): Predicate => {
			try {
				return compileCondition(condition);
			} catch (error) {
				issues.push({ path: name([index, 'when', c]), message: (error as Error).message });
				return () => false;
			}
		});
		return {
			name: rule.name || `rule ${index + 1}`,
			team: rule.team,
			matches: (lead: unknown) => tests.every((test) => test(lead)),
		};
	});
	if (issues.length > 0) throw new ConfigError('routing settings', issues);
	return compiled;
}
