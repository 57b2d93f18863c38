import fc from 'fast-check';
import { InputError } from '../../../src/errors';
import { compilePath } from '../../../src/fields';
import {
	DEFAULT_STAGE_LADDER,
	classifyStage,
	compileLadder,
	readStageInput,
	type StageInput,
	type StageLadderInput,
} from '../../../src/stages';

const AS_OF = Date.UTC(2026, 10, 22, 9, 0, 0);
const AS_OF_ISO = '2026-11-22T09:00:00.000Z';
const ENTERED = Date.UTC(2026, 9, 1);
const ENTERED_ISO = '2026-10-01T00:00:00.000Z';

// Default ladder: Cold (floor), IQL 20, MQL 50, SQL 75, margin 5, so the exits are 15, 45 and 70.
const standard = compileLadder(DEFAULT_STAGE_LADDER);
const ladder = (raw: StageLadderInput) => compileLadder(raw);
const classify = (input: StageInput, on = standard) => classifyStage(on, input, AS_OF);
const inStage = (previousStage: string, total: number, extra: Partial<StageInput> = {}): StageInput => ({
	total,
	previousStage,
	previousStageEnteredAt: ENTERED,
	...extra,
});

describe('entry into the default ladder', () => {
	it('puts a new lead on the highest stage whose entry it meets and says why', () => {
		expect(classify({ total: 64 })).toEqual({
			stage: 'MQL',
			previousStage: null,
			changed: true,
			direction: 'promoted',
			stageEnteredAt: AS_OF_ISO,
			recycled: false,
			reason: 'total 64 >= MQL entry 50',
		});
	});

	it('treats a new lead on the floor as having entered the ladder', () => {
		expect(classify({ total: 12 })).toMatchObject({ stage: 'Cold', changed: true, direction: 'promoted', reason: 'total 12 < IQL entry 20' });
	});

	it('uses >= at the entry: 50 is MQL, 49.99 is IQL', () => {
		expect(classify({ total: 50 }).stage).toBe('MQL');
		expect(classify({ total: 49.99 })).toMatchObject({ stage: 'IQL', reason: 'total 49.99 >= IQL entry 20' });
	});

	it('lets negative totals sit on the floor', () => {
		expect(classify({ total: -30 })).toMatchObject({ stage: 'Cold', reason: 'total -30 < IQL entry 20' });
	});

	it('keeps the entry date and reports unchanged when the entry still holds', () => {
		expect(classify(inStage('MQL', 60))).toEqual({
			stage: 'MQL',
			previousStage: 'MQL',
			changed: false,
			direction: 'unchanged',
			stageEnteredAt: ENTERED_ISO,
			recycled: false,
			reason: 'total 60 >= MQL entry 50',
		});
	});

	it('reports an unknown entry date as null rather than inventing one', () => {
		expect(classify({ total: 60, previousStage: 'MQL' }).stageEnteredAt).toBeNull();
	});

	it('matches the previous stage case-insensitively and reports the ladder spelling', () => {
		expect(classify(inStage(' mql ', 60))).toMatchObject({ previousStage: 'MQL', changed: false });
	});
});

describe('hysteresis on the way down', () => {
	it('keeps MQL while the total stays at or above the exit 50 - 5 = 45', () => {
		expect(classify(inStage('MQL', 47))).toMatchObject({
			stage: 'MQL',
			changed: false,
			direction: 'unchanged',
			stageEnteredAt: ENTERED_ISO,
			reason: 'kept MQL: total 47 >= exit 45',
		});
		expect(classify(inStage('MQL', 45)).stage).toBe('MQL');
	});

	it('demotes below the exit, to the stage whose entry still holds', () => {
		expect(classify(inStage('MQL', 44.5))).toEqual({
			stage: 'IQL',
			previousStage: 'MQL',
			changed: true,
			direction: 'demoted',
			stageEnteredAt: AS_OF_ISO,
			recycled: false,
			reason: 'demoted from MQL: total 44.5 < exit 45; total 44.5 >= IQL entry 20',
		});
	});

	it('lands a falling lead on the highest lower stage whose exit it still meets', () => {
		// SQL exit 70 is missed; MQL entry 50 is missed too, but 48 >= MQL exit 45, a stage it passed on the way up.
		expect(classify(inStage('SQL', 48))).toMatchObject({
			stage: 'MQL',
			direction: 'demoted',
			reason: 'demoted from SQL: total 48 < exit 70; fell back to MQL: total 48 >= exit 45',
		});
		// 17 misses IQL entry 20 but meets IQL exit 15.
		expect(classify(inStage('SQL', 17)).stage).toBe('IQL');
		expect(classify(inStage('SQL', 14))).toMatchObject({
			stage: 'Cold',
			reason: 'demoted from SQL: total 14 < exit 70; total 14 < IQL entry 20',
		});
	});

	it('honours an explicit exitBelow and a per-stage margin', () => {
		const custom = ladder({
			margin: 5,
			stages: [{ name: 'Cold' }, { name: 'Warm', minTotal: 30, margin: 10 }, { name: 'Hot', minTotal: 60, exitBelow: 40 }],
		});
		// Hot leaves below 40 (not 60 - 5 = 55); Warm leaves below 30 - 10 = 20.
		expect(classify(inStage('Hot', 40), custom)).toMatchObject({ stage: 'Hot', reason: 'kept Hot: total 40 >= exit 40' });
		expect(classify(inStage('Hot', 39), custom)).toMatchObject({ stage: 'Warm', reason: 'demoted from Hot: total 39 < exit 40; total 39 >= Warm entry 30' });
		expect(classify(inStage('Warm', 20), custom)).toMatchObject({ stage: 'Warm', reason: 'kept Warm: total 20 >= exit 20' });
		expect(classify(inStage('Warm', 19), custom).stage).toBe('Cold');
	});

	it('without a margin the exit is the entry itself', () => {
		const sharp = ladder({ stages: [{ name: 'Cold' }, { name: 'Hot', minTotal: 50 }] });
		expect(classify(inStage('Hot', 50), sharp).stage).toBe('Hot');
		expect(classify(inStage('Hot', 49), sharp).stage).toBe('Cold');
	});
});

describe('hysteresis on the way up', () => {
	it('does not lower the entry: a lead in IQL needs the full 50 to reach MQL', () => {
		expect(classify(inStage('IQL', 49))).toMatchObject({ stage: 'IQL', changed: false, reason: 'total 49 >= IQL entry 20' });
		expect(classify(inStage('IQL', 50))).toMatchObject({ stage: 'MQL', direction: 'promoted', stageEnteredAt: AS_OF_ISO });
	});

	it('after a demotion, the lead must re-reach the entry, not just the exit', () => {
		const down = classify(inStage('MQL', 44));
		expect(down.stage).toBe('IQL');
		// Back at 47: above MQL's exit 45 but below its entry 50, and the lead is no longer in MQL.
		expect(classify(inStage(down.stage, 47)).stage).toBe('IQL');
		expect(classify(inStage(down.stage, 50)).stage).toBe('MQL');
	});

	it('skips stages on a jump: Cold to SQL at once', () => {
		expect(classify(inStage('Cold', 90))).toMatchObject({ stage: 'SQL', direction: 'promoted', reason: 'total 90 >= SQL entry 75' });
	});
});

describe('never demote and recycle', () => {
	const mautic = compileLadder({ ...DEFAULT_STAGE_LADDER, neverDemote: true });

	it('keeps the stage when the total collapses, and says what it would have been', () => {
		expect(classify(inStage('SQL', 10), mautic)).toEqual({
			stage: 'SQL',
			previousStage: 'SQL',
			changed: false,
			direction: 'unchanged',
			stageEnteredAt: ENTERED_ISO,
			recycled: false,
			reason: 'kept SQL: stages never move backward (without recycle it would be Cold: total 10 < IQL entry 20)',
		});
	});

	it('still promotes', () => {
		expect(classify(inStage('MQL', 80), mautic)).toMatchObject({ stage: 'SQL', direction: 'promoted' });
	});

	it('moves backward when the recycle flag is set, classifying afresh', () => {
		expect(classify(inStage('SQL', 60, { recycle: true }), mautic)).toEqual({
			stage: 'MQL',
			previousStage: 'SQL',
			changed: true,
			direction: 'demoted',
			stageEnteredAt: AS_OF_ISO,
			recycled: true,
			reason: 'recycled: total 60 >= MQL entry 50',
		});
	});

	it('recycle also drops hysteresis: 72 is above SQL exit 70 yet the rep sent the lead back', () => {
		expect(classify(inStage('SQL', 72))).toMatchObject({ stage: 'SQL' });
		expect(classify(inStage('SQL', 72, { recycle: true }))).toMatchObject({ stage: 'MQL', direction: 'demoted', recycled: true });
	});

	it('a recycled lead that still earns its stage stays unchanged', () => {
		expect(classify(inStage('SQL', 80, { recycle: true }), mautic)).toMatchObject({
			stage: 'SQL',
			changed: false,
			stageEnteredAt: ENTERED_ISO,
			reason: 'recycled: total 80 >= SQL entry 75',
		});
	});
});

describe('entry conditions besides the total', () => {
	const gated = ladder({
		margin: 5,
		stages: [
			{ name: 'Cold' },
			{ name: 'MQL', minTotal: 50, minFit: 20, minEngagement: 10 },
			{ name: 'SQL', minTotal: 75, minGrade: 'B', when: { field: 'demo.requested', operator: 'equals', value: true } },
		],
	});
	const lead = (total: number, extra: Partial<StageInput> = {}): StageInput => ({
		total,
		fitScore: 30,
		engagementScore: 15,
		grade: 'B',
		lead: { demo: { requested: true } },
		...extra,
	});

	it('needs every threshold of the stage and lists them in the reason', () => {
		expect(classify(lead(80), gated).reason).toBe('total 80 >= SQL entry 75, grade B meets B, SQL condition met');
		expect(classify(lead(60), gated).reason).toBe('total 60 >= MQL entry 50, fit 30 >= 20, engagement 15 >= 10');
	});

	it('ranks grades best first and reads them case-insensitively', () => {
		expect(classify(lead(80, { grade: 'a' }), gated).reason).toBe('total 80 >= SQL entry 75, grade A meets B, SQL condition met');
		expect(classify(lead(80, { grade: 'C' }), gated).stage).toBe('MQL');
	});

	it('fails the stage when the field condition does not hold', () => {
		expect(classify(lead(80, { lead: { demo: { requested: false } } }), gated).stage).toBe('MQL');
		expect(classify(lead(80, { lead: {} }), gated).stage).toBe('MQL');
	});

	it('fails MQL on a low fit or engagement even with the total', () => {
		expect(classify(lead(60, { fitScore: 19 }), gated).stage).toBe('Cold');
		expect(classify(lead(60, { engagementScore: 9.5 }), gated).stage).toBe('Cold');
	});

	it('does not push a lead out on a non-total condition: only the total has hysteresis', () => {
		// Entered SQL with grade B; its grade is now D and the demo flag is gone, but 72 >= exit 70.
		expect(classify({ ...lead(72, { grade: 'D', lead: {} }), previousStage: 'SQL' }, gated)).toMatchObject({
			stage: 'SQL',
			changed: false,
			reason: 'kept SQL: total 72 >= exit 70',
		});
	});

	it('reports a missing grade or one outside the ladder grades as bad input', () => {
		expect(() => classify(lead(80, { grade: undefined }), gated)).toThrow(InputError);
		expect(() => classify(lead(80, { grade: 'F' }), gated)).toThrow('Field "grade": expected one of the grades A, B, C, D, got "F"');
		expect(() => classify(lead(80, { fitScore: undefined }), gated)).toThrow('Field "fitScore": expected a number');
	});
});

describe('grid labels', () => {
	const grid = ladder({
		margin: 5,
		stages: [{ name: 'Cold' }, { name: 'MQL', minTotal: 50 }, { name: 'SQL', minTotal: 75, labels: ['A2', 'B1'] }, { name: 'VIP', labels: ['A1'] }],
	});

	it('a listed label selects the stage whatever the total', () => {
		expect(classify({ total: 30, label: 'b1' }, grid)).toMatchObject({ stage: 'SQL', reason: 'label B1 selects SQL' });
		expect(classify({ total: 30, label: 'A1' }, grid)).toMatchObject({ stage: 'VIP', reason: 'label A1 selects VIP' });
		expect(classify({ total: 30, label: 'C3' }, grid).stage).toBe('Cold');
	});

	it('a label-only stage has no total exit: the lead leaves it when the label no longer selects it', () => {
		expect(classify({ total: 60, label: 'A2', previousStage: 'VIP' }, grid)).toMatchObject({
			stage: 'SQL',
			direction: 'demoted',
			reason: 'demoted from VIP: its entry no longer holds; label A2 selects SQL',
		});
	});

	it('a stage entered by label keeps the total hysteresis of its minTotal', () => {
		expect(classify({ total: 71, label: 'C1', previousStage: 'SQL' }, grid).stage).toBe('SQL');
	});

	it('needs the label when a stage uses labels', () => {
		expect(() => classify({ total: 30 }, grid)).toThrow('Field "label": expected a text (a stage of the ladder uses it), got nothing (field missing)');
	});
});

describe('previous stage unknown to the ladder', () => {
	it('is bad input naming the field and the known stages, not a silent reclassification', () => {
		expect(() => classify(inStage('Opportunity', 60))).toThrow(
			'Field "previousStage": expected one of the ladder\'s stages (Cold, IQL, MQL, SQL) or empty for a new lead, got "Opportunity"',
		);
	});

	it('treats an empty previous stage as a new lead', () => {
		expect(classify({ total: 60, previousStage: '  ' })).toMatchObject({ previousStage: null, changed: true, direction: 'promoted' });
	});
});

describe('readStageInput', () => {
	const fields = {
		total: compilePath('leadScore.score'),
		fitScore: compilePath('leadScore.fitScore'),
		engagementScore: compilePath('leadScore.engagementScore'),
		grade: compilePath('leadScore.grade'),
		label: compilePath('leadScore.label'),
		previousStage: compilePath('leadStage.stage'),
		previousStageEnteredAt: compilePath('leadStage.stageEnteredAt'),
		recycle: compilePath('recycle'),
	};

	it('reads scores, the previous stage and its date from the item', () => {
		const input = readStageInput(standard, {
			leadScore: { score: '47', grade: 'B', fitScore: null },
			leadStage: { stage: 'MQL', stageEnteredAt: ENTERED_ISO },
			recycle: 'yes',
		}, fields);
		expect(input).toMatchObject({ total: 47, grade: 'B', fitScore: undefined, previousStage: 'MQL', previousStageEnteredAt: ENTERED, recycle: true });
	});

	it('names the item field in every error', () => {
		expect(() => readStageInput(standard, { leadScore: {} }, fields)).toThrow('Field "leadScore.score": expected a number, got nothing (field missing)');
		expect(() => readStageInput(standard, { leadScore: { score: 'high' } }, fields)).toThrow('Field "leadScore.score": expected a number, got "high"');
		expect(() => readStageInput(standard, { leadScore: { score: 5 }, leadStage: { stage: 'Lost' } }, fields)).toThrow(
			'Field "leadStage.stage": expected one of the ladder\'s stages',
		);
		expect(() => readStageInput(standard, { leadScore: { score: 5 }, leadStage: { stageEnteredAt: 'soon' } }, fields)).toThrow(
			'Field "leadStage.stageEnteredAt": expected a date',
		);
		expect(() => readStageInput(standard, { leadScore: { score: 5 }, recycle: 'maybe' }, fields)).toThrow('Field "recycle": expected true or false, got "maybe"');
	});
});

describe('properties', () => {
	// Ladders with increasing entries whose gaps exceed twice the margin, so bands never overlap.
	const ladderArb = fc
		.record({
			margin: fc.integer({ min: 0, max: 10 }),
			gaps: fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 6 }),
			neverDemote: fc.boolean(),
		})
		.map(({ margin, gaps, neverDemote }) => {
			let entry = -20;
			const stages = gaps.map((gap, i) => ({ name: `S${i + 1}`, minTotal: (entry += 2 * margin + 1 + gap) }));
			return { margin, neverDemote, stages: [{ name: 'S0' }, ...stages] };
		});

	it('a total oscillating within the margin around a stage entry never changes the stage once entered', () => {
		fc.assert(
			fc.property(ladderArb, fc.nat(), fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { maxLength: 30 }), (raw, pick, wiggles) => {
				const compiled = compileLadder(raw);
				const target = raw.stages[1 + (pick % (raw.stages.length - 1))] as { name: string; minTotal: number };
				let current = classifyStage(compiled, { total: target.minTotal }, AS_OF);
				expect(current.stage).toBe(target.name);
				for (const w of wiggles) {
					// Anywhere in [entry - margin, entry + margin): at or above the exit, below the next entry.
					const total = target.minTotal - raw.margin + w * 2 * raw.margin;
					current = classifyStage(compiled, { total, previousStage: current.stage, previousStageEnteredAt: ENTERED }, AS_OF);
					expect(current).toMatchObject({ stage: target.name, changed: false, direction: 'unchanged', stageEnteredAt: ENTERED_ISO });
				}
			}),
		);
	});

	it('the result is a stage of the ladder, changed matches direction, and never-demote never moves backward without recycle', () => {
		fc.assert(
			fc.property(ladderArb, fc.integer({ min: -50, max: 300 }), fc.nat(), fc.boolean(), (raw, total, prev, recycle) => {
				const compiled = compileLadder(raw);
				const names = raw.stages.map((s) => s.name);
				const previousStage = prev % (names.length + 1) === names.length ? undefined : names[prev % (names.length + 1)];
				const result = classifyStage(compiled, { total, previousStage, recycle }, AS_OF);
				const from = previousStage === undefined ? -1 : names.indexOf(previousStage);
				const to = names.indexOf(result.stage);
				expect(to).toBeGreaterThanOrEqual(0);
				expect(result.changed).toBe(to !== from);
				expect(result.direction).toBe(to > from ? 'promoted' : to < from ? 'demoted' : 'unchanged');
				if (raw.neverDemote && !recycle) expect(to).toBeGreaterThanOrEqual(from);
				// Classifying afresh never lands below where the lead would be with its history.
				const fresh = names.indexOf(classifyStage(compiled, { total }, AS_OF).stage);
				if (!recycle) expect(to).toBeGreaterThanOrEqual(Math.min(fresh, Math.max(from, fresh)));
			}),
		);
	});
});
