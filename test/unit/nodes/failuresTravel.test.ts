import { NodeOperationError, type INodeParameters, type INodeType } from 'n8n-workflow';
import { ApplyDecay } from '../../../nodes/ApplyDecay/ApplyDecay.node';
import { ClassifyStage } from '../../../nodes/ClassifyStage/ClassifyStage.node';
import { RouteToSales } from '../../../nodes/RouteToSales/RouteToSales.node';
import { ScoreLead } from '../../../nodes/ScoreLead/ScoreLead.node';
import { runNode, runNodeError } from '../../helpers/runNode';

const asOf = '2026-11-22T09:00:00Z';
const REPS = { rep: [{ id: 'ana', name: 'Ana' }] };

/** What Score Lead with Continue On Fail puts on a lead it could not score. */
const FIRST_ERROR = {
	message: 'Item 1: Field "company.employees": expected a number, got "many"',
	itemIndex: 1,
	field: 'company.employees',
	expected: 'a number',
	node: 'Score Lead',
	nodeType: 'n8n-nodes-lead-scoring.scoreLead',
};
const failedLead = { id: 'L2', email: 'bo@example.com', company: { employees: 'many' }, error: FIRST_ERROR };

const later: Array<[string, new () => INodeType, INodeParameters]> = [
	['Apply Decay', ApplyDecay, { options: { asOf } }],
	['Classify Stage', ClassifyStage, { options: { asOf } }],
	['Route to Sales', RouteToSales, { reps: REPS, options: { asOf } }],
];

describe('failures travel: an item an earlier node of the package failed', () => {
	it('Score Lead with Continue On Fail puts the error, its node and the lead together on the item', async () => {
		const { outputs } = await runNode(ScoreLead, {
			continueOnFail: true,
			parameters: { options: { asOf } },
			items: [{ id: 'L1' }, { id: 'L2', email: 'bo@example.com', company: { employees: 'many' } }],
		});
		expect(outputs[0][1].json).toEqual(failedLead);
		expect(outputs[0][1].pairedItem).toEqual({ item: 1 });
	});

	it.each(later)('%s passes it on untouched on the regular path, keeping the first error', async (_name, node, parameters) => {
		const { outputs, error } = await runNode(node, { continueOnFail: true, parameters, items: [failedLead] });
		expect(error).toBeUndefined();
		const all = outputs.flat();
		expect(all).toEqual([{ json: failedLead, pairedItem: { item: 0 } }]);
	});

	it.each(later)('%s sends it to the error output with all its fields and the first error', async (_name, node, parameters) => {
		const { outputs } = await runNode(node, { onError: 'continueErrorOutput', parameters, items: [failedLead] });
		expect(outputs[outputs.length - 1]).toEqual([{ json: failedLead, pairedItem: { item: 0 } }]);
		expect(outputs.slice(0, -1).flat()).toEqual([]);
	});

	it.each(later)('%s without Continue On Fail stops with the first error, not a complaint of its own', async (_name, node, parameters) => {
		const error = await runNodeError(node, { parameters, items: [failedLead] });
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('Item 0 failed earlier in "Score Lead": Field "company.employees": expected a number, got "many"');
		expect((error as NodeOperationError).context.itemIndex).toBe(0);
	});

	it('a lead whose own data has an `error` field (not ours) is processed as usual', async () => {
		const lead = { leadScore: { engagementScore: 10, fitScore: 5, asOf, lastActivityAt: asOf }, error: { message: 'from the CRM' } };
		const { outputs } = await runNode(ApplyDecay, { parameters: { options: { asOf } }, items: [lead] });
		expect(outputs[0][0].json.decay).toMatchObject({ score: 15 });
	});
});
