import { compileLadder, compileModel, DEFAULT_STAGE_LADDER } from '../../../src';
import { previewModelChange, type PreviewLead } from '../../../src/tuning';

const AS_OF = Date.UTC(2026, 11, 1);

/** A model whose score is the lead's `points` field (70 to 84), so every lead's score is known by hand. */
function pointsModel(extra: object[] = []) {
	return compileModel({
		name: 'By points',
		version: '1',
		grades: [{ grade: 'A', minFit: 80 }, { grade: 'B', minFit: 0 }],
		fitRules: [
			...Array.from({ length: 15 }, (_, k) => ({ id: `p${70 + k}`, label: `Points ${70 + k}`, points: 70 + k, when: { field: 'points', operator: 'in', value: [70 + k] } })),
			...extra,
		],
	});
}

// 30 leads: points 70..84 twice each (lead i has 70 + i % 15); every third lead asked for a demo; outcomes known for
// the first 20 (lead i converted when i is even).
const LEADS: PreviewLead[] = Array.from({ length: 30 }, (_, i) => ({
	lead: { id: `L${i}`, points: 70 + (i % 15), demo: i % 3 === 0 ? 'yes' : 'no' },
	asOf: AS_OF,
	y: i < 20 ? ((i % 2 === 0 ? 1 : 0) as 0 | 1) : undefined,
	name: `L${i}`,
}));
const LADDER = compileLadder(DEFAULT_STAGE_LADDER); // IQL 20, MQL 50, SQL 75
const RAISED = compileLadder({ ...DEFAULT_STAGE_LADDER, stages: DEFAULT_STAGE_LADDER.stages.map((s) => (s.name === 'SQL' ? { ...s, minTotal: 80 } : s)) });

describe('Model change preview', () => {
	it('raising SQL from 75 to 80 moves exactly the leads scored 75-79 to MQL, and nothing else', () => {
		const model = pointsModel();
		const report = previewModelChange({ model, ladder: LADDER }, { model, ladder: RAISED }, LEADS, { top: 50 });
		// Scores 75..79 are leads 5..9 and 20..24.
		const moved = ['L5', 'L6', 'L7', 'L8', 'L9', 'L20', 'L21', 'L22', 'L23', 'L24'];
		expect(report.stageTransitions).toEqual([
			{ from: 'MQL', to: 'MQL', leads: 10 },
			{ from: 'SQL', to: 'MQL', leads: 10, names: moved },
			{ from: 'SQL', to: 'SQL', leads: 10 },
		]);
		expect(report.gradeTransitions).toEqual([
			{ from: 'A', to: 'A', leads: 10 },
			{ from: 'B', to: 'B', leads: 20 },
		]);
		expect(report.leads).toEqual({ total: 30, scoreChanged: 0, gradeChanged: 0, stageChanged: 10, withOutcome: 20 });
		expect(report.largestChanges.map((c) => c.lead)).toEqual(moved);
		expect(report.largestChanges[0]).toEqual({ item: 5, lead: 'L5', before: { score: 75, grade: 'B', stage: 'SQL' }, after: { score: 75, grade: 'B', stage: 'MQL' }, change: 0, rules: [] });
		// Known outcomes (leads 0..19, even ones converted). SQL now: scores 75..84 = leads 5..14 (5, 7, 9, 11, 13
		// odd; 6, 8, 10, 12, 14 even): 5 of 10. SQL after: leads 10..14: 10, 12, 14 converted, 3 of 5. MQL now: leads
		// 0..4 and 15..19: 0, 2, 4, 16, 18 converted, 5 of 10; MQL after adds 5..9 (6, 8): 7 of 15.
		expect(report.conversionByStage.filter((s) => s.stage === 'SQL' || s.stage === 'MQL')).toEqual([
			{ stage: 'MQL', current: { leads: 10, converted: 5, conversionRate: 0.5 }, candidate: { leads: 15, converted: 7, conversionRate: 0.4667 }, conversionRateChange: -0.0333 },
			{ stage: 'SQL', current: { leads: 10, converted: 5, conversionRate: 0.5 }, candidate: { leads: 5, converted: 3, conversionRate: 0.6 }, conversionRateChange: 0.1 },
		]);
	});

	it('a new rule: the leads it moves, largest first, with the rule that differs', () => {
		const current = pointsModel();
		const candidate = pointsModel([{ id: 'demo', label: 'Asked for a demo', points: 10, when: { field: 'demo', operator: 'in', value: ['yes'] } }]);
		const report = previewModelChange({ model: current, ladder: LADDER }, { model: candidate, ladder: LADDER }, LEADS, { top: 3 });
		// Demo leads: 0, 3, 6, ..., 27 (10 leads), each +10. Stage changes: 70 -> 80 (L0, L15) and 72 -> 82 (L3, L18)
		// go MQL -> SQL; L6 and L21 (71 -> 81) too... every demo lead below 75 that reaches 75: 70, 73, 72 + 10 and so on.
		expect(report.leads.scoreChanged).toBe(10);
		const demoBelow75 = LEADS.filter((_, i) => i % 3 === 0 && 70 + (i % 15) < 75).map((l) => l.name);
		expect(demoBelow75).toEqual(['L0', 'L3', 'L15', 'L18']);
		expect(report.stageTransitions.find((t) => t.from === 'MQL' && t.to === 'SQL')).toEqual({ from: 'MQL', to: 'SQL', leads: 4, names: demoBelow75 });
		// Largest change first (all +10): grade or stage changes first (L0 and L3 change both: 70 -> 80 enters grade A),
		// then input order.
		expect(report.largestChanges).toEqual([
			{ item: 0, lead: 'L0', before: { score: 70, grade: 'B', stage: 'MQL' }, after: { score: 80, grade: 'A', stage: 'SQL' }, change: 10, rules: [{ rule: 'demo', label: 'Asked for a demo', before: 0, after: 10 }] },
			{ item: 3, lead: 'L3', before: { score: 73, grade: 'B', stage: 'MQL' }, after: { score: 83, grade: 'A', stage: 'SQL' }, change: 10, rules: [{ rule: 'demo', label: 'Asked for a demo', before: 0, after: 10 }] },
			{ item: 6, lead: 'L6', before: { score: 76, grade: 'B', stage: 'SQL' }, after: { score: 86, grade: 'A', stage: 'SQL' }, change: 10, rules: [{ rule: 'demo', label: 'Asked for a demo', before: 0, after: 10 }] },
		]);
	});
});
