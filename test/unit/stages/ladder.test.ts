import { ConfigError } from '../../../src/errors';
import { DEFAULT_STAGE_LADDER, MAX_STAGES, compileLadder, stageLadderJsonSchema } from '../../../src/stages';

/** The issues a ladder is refused with, as "path: message". */
function problems(raw: unknown): string[] {
	try {
		compileLadder(raw);
	} catch (error) {
		if (error instanceof ConfigError) return error.issues.map((i) => `${i.path}: ${i.message}`);
		throw error;
	}
	throw new Error('the ladder was accepted');
}

describe('compileLadder', () => {
	it('compiles the default ladder with exits at entry minus the margin of 5', () => {
		const ladder = compileLadder(DEFAULT_STAGE_LADDER);
		expect(ladder.stages.map((s) => [s.name, s.minTotal, s.exit])).toEqual([
			['Cold', undefined, undefined],
			['IQL', 20, 15],
			['MQL', 50, 45],
			['SQL', 75, 70],
		]);
		expect(ladder.neverDemote).toBe(false);
		expect(ladder.needs).toEqual({ fitScore: false, engagementScore: false, grade: false, label: false });
		expect(ladder.find(' sql ')?.name).toBe('SQL');
		expect(ladder.find('Lost')).toBeUndefined();
	});

	it('lists every cross-stage problem by path', () => {
		expect(
			problems({
				margin: 5,
				stages: [
					{ name: 'Cold', minTotal: 0, margin: 2 },
					{ name: 'Warm' },
					{ name: 'Hot', minTotal: 60, exitBelow: 61, margin: 3, minGrade: 'F', labels: ['A1'] },
					{ name: 'hot', minTotal: 60, labels: ['a1'] },
				],
			}),
		).toEqual([
			'stages[0] ("Cold").minTotal: the first stage is the floor every lead falls back to; it takes no entry or exit conditions',
			'stages[0] ("Cold").margin: the first stage is the floor every lead falls back to; it takes no entry or exit conditions',
			'stages[1] ("Warm"): stage "Warm" needs an entry condition (minTotal, minGrade, minFit, minEngagement, when, labels)',
			'stages[2] ("Hot").minGrade: "F" is not one of the grades A, B, C, D',
			'stages[2] ("Hot").exitBelow: exit 61 is above the entry 60; a lead would leave the stage it just entered',
			'stages[2] ("Hot").margin: give either exitBelow or margin, not both',
			'stages[3] ("hot").name: "hot" is already the name of an earlier stage ("Hot")',
			'stages[3] ("hot").minTotal: entry 60 is not above the entry of "Hot" (60); stages are ordered lowest first',
			'stages[3] ("hot").labels[0]: label "a1" already selects stage "Hot"',
		]);
	});

	it('refuses unknown keys, bad types, empty names, a negative margin and unsafe field paths', () => {
		expect(problems({ stages: [{ name: ' ' }, { name: 'B', minTotal: '5' }], margin: -1, minTotla: 3 })).toEqual([
			'stages[0] (no name).name: stage name is empty',
			'stages[1] ("B").minTotal: expected a number, got "5"',
			'margin: expected 0 or more',
			': Unrecognized key: "minTotla"',
		]);
		expect(problems({ stages: [{ name: 'Cold' }, { name: 'X', when: { field: 'a.__proto__', operator: 'isEmpty' } }] })).toEqual([
			'stages[1] ("X").when.field: field path "a.__proto__" uses the reserved name "__proto__"',
		]);
	});

	it('bounds the ladder size', () => {
		const stages = [{ name: 'S0' }, ...Array.from({ length: MAX_STAGES }, (_, i) => ({ name: `S${i + 1}`, minTotal: i }))];
		expect(problems({ stages })).toEqual([`stages: a ladder has at most ${MAX_STAGES} stages`]);
		expect(problems({ stages: [] })).toEqual(['stages: a ladder needs at least one stage']);
	});

	it('takes custom grades, best first', () => {
		const ladder = compileLadder({ grades: ['A+', 'A', 'B'], stages: [{ name: 'Cold' }, { name: 'Top', minGrade: 'a+' }] });
		expect(ladder.stages[1]).toMatchObject({ minGrade: 'A+', exit: undefined, hasThresholds: true });
		expect(ladder.needs.grade).toBe(true);
	});

	it('publishes a JSON Schema of the ladder', () => {
		const schema = stageLadderJsonSchema() as { properties: Record<string, unknown>; additionalProperties: unknown };
		expect(Object.keys(schema.properties).sort()).toEqual(['grades', 'margin', 'neverDemote', 'stages']);
		expect(schema.additionalProperties).toBe(false);
	});
});

describe('stage conditions', () => {
	it('names the stage of a condition that cannot be compiled', () => {
		let deep: Record<string, unknown> = { field: 'demo', operator: 'isNotEmpty' };
		for (let i = 0; i < 9; i++) deep = { not: deep };
		expect(() => compileLadder({ stages: [{ name: 'Cold' }, { name: 'SQL', minTotal: 50, when: deep }] })).toThrow(
			'Invalid stage ladder: stages[1] ("SQL").when: conditions are nested deeper than 8 levels',
		);
		expect(() => compileLadder({ stages: [{ name: 'Cold' }, { name: 'SQL', when: { field: 'title', operator: 'matches', value: '(?=x)' } }] })).toThrow(
			/^Invalid stage ladder: stages\[1\] \("SQL"\)\.when\.value: lookahead/,
		);
	});
});
