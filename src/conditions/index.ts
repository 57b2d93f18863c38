/**
 * The one condition language of the package: scoring rules, stage conditions and routing rules all compile
 * through it, and its patterns run on the linear-time matcher beside it.
 */
export { OPERATORS, conditionSchema, compileCondition, type Condition, type Operator, type Predicate } from './conditions';
export { emailDomain, isFreeMailDomain, isDisposableMailDomain } from './freeMailDomains';
