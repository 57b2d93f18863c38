/** Learning from outcomes: backtest a scoring model and suggest points fitted to real conversions. */
export * from './metrics';
export * from './outcome';
export * from './random';
export { buildFeatures, fieldWords, readLeadEvents, EventTypes, type Candidate, type CandidateOptions, type FeatureMatrix, type LeadEvents } from './features';
export { fitPath, lambdaMax, lambdaPath, type PathFit } from './logistic';
export { cutoffOf, readHistoricalLead, type CutoffRule, type HistoricalLead, type LeadReading } from './leads';
export { evaluateModel, suggestThreshold, OneClassError, MIN_CLASS_FOR_CONFIDENCE, type EvaluationReport, type StageTarget } from './evaluate';
export { suggestModel, stageEntries, TooFewLeadsError, MIN_LEADS, MIN_EACH_OUTCOME, LEAK_AUC, type SuggestOptions, type SuggestionReport } from './suggest';
export { chartSvg, gainCurve, type GainSeries } from './chart';
export { previewModelChange, type PreviewLead, type PreviewReport, type ModelAndLadder } from './preview';
