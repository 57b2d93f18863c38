export { scoringModelSchema, modelJsonSchema, type ScoringModel, type ScoringModelInput, type FitRule, type EngagementRule } from './model';
export { compileModel, canonicalJson, type CompiledModel } from './compile';
export { scoreLead, ruleNames, MAX_EVENTS_PER_LEAD, EVENT_CLOCK_TOLERANCE_MS, type ScoreResult, type ScoreOptions, type Contribution } from './score';
export { rollUpAccounts, accountKeyOf, requireAccountKey, type AccountScore } from './accounts';
export { PRESETS, B2B_SAAS_MODEL, presetModel, type PresetName } from './presets';
