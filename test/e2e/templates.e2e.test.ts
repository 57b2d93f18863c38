import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { IDataObject } from 'n8n-workflow';
import { DEFAULT_STAGE_LADDER, PRESETS, classifyStage, compileLadder, compileModel, parseInstant, scoreLead } from '../../src';
import { createN8nHome, executeWorkflow, importWorkflows, outputItems, outputJson, type ExecutionResult, type N8nHome } from './n8n';
import { TEMPLATE_FILES, loadTemplate, withFixedAsOf } from './templateHelpers';

/**
 * Every template in templates/ checked for what importing needs; the agency and demo templates imported into a real
 * n8n and run once from their Manual Trigger on their sample data (`n8n execute`, one CLI process each; the others,
 * wired to PostgreSQL and CRMs, run in integrations.e2e.test.ts). Production templates leave As Of empty (now); the
 * tests fix it, the only change they make. Numbers are worked out by hand from the B2B SaaS preset (docs/scoring-model.md) or from
 * the client models in the agency template; decayed values use exact half-lives (30 days old = half).
 */
const MORNING = '2026-11-22T09:00:00Z';

const stageOf = (lead: IDataObject) => (lead.leadStage as IDataObject).stage;

describe('workflow templates in a real n8n (imported, run from the Manual Trigger)', () => {
	let home: N8nHome;
	const runs: Record<string, Promise<ExecutionResult>> = {};
	const run = (file: string) => (runs[file] ??= executeWorkflow(home, loadTemplate(file).id as string));

	beforeAll(async () => {
		home = await createN8nHome();
		// The templates wired to PostgreSQL, forms, email platforms and CRMs run in integrations.e2e.test.ts.
		await importWorkflows(home, [withFixedAsOf(loadTemplate('agency-multi-client.json'), MORNING), loadTemplate('demo-ranking.json')]);
	});

	it('each template is ready to import: stable id, sticky notes, at most one Manual Trigger, webhooks with ids under lead-scoring/', () => {
		expect(TEMPLATE_FILES).toEqual(expect.arrayContaining(['agency-multi-client.json', 'crm-hubspot.json', 'crm-pipedrive.json', 'crm-salesforce.json', 'demo-ranking.json', 'engagement-event.json', 'inbound-form.json', 'nightly-decay.json']));
		for (const file of TEMPLATE_FILES) {
			const template = loadTemplate(file);
			const ofType = (type: string) => template.nodes.filter((node) => node.type === `n8n-nodes-base.${type}`);
			expect({ file, id: template.id }).toEqual({ file, id: expect.stringMatching(/^tpl[A-Za-z0-9]{13}$/) });
			expect(template.name).toMatch(/^Lead scoring: /);
			expect(ofType('stickyNote').length).toBeGreaterThanOrEqual(2);
			expect(ofType('manualTrigger').length).toBeLessThanOrEqual(1);
			for (const hook of ofType('webhook')) {
				expect(hook).toMatchObject({ webhookId: expect.stringMatching(/^[0-9a-f-]{36}$/), parameters: { httpMethod: 'POST', path: expect.stringMatching(/^lead-scoring\//) } });
			}
			// Only the demo pins the clock: a production workflow with a fixed As Of would ignore every newer event.
			const fixedAsOf = template.nodes.filter((node) => ((node.parameters as IDataObject).options as IDataObject | undefined)?.asOf);
			expect(fixedAsOf.length > 0).toBe(file === 'demo-ranking.json');
		}
	});

	it('agency: each lead is scored, staged and routed with its own client\'s model, ladder and reps from the registry', async () => {
		const result = await run('agency-multi-client.json');
		expect(result.status).toBe('success');
		const leads = outputJson(result, 'CRM: update contact');
		const view = (lead: IDataObject) => {
			const score = lead.leadScore as IDataObject;
			const routing = lead.routing as IDataObject;
			return [lead.name, (score.model as IDataObject).name, score.fitScore, score.engagementScore, score.score, stageOf(lead), routing.team, routing.owner, (routing.priority as IDataObject).level];
		};
		// The leads arrive interleaved (one of each client, twice). Scores: each client's model; stages: each client's
		// ladder; owners: each client's reps, "sales" in turn, "nurture" for the stages the client lists as not sales ready.
		expect(leads.map(view)).toEqual([
			// Northwind (half-life 14 days): Director matches "director|head of|vp|chief" 30 + company email 15 = 45;
			// trial 40 + three docs views 3 x 5 = 55, all today. 100 >= 75: SQL (priority from the stage: P1). Nina's turn.
			['Lena Fischer', 'Northwind Software', 45, 55, 100, 'SQL', 'sales', 'nina', 'P1'],
			// BrightSmile (30-day window): Leeds 20 + private 15 = 35; booking 5 days old 50; the prices view 40 days old is gone.
			// 85 >= 70: Ready to book (not a known stage name: priority from the score, 85 >= 80: P1). Amy, first of BrightSmile's sales.
			['Maria Lopez', 'BrightSmile Dental', 35, 50, 85, 'Ready to book', 'sales', 'amy', 'P1'],
			// Summit (half-life 7 days): budget 750k 30 + mortgage 20 = 50; viewing today 40 + three saves 7 days old 3 x 5 x 0.5 = 7.5.
			// 97.5 >= 60: Ready to offer, P1. Sam, first of Summit's sales.
			['Sofia Rossi', 'Summit Realty', 50, 47.5, 97.5, 'Ready to offer', 'sales', 'sam', 'P1'],
			// Student, free mail: no fit; two docs views 14 days old 2 x 5 x 0.5 = 5: Cold (P4), Northwind's nurture.
			['Tom Reed', 'Northwind Software', 0, 5, 5, 'Cold', 'nurture', 'northwind-nurture', 'P4'],
			// London, NHS: no fit; two prices views in the window 2 x 5 = 10 < 30: Enquiry; score 10 < 20: P4.
			['James Hall', 'BrightSmile Dental', 0, 10, 10, 'Enquiry', 'nurture', 'brightsmile-nurture', 'P4'],
			// Budget 300k, no mortgage: no fit; four saves today 4 x 5 = 20 >= 20: Active buyer (score 20: P3).
			// Summit's sales turn has moved on from Sam: Tia.
			['Noah Kim', 'Summit Realty', 0, 20, 20, 'Active buyer', 'sales', 'tia', 'P3'],
		]);
		// Three clients, three models: one hash each; the registry entry stays out of what the CRM gets.
		expect(new Set(leads.map((lead) => ((lead.leadScore as IDataObject).model as IDataObject).hash)).size).toBe(3);
		expect(leads.every((lead) => !('agency' in lead))).toBe(true);
		expect(outputItems(result, 'CRM: update contact').map((item) => item.pairedItem)).toEqual([0, 1, 2, 3, 4, 5].map((item) => ({ item })));
	});

	it('demo ranking: eight leads, scored, staged and routed exactly as the core computes, printed as a ranked table', async () => {
		const result = await run('demo-ranking.json');
		expect(result.status).toBe('success');
		const asOf = parseInstant(MORNING)!;
		const model = compileModel(PRESETS.b2bSaas);
		const ladder = compileLadder(DEFAULT_STAGE_LADDER);
		const input = outputJson(result, 'Sample leads');
		const routed = outputJson(result, 'Route to Sales', 0);
		expect(outputJson(result, 'Route to Sales', 1)).toEqual([]);
		expect(routed.map((lead) => lead.email)).toEqual(input.map((lead) => lead.email));
		routed.forEach((lead, i) => {
			const expected = scoreLead(model, input[i], { asOf, explain: true });
			expect(lead.leadScore).toEqual(JSON.parse(JSON.stringify(expected)));
			expect(stageOf(lead)).toBe(classifyStage(ladder, { total: expected.score }, asOf).stage);
		});
		// In input order: Cold and IQL leads go to the nurture queue; MQL and SQL leads alternate between Ana and Ben.
		expect(routed.map((lead) => [lead.name, stageOf(lead), (lead.routing as IDataObject).owner])).toEqual([
			['Grace Hopper', 'SQL', 'ana'],
			['Linus Berg', 'MQL', 'ben'],
			['Margaret Hamilton', 'MQL', 'ana'],
			['Kenji Sato', 'IQL', 'nurture'],
			['Amara Okoye', 'MQL', 'ben'],
			['Lucas Silva', 'IQL', 'nurture'],
			['Sophie Martin', 'IQL', 'nurture'],
			['Omar Haddad', 'MQL', 'ana'],
		]);
		// The table `npm run demo` prints, from the same execution JSON.
		const table = execFileSync('node', [resolve(__dirname, '../../scripts/print-ranking.js'), resolve(__dirname, '../../templates/demo-ranking.json')], { input: JSON.stringify(result, null, 2), encoding: 'utf8' });
		const rows = table.split('\n').slice(2, 10).map((line) => line.split(/ {2,}/).slice(0, 5));
		expect(rows).toEqual([
			['Grace Hopper', '100', 'A1', 'SQL', 'Ana Silva'],
			['Omar Haddad', '69.98', 'A3', 'MQL', 'Ana Silva'],
			['Margaret Hamilton', '62.97', 'A3', 'MQL', 'Ana Silva'],
			['Linus Berg', '56.7', 'B2', 'MQL', 'Ben Okafor'],
			['Amara Okoye', '53.37', 'A4', 'MQL', 'Ben Okafor'],
			['Kenji Sato', '47.93', 'D2', 'IQL', 'Marketing nurture'],
			['Lucas Silva', '26.96', 'B4', 'IQL', 'Marketing nurture'],
			['Sophie Martin', '20.77', 'D3', 'IQL', 'Marketing nurture'],
		]);
		expect(table).toContain('8 leads reached an end of the workflow ("Route to Sales"; success).');
	});
});
