import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { TuneModel } from '../../nodes/TuneModel/TuneModel.node';
import { compileModel } from '../../src';
import { runNode } from '../helpers/runNode';
import { createN8nHome, executeWorkflow, importWorkflows, outputItems, outputJson, type ExecutionResult } from './n8n';
import { loadTemplate } from './templateHelpers';

/**
 * The "Monthly tune-up" template as shipped: 600 sample deals -> Tune Model (Suggest) -> a report for the team.
 * Its numbers are checked against the same node run in-process on the same deals (they must agree exactly),
 * and the message against the report it summarises.
 */
describe('template: monthly tune-up in a real n8n', () => {
	let run: ExecutionResult;
	const template = loadTemplate('monthly-tune-up.json');

	beforeAll(async () => {
		const home = await createN8nHome();
		// On a loaded machine n8n's task runner (which runs the Code nodes) can take longer than its 30 s grant to start.
		home.env.N8N_RUNNERS_GRANT_TOKEN_TTL = '600';
		await importWorkflows(home, [template]);
		run = await executeWorkflow(home, template.id as string, 600_000);
	}, 900_000);

	it('runs from the Manual Trigger: one report paired with all 600 deals, a chart, and a message for the team', async () => {
		expect(run.status).toBe('success');
		const deals = outputJson(run, 'CRM: closed-won and closed-lost leads (sample)');
		expect(deals).toHaveLength(600);
		const [report] = outputItems(run, 'Tune Model');
		expect(report.pairedItem).toHaveLength(600);
		const json = report.json as any;
		const won = deals.filter((d) => d.dealStage === 'Closed Won').length;
		expect(json.leads).toMatchObject({ total: 600, converted: won, eventsAfterCutoff: 0 });
		expect(json.heldOut.suggestedAuc).toBeGreaterThan(json.heldOut.currentAuc);
		expect(() => compileModel(json.suggestedModel)).not.toThrow();
		// Fields sales fills in after contact, and the outcome itself, are never learned from.
		expect(JSON.stringify(json.suggestedModel)).not.toMatch(/amount|dealStage|closedAt/);

		const [message] = outputItems(run, 'Send to the team (replace with Slack or email)');
		const text = String(message.json.text);
		expect(text.split('\n')[0]).toBe(`*Monthly lead-scoring tune-up* (600 closed leads, ${won} won, ${json.leads.scoredFrom.slice(0, 10)} to ${json.leads.scoredTo.slice(0, 10)})`);
		expect(text).toContain(`current model ${json.heldOut.currentAuc}, suggested ${json.heldOut.suggestedAuc}.`);
		expect(message.binary?.chart).toMatchObject({ mimeType: 'image/svg+xml' });

		// n8n and the in-process harness give the same report for the same deals and settings.
		const tune = template.nodes.find((n) => n.name === 'Tune Model') as IDataObject;
		const local = await runNode(TuneModel, { parameters: tune.parameters as INodeParameters, items: deals });
		expect((local.outputs[0][0].json as any).suggestedModel).toEqual(json.suggestedModel);
		expect((local.outputs[0][0].json as any).heldOut).toEqual(json.heldOut);
	});
});
