import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INodeExecutionData } from 'n8n-workflow';
import { ApplyDecay } from '../../nodes/ApplyDecay/ApplyDecay.node';
import { ClassifyStage } from '../../nodes/ClassifyStage/ClassifyStage.node';
import { RouteToSales } from '../../nodes/RouteToSales/RouteToSales.node';
import { ScoreLead } from '../../nodes/ScoreLead/ScoreLead.node';
import { compileModel, scoreLead } from '../../src';
import { runNode } from '../helpers/runNode';

/** The README's quick start must stay true: its model, lead, result and chained blocks are run here. */
describe('README quick start', () => {
	const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
	const block = (name: string) => {
		const match = new RegExp('```json ' + name + '\\n([\\s\\S]*?)```').exec(readme);
		if (!match) throw new Error(`README has no "json ${name}" block`);
		return JSON.parse(match[1]);
	};

	it('gives exactly the result it shows', () => {
		const expected = block('result');
		const result = scoreLead(compileModel(block('model')), block('lead'), { asOf: Date.parse(expected.asOf) });
		expect(result).toEqual(expected);
		// In the order n8n's table view shows them
		expect(Object.keys(result)).toEqual(Object.keys(expected));
	});

	it('the four nodes chained on their defaults give the excerpt it shows', async () => {
		const asOf = /\*As Of\* `([^`]+)`\), leaves/.exec(readme)?.[1];
		expect(asOf).toBe('2026-12-21T15:30:00Z');
		const options = { asOf };
		const next = (items: INodeExecutionData[]) => items.map((item) => item.json);
		const scored = await runNode(ScoreLead, { parameters: { modelSource: 'json', modelJson: JSON.stringify(block('model')), options }, items: [block('lead')] });
		const decayed = await runNode(ApplyDecay, { parameters: { curve: 'halfLife', halfLifeDays: 30, options }, items: next(scored.outputs[0]) });
		const staged = await runNode(ClassifyStage, { parameters: { options }, items: next(decayed.outputs[0]) });
		expect(staged.outputs.map((output) => output.length)).toEqual([0, 0, 1, 0, 0]); // Cold, IQL, MQL, SQL, Failed
		const reps = { rep: [{ id: 'ana', name: 'Ana' }, { id: 'ben', name: 'Ben' }] };
		const routed = await runNode(RouteToSales, { parameters: { reps, options }, items: next(staged.outputs[2]) });
		expect(routed.outputs[0][0].json).toMatchObject({ ...block('lead'), ...block('chained') });
	});
});
