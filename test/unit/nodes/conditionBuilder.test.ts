import { ladderFromUi } from '../../../nodes/shared/uiLadder';
import { conditionFromUi } from '../../../nodes/shared/conditionBuilder';
import type { ConfigIssue } from '../../../src';

describe('condition builder shared by the nodes', () => {
	it('reads value text the way each operator needs it', () => {
		const issues: ConfigIssue[] = [];
		expect(conditionFromUi({ field: 'country', operator: 'in', value: 'DE, AT ,, CH' }, 'r', issues)).toEqual({ field: 'country', operator: 'in', value: ['DE', 'AT', 'CH'] });
		expect(conditionFromUi({ field: 'size', operator: 'between', value: '50, 500' }, 'r', issues)).toEqual({ field: 'size', operator: 'between', value: [50, 500] });
		expect(conditionFromUi({ field: 'size', operator: 'greaterThan', value: ' 10 ' }, 'r', issues)).toEqual({ field: 'size', operator: 'greaterThan', value: 10 });
		expect(conditionFromUi({ field: 'email', operator: 'isFreeEmail', value: 'ignored' }, 'r', issues)).toEqual({ field: 'email', operator: 'isFreeEmail' });
		expect(issues).toEqual([]);
		conditionFromUi({ field: 'size', operator: 'between', value: '50' }, 'fit rule 3 "Size": Value', issues);
		conditionFromUi({ field: 'size', operator: 'lessThan', value: 'ten' }, 'fit rule 4: Value', issues);
		expect(issues).toEqual([
			{ path: 'fit rule 3 "Size": Value', message: 'expected two numbers "min, max" (or Min and Max), got "50"' },
			{ path: 'fit rule 4: Value', message: 'expected a number, got "ten"' },
		]);
	});

	it('gives Classify Stage the same operators as Score Lead', () => {
		const ladder = ladderFromUi({
			floorStage: 'Cold',
			margin: 5,
			stages: { stage: [{ name: 'SQL', minTotal: 75, conditions: { whenField: 'country', whenOperator: 'in', whenValue: 'DE, AT' } }] },
		});
		expect(ladder.stages[1]).toEqual({ name: 'SQL', minTotal: 75, when: { field: 'country', operator: 'in', value: ['DE', 'AT'] } });
		expect(() =>
			ladderFromUi({ floorStage: 'Cold', margin: 5, stages: { stage: [{ name: 'SQL', minTotal: 75, conditions: { whenField: 'employees', whenOperator: 'greaterThan', whenValue: 'many' } }] } }),
		).toThrow('Invalid stage ladder: stage 1 "SQL": Field Condition: Value: expected a number, got "many"');
	});
});
