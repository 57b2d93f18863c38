'use strict';
/**
 * A field dragged into a rule's Field box (`{{ $json.jobTitle }}`) against the same field typed as a path: Score Lead,
 * 5,000 leads, a Rule Builder model of two fit rules, explanation off, through n8n-core's WorkflowExecute in-process
 * (test/helpers/runNode.ts). Both must give the same scores; the ratio is CPU time dragged / typed, medians of 5
 * rounds after a warm-up round. `node bench/builderFields.js [CHECKOUT]` measures another built checkout (its dist/).
 */
const path = require('node:path');
const { requireTs } = require('./agency');
const { median } = require('./measure');

const ROOT = path.resolve(process.argv[2] ?? path.join(__dirname, '..'));
const LEADS = 5000;
const ROUNDS = 5;

async function main() {
	const { runNode } = requireTs(path.join(ROOT, 'test/helpers/runNode.ts'), ROOT);
	const { ScoreLead } = require(path.join(ROOT, 'dist/nodes/ScoreLead/ScoreLead.node.js'));
	const leads = Array.from({ length: LEADS }, (_, i) => ({ jobTitle: i % 2 ? 'VP Marketing' : 'Analyst', company: { employees: i * 3 } }));
	const parameters = (title, size) => ({
		modelSource: 'ui',
		fitRules: {
			rule: [
				{ label: 'Senior title', field: title, operator: 'contains', value: 'vp', points: 20 },
				{ label: 'Target size', field: size, operator: 'between', valueMin: 50, valueMax: 5000, points: 15 },
			],
		},
		includeExplanation: false,
		options: { asOf: '2026-11-22T00:00:00Z' },
	});
	const cases = { typed: parameters('jobTitle', 'company.employees'), dragged: parameters('={{ $json.jobTitle }}', '={{ $json.company.employees }}') };
	const cpuMs = { typed: [], dragged: [] };
	const sums = {};
	for (let round = 0; round <= ROUNDS; round++) {
		for (const [name, p] of Object.entries(cases)) {
			const start = process.cpuUsage();
			const run = await runNode(ScoreLead, { parameters: p, items: leads });
			const used = process.cpuUsage(start);
			if (run.error) throw run.error;
			sums[name] = run.outputs[0].reduce((sum, item) => sum + item.json.leadScore.score, 0);
			if (round > 0) cpuMs[name].push((used.user + used.system) / 1000);
		}
	}
	if (sums.typed !== sums.dragged) throw new Error(`typed and dragged disagree: ${sums.typed} vs ${sums.dragged}`);
	const typed = median(cpuMs.typed);
	const dragged = median(cpuMs.dragged);
	const ms = (list) => list.map((v) => v.toFixed(0)).join(', ');
	console.log(`checkout ${ROOT}; ${LEADS} leads; sum of scores ${sums.typed} both ways`);
	console.log(`typed path:    ${ms(cpuMs.typed)} ms CPU, median ${typed.toFixed(0)}`);
	console.log(`dragged field: ${ms(cpuMs.dragged)} ms CPU, median ${dragged.toFixed(0)}; ${(dragged / typed).toFixed(2)}x the typed path`);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
