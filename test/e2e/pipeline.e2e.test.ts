import type { IDataObject } from 'n8n-workflow';
import { EXPECTED, FIRST_ERRORS, LEADS, PARAMETERS, outcome } from '../helpers/pipeline';
import { createN8nHome, executeWorkflow, importWorkflows, outputItems, type ExecutionResult, type N8nHome, type WorkflowJson } from './n8n';
import { fixedItems, manualTrigger, ours } from './workflows';

// The demo printer's own function finds the ends of a workflow; it is checked here on a real execution.
const { workflowEnds } = require('../../scripts/print-ranking.js') as {
	workflowEnds: (execution: ExecutionResult, workflow: WorkflowJson) => Array<{ node: string; output: number; run: number; item: { json: IDataObject } }>;
};

type OnError = 'continueRegularOutput' | 'continueErrorOutput';

/**
 * Manual Trigger -> Leads -> Score Lead -> Apply Decay -> Classify Stage; MQL and SQL -> Route to Sales. Every node on
 * its defaults but the model, the curve, the reps and As Of (test/helpers/pipeline.ts), each with its On Error.
 */
function pipelineWorkflow(id: string, onError: [OnError, OnError, OnError, OnError]): WorkflowJson {
	const names = ['Score Lead', 'Apply Decay', 'Classify Stage', 'Route to Sales'];
	const types = ['scoreLead', 'applyDecay', 'classifyStage', 'routeToSales'] as const;
	const ourNodes = types.map((type, i) => ours(names[i], type, PARAMETERS[type], { onError: onError[i] }));
	const to = (node: string) => [{ node, type: 'main', index: 0 }];
	return {
		id,
		name: `Pipeline ${onError.join(' ')}`,
		nodes: [manualTrigger(), fixedItems('Leads', LEADS), ...ourNodes],
		connections: {
			'Manual Trigger': { main: [to('Leads')] },
			Leads: { main: [to('Score Lead')] },
			'Score Lead': { main: [to('Apply Decay')] },
			'Apply Decay': { main: [to('Classify Stage')] },
			// Cold, IQL, MQL, SQL, Failed: MQL and SQL go to sales.
			'Classify Stage': { main: [[], [], to('Route to Sales'), to('Route to Sales')] },
		},
		settings: { executionOrder: 'v1' },
	};
}

const WORKFLOWS = {
	continueRegular: pipelineWorkflow('e2ePipelineReg01', ['continueRegularOutput', 'continueRegularOutput', 'continueRegularOutput', 'continueRegularOutput']),
	// Score Lead passes the malformed leads on; Apply Decay, which uses its error output, sends them there untouched.
	travelToErrorOutput: pipelineWorkflow('e2ePipelineTrav1', ['continueRegularOutput', 'continueErrorOutput', 'continueErrorOutput', 'continueErrorOutput']),
	errorOutputs: pipelineWorkflow('e2ePipelineErr01', ['continueErrorOutput', 'continueErrorOutput', 'continueErrorOutput', 'continueErrorOutput']),
};

describe('Score Lead -> Apply Decay -> Classify Stage -> Route to Sales on defaults, in a real n8n', () => {
	let home: N8nHome;
	const runs: Partial<Record<keyof typeof WORKFLOWS, ExecutionResult>> = {};
	const run = async (name: keyof typeof WORKFLOWS) => (runs[name] ??= await executeWorkflow(home, WORKFLOWS[name].id!));

	beforeAll(async () => {
		home = await createN8nHome();
		await importWorkflows(home, Object.values(WORKFLOWS));
	});

	/** Where each lead ended: "node/output" by lead id. */
	const endsById = (name: keyof typeof WORKFLOWS, result: ExecutionResult) =>
		Object.fromEntries(workflowEnds(result, WORKFLOWS[name]).map((end) => [end.item.json.id, `${end.node}/${end.output}`]));

	it('with Continue: hand-computed totals, decayed totals, stages and owners; every lead on an end; the malformed with their first error and fields', async () => {
		const result = await run('continueRegular');
		expect(result.status).toBe('success');
		// Every lead accounted for, each on exactly one end: Cold, IQL and Failed of Classify Stage, Assigned of Route to Sales.
		const ends = workflowEnds(result, WORKFLOWS.continueRegular);
		expect(ends.map((end) => end.item.json.id).sort()).toEqual(LEADS.map((lead) => lead.id).sort());
		expect(endsById('continueRegular', result)).toEqual({
			fred: 'Classify Stage/0',
			mia: 'Classify Stage/1',
			mal1: 'Classify Stage/4',
			mal2: 'Classify Stage/4',
			quinn: 'Route to Sales/0',
			cara: 'Route to Sales/0',
			sam: 'Route to Sales/0',
		});
		for (const { item } of ends.filter((end) => !String(end.item.json.id).startsWith('mal'))) {
			expect({ id: item.json.id, ...outcome(item.json) }).toEqual({ id: item.json.id, ...EXPECTED[item.json.id as keyof typeof EXPECTED] });
		}
		// Route to Sales runs once per connected output: n8n 2.41.1 runs it for SQL first, then for MQL. Round robin
		// goes on across the runs: cara, sam (SQL) -> Ana, Ben; quinn (MQL) -> Ana. Priority by stage: SQL P1, MQL P2
		// (quinn, gone quiet, is no longer P1).
		const routed = [0, 1].flatMap((r) => outputItems(result, 'Route to Sales', 0, r).map((item) => item.json));
		expect(routed.map((lead) => [lead.id, (lead.routing as IDataObject).owner, ((lead.routing as IDataObject).priority as IDataObject).level])).toEqual([
			['cara', 'ana', 'P1'],
			['sam', 'ben', 'P1'],
			['quinn', 'ana', 'P2'],
		]);
		// The malformed leads: all their fields, and Score Lead's error, not overwritten by Apply Decay or Classify Stage.
		expect(outputItems(result, 'Classify Stage', 4).map((item) => item.json)).toEqual([
			{ ...LEADS[2], error: FIRST_ERRORS.mal1 },
			{ ...LEADS[6], error: FIRST_ERRORS.mal2 },
		]);
		expect(outputItems(result, 'Classify Stage', 4).map((item) => item.pairedItem)).toEqual([{ item: 2 }, { item: 6 }]);
	});

	it('a lead failed upstream reaches the error output of a later node untouched, with its first error and its fields', async () => {
		const result = await run('travelToErrorOutput');
		expect(result.status).toBe('success');
		// Apply Decay has one output plus n8n's error output (1).
		expect(outputItems(result, 'Apply Decay', 1).map((item) => item.json)).toEqual([
			{ ...LEADS[2], error: FIRST_ERRORS.mal1 },
			{ ...LEADS[6], error: FIRST_ERRORS.mal2 },
		]);
		expect(endsById('travelToErrorOutput', result)).toMatchObject({ mal1: 'Apply Decay/1', mal2: 'Apply Decay/1', quinn: 'Route to Sales/0', fred: 'Classify Stage/0' });
		// Classify Stage: Cold, IQL, MQL, SQL, Failed (empty: failures go to the error output), Error.
		expect(outputItems(result, 'Classify Stage', 4)).toEqual([]);
		expect(outputItems(result, 'Classify Stage', 5)).toEqual([]);
	});

	it('with Continue (using error output): the malformed leads on Score Lead\'s error output with their fields and error', async () => {
		const result = await run('errorOutputs');
		expect(result.status).toBe('success');
		const failed = outputItems(result, 'Score Lead', 1);
		expect(failed.map((item) => item.json)).toEqual([
			{ ...LEADS[2], error: FIRST_ERRORS.mal1 },
			{ ...LEADS[6], error: FIRST_ERRORS.mal2 },
		]);
		expect(failed.map((item) => item.pairedItem)).toEqual([{ item: 2 }, { item: 6 }]);
		const ends = workflowEnds(result, WORKFLOWS.errorOutputs);
		expect(ends.map((end) => end.item.json.id).sort()).toEqual(LEADS.map((lead) => lead.id).sort());
		for (const { item } of ends.filter((end) => !String(end.item.json.id).startsWith('mal'))) {
			expect(outcome(item.json)).toEqual(EXPECTED[item.json.id as keyof typeof EXPECTED]);
		}
	});
});
