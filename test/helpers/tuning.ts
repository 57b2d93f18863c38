import { compileLadder, compileModel, compilePath, DEFAULT_STAGE_LADDER, presetModel, type CompiledModel } from '../../src';
import { EventTypes, outcomeReader, readHistoricalLead, type CandidateOptions, type HistoricalLead, type SuggestOptions } from '../../src/tuning';

export const B2B = compileModel(presetModel('b2bSaas'));
export const LADDER = compileLadder(DEFAULT_STAGE_LADDER);

/** Reads generated leads as Tune Model's defaults do: outcome `converted`, cutoff = outcomeDate minus 7 days. */
export function historical(leads: unknown[], model: CompiledModel = B2B): { leads: HistoricalLead[]; types: EventTypes } {
	const types = new EventTypes();
	const reading = {
		outcome: compilePath('converted'),
		readOutcome: outcomeReader(),
		revenue: compilePath('revenue'),
		cutoff: { kind: 'outcomeDate' as const, outcomeDate: compilePath('outcomeDate'), marginDays: 7 },
	};
	return { leads: leads.map((lead) => readHistoricalLead(model, LADDER, reading, types, lead)), types };
}

export const CANDIDATES: CandidateOptions = {
	minSupport: 20,
	numericCuts: 4,
	maxValuesPerField: 20,
	windowsDays: [30],
	maxCandidates: 500,
	exclude: ['id', 'converted', 'revenue', 'outcomeDate', 'createdAt'],
};

export const SUGGEST: SuggestOptions = {
	seed: 1,
	holdOut: 0.25,
	folds: 3,
	alpha: 0.5,
	lambdaCount: 8,
	pointsPerDoubling: 10,
	candidates: CANDIDATES,
	bands: 10,
	outcomeField: 'converted',
};
