import { compileModel, compileLadder, ConfigError } from '../../../src';
import { compileRouting } from '../../../src/routing/route';
import { settingKey } from '../../../src/cache/compiledSettings';
import { ScoreLead } from '../../../nodes/ScoreLead/ScoreLead.node';
import { RouteToSales } from '../../../nodes/RouteToSales/RouteToSales.node';
import { runNode, runNodeError } from '../../helpers/runNode';

const AS_OF_EXPECTED = 'expected a date (ISO 8601 string, epoch seconds, milliseconds or microseconds) in the years 1000 to 9999';

describe('bounded, clear errors (issue 15, items 10 to 13)', () => {
	it('quotes at most 40 characters of a 1 MB As Of', async () => {
		const { outputs } = await runNode(ScoreLead, { parameters: { options: { asOf: 'x'.repeat(1_048_576) } }, items: [{}], continueOnFail: true });
		expect((outputs[0][0].json.error as any).message).toBe(`Item 0: Invalid option: As Of: ${AS_OF_EXPECTED}, got "${'x'.repeat(40)}..."`);
	});

	it('refuses an As Of at the end of time instead of failing with "Invalid time value"', async () => {
		const error = await runNodeError(RouteToSales, {
			parameters: { reps: { rep: [{ id: 'ana' }] }, slaMinutes: 15, options: { asOf: '86400000000000000' } },
			items: [{ email: 'a@b.io' }],
		});
		expect(error.message).toBe(`Item 0: Invalid option: As Of: ${AS_OF_EXPECTED}, got "86400000000000000"`);
	});

	it('names a 100,000-deep setting from an expression as too deep, instead of a bare "Maximum call stack size exceeded"', async () => {
		let deep: Record<string, unknown> = {};
		for (let i = 0; i < 100_000; i++) deep = { name: deep };
		const { outputs } = await runNode(ScoreLead, {
			parameters: { modelSource: 'json', modelJson: '={{ $json.m }}', options: { asOf: '2026-11-22' } },
			items: [{ m: deep }],
			continueOnFail: true,
		});
		expect((outputs[0][0].json.error as any).message).toBe(
			'Item 0: a value is nested too deeply to read (Maximum call stack size exceeded); nest it at most 64 levels deep',
		);
		// a deep setting that reaches the package is refused before JSON.stringify or zod could overflow
		expect(() => settingKey(deep)).toThrow('Invalid setting: is nested more than 64 levels deep');
	});

	it('names conditions nested 1,000 deep in the library as the node does, instead of a bare "Maximum call stack size exceeded"', () => {
		let when: Record<string, unknown> = { field: 'title', operator: 'isEmpty' };
		for (let i = 0; i < 1_000; i++) when = { all: [when] };
		const model = { name: 'm', fitRules: [{ label: 'Plain', points: 1, when: { field: 'a', operator: 'isEmpty' } }, { label: 'Deep', points: 1, when }] };
		expect(() => compileModel(model)).toThrow(new ConfigError('scoring model', [{ path: 'fitRules[1] ("Deep")', message: 'is nested more than 64 levels deep' }]));
		expect(() => compileModel(model)).toThrow('Invalid scoring model: fitRules[1] ("Deep"): is nested more than 64 levels deep');
		// the stage ladder reads the same conditions through the same check
		expect(() => compileLadder({ stages: [{ name: 'SQL', when }] })).toThrow('Invalid stage ladder: stages[0] ("SQL"): is nested more than 64 levels deep');
		// within 64 levels the condition language's own limit speaks
		let nine: Record<string, unknown> = { field: 'title', operator: 'isEmpty' };
		for (let i = 0; i < 9; i++) nine = { not: nine };
		expect(() => compileModel({ name: 'm', fitRules: [{ label: 'Nine', points: 1, when: nine }] })).toThrow(
			'Invalid scoring model: fitRules[0] ("Nine").when: conditions are nested deeper than 8 levels',
		);
	});

	it('bounds rep weights: 1e-320 would make a pointer Infinity', () => {
		expect(() => compileRouting({ reps: [{ id: 'a', weight: 1e-320 }] })).toThrow('Invalid routing settings: reps[0] ("a").weight: must be from 0.01 to 1,000,000');
		expect(compileRouting({ reps: [{ id: 'a', weight: 0.01 }] }).settings.reps[0].weight).toBe(0.01);
	});

	it('fails an SLA the working hours cannot hold once, before any item', async () => {
		// Mondays 09:00 to 09:01: 1 minute a week; 157 whole weeks in 1,100 days hold 157 minutes < 43,200
		const settings = { reps: [{ id: 'a', workingHours: { days: [1], start: '09:00', end: '09:01' } }], sla: { minutes: 43_200, businessHours: true } };
		expect(() => compileRouting(settings)).toThrow(
			'Invalid routing settings: reps[0] ("a").workingHours: hold 1 working minutes a week, too few for an SLA of 43200 working minutes within 1100 days',
		);
		// 157 minutes fit exactly
		expect(() => compileRouting({ ...settings, sla: { minutes: 157, businessHours: true } })).not.toThrow();
		const error = await runNodeError(RouteToSales, {
			parameters: { reps: { rep: [{ id: 'ana', workingDays: ['1'], workStart: '09:00', workEnd: '09:01' }] }, slaMinutes: 43_200, slaBusinessHours: true },
			items: [{ email: 'a@b.io' }, { email: 'c@d.io' }],
		});
		expect(error.message).toMatch(/^Invalid routing settings: rep 1 "ana": Working Days and Hours: hold 1 working minutes a week/);
		expect((error as any).context?.itemIndex).toBeUndefined();
	});

	it('reports a list one value too long as such, not as "expected a number"', () => {
		const value = Array.from({ length: 10_001 }, (_, i) => i);
		expect(() => compileModel({ name: 'm', fitRules: [{ label: 'x', points: 1, when: { field: 'id', operator: 'in', value } }] })).toThrow(
			'Invalid scoring model: fitRules[0] ("x").when.value: expected at most 10000 values, got a list of 10001',
		);
	});
});
