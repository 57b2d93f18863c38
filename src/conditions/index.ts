/**
 * The one condition language of the package: scoring rules, stage conditions and routing rules all compile
 * through it, and its patterns run on the linear-time matcher beside it.
 */
export {
	OPERATORS,
	conditionSchema,
	compileCondition,
	usesTextWork,
	startTextWork,
	textWork,
	MAX_TEXT_WORK_PER_LEAD,
	type Condition,
	type Operator,
	type Predicate,
} from './conditions';
export { withPatternBudget, MAX_MODEL_PATTERN_WORK } from './safePattern';
export { emailDomain, isFreeMailDomain, isDisposableMailDomain } from './freeMailDomains';
