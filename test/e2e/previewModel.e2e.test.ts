import type { IDataObject } from 'n8n-workflow';
import { DEFAULT_STAGE_LADDER } from '../../src/stages';
import { createN8nHome, executeWorkflow, importWorkflows, outputItems, type N8nHome } from './n8n';
import { chain, fixedItems, manualTrigger, ours } from './workflows';

/**
 * Preview a Model Change in a real n8n: 500 stored leads whose score is their `points` field (lead i has
 * 40 + i % 60, one rule per value), the default ladder (SQL from 75) against the same model with SQL raised to 80.
 * Exactly the leads at 75..79 move from SQL to MQL: i % 60 in 35..39, eight blocks of five (35..39, 95..99, ...,
 * 455..459), 40 leads; no score or grade changes.
 */
const AS_OF = '2026-12-01T00:00:00.000Z';
const MODEL = {
	name: 'By points',
	version: '1',
	fitRules: Array.from({ length: 60 }, (_, k) => ({ id: `p${40 + k}`, label: `Points ${40 + k}`, points: 40 + k, when: { field: 'points', operator: 'in', value: [40 + k] } })),
};
const RAISED = { ...DEFAULT_STAGE_LADDER, stages: DEFAULT_STAGE_LADDER.stages.map((s) => (s.name === 'SQL' ? { ...s, minTotal: 80 } : s)) };
// Outcomes known for the first 200 (even ones won); the rest are open leads with no outcome.
const LEADS: IDataObject[] = Array.from({ length: 500 }, (_, i) => ({ id: `L${i}`, points: 40 + (i % 60), ...(i < 200 ? { converted: i % 2 === 0 ? 'won' : 'lost' } : {}) }));
const MOVED = LEADS.filter((l) => (l.points as number) >= 75 && (l.points as number) <= 79).map((l) => l.id);

describe('Tune Model: Preview a Model Change in a real n8n (CLI execute, packed tarball)', () => {
	let home: N8nHome;
	let id: string;

	beforeAll(async () => {
		home = await createN8nHome();
		home.env.N8N_RUNNERS_GRANT_TOKEN_TTL = '600';
		[id] = await importWorkflows(home, [
			chain(
				'Preview raising SQL',
				[
					manualTrigger(),
					fixedItems('Lead store: leads', LEADS),
					ours('Tune Model', 'tuneModel', {
						operation: 'preview',
						modelSource: 'json',
						modelJson: JSON.stringify(MODEL),
						candidateModelJson: JSON.stringify(MODEL),
						candidateLadderJson: JSON.stringify(RAISED),
						previewAsOf: AS_OF,
						previewTop: 5,
					}),
				],
				'e2eTunePreview01',
			),
		]);
	});

	it('raising SQL from 75 to 80 moves exactly the 40 leads at 75-79 to MQL, named, and nothing else', async () => {
		expect(MOVED).toHaveLength(40);
		const run = await executeWorkflow(home, id, 600_000);
		expect(run.status).toBe('success');
		const [report, ...rest] = outputItems(run, 'Tune Model');
		expect(rest).toEqual([]);
		expect(report.pairedItem).toHaveLength(500);
		const json = report.json as any;
		expect(json.leads).toEqual({ total: 500, scoreChanged: 0, gradeChanged: 0, stageChanged: 40, withOutcome: 200 });
		const moves = json.stageTransitions.filter((t: any) => t.from !== t.to);
		expect(moves).toEqual([{ from: 'SQL', to: 'MQL', leads: 40, names: MOVED }]);
		expect(json.largestChanges.map((c: any) => [c.lead, c.item, c.before.stage, c.after.stage])).toEqual(MOVED.slice(0, 5).map((lead) => [lead, Number(String(lead).slice(1)), 'SQL', 'MQL']));
		// SQL among known outcomes (leads 0..199): now points 75..99, after 80..99; each block of 60 leads holds the
		// values once, even leads won. Counted here from the leads, not from the report.
		const known = LEADS.slice(0, 200);
		const sql = (min: number) => known.filter((l) => (l.points as number) >= min);
		const sqlStage = json.conversionByStage.find((s: any) => s.stage === 'SQL');
		expect(sqlStage.current).toMatchObject({ leads: sql(75).length, converted: sql(75).filter((l) => l.converted === 'won').length });
		expect(sqlStage.candidate).toMatchObject({ leads: sql(80).length, converted: sql(80).filter((l) => l.converted === 'won').length });
	}, 900_000);
});
