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
		conditionFromUi({ field: 'size', operator: 'between', value: '50' }, 'fitRules[2]', issues);
		conditionFromUi({ field: 'size', operator: 'lessThan', value: 'ten' }, 'fitRules[3]', issues);
		expect(issues).toEqual([
			{ path: 'fitRules[2].value', message: 'expected two numbers "min, max", got "50"' },
			{ path: 'fitRules[3].value', message: 'expected a number, got "ten"' },
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
		).toThrow('Invalid stage ladder: stages[1].when.value: expected a number, got "many"');
	});
});
