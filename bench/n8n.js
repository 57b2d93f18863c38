'use strict';
/**
 * The same scoring of 10,000 items inside a real n8n: Score Lead (the model as JSON) against a Code node that
 * scores by hand (the hand-written function of bench/engines/handWritten.js), both fed by one generator node.
 * Times are each node's `executionTime` from the execution's runData (the node's own run, without n8n's
 * start-up), medians over several executions. Both nodes must give the same totals on every item.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { AS_OF, MODEL } = require('./workload');
const { scoreByHand } = require('./engines/handWritten');
const { median } = require('./measure');

const PACKAGE = 'n8n-nodes-lead-scoring';
const GENERATE = 'Generate Leads';
const SCORE_LEAD = 'Score Lead';
const CODE = 'Code: Score by Hand';

function workflow(leadCount) {
	const workloadSource = fs.readFileSync(path.join(__dirname, 'workload.js'), 'utf8');
	const generate = `const workload = (function (module) {\n${workloadSource}\nreturn module.exports;\n})({ exports: {} });\nreturn workload.makeLeads(${leadCount}).map((json) => ({ json }));`;
	const byHand = `const asOf = ${AS_OF};\n${scoreByHand.toString()}\nconst items = $input.all();\nfor (const item of items) item.json.leadScore = scoreByHand(item.json, asOf);\nreturn items;`;
	const node = (name, type, parameters, x, typeVersion = 1) => ({ id: name.replace(/\W+/g, '-').toLowerCase(), name, type, typeVersion, position: [x, 0], parameters });
	return {
		id: 'benchScoring10k',
		name: `Bench: scoring ${leadCount} items`,
		nodes: [
			node('Manual Trigger', 'n8n-nodes-base.manualTrigger', {}, 0),
			node(GENERATE, 'n8n-nodes-base.code', { jsCode: generate }, 220, 2),
			node(SCORE_LEAD, `${PACKAGE}.scoreLead`, { modelSource: 'json', modelJson: JSON.stringify(MODEL, null, 2), includeExplanation: false, options: { asOf: new Date(AS_OF).toISOString() } }, 440),
			node(CODE, 'n8n-nodes-base.code', { jsCode: byHand }, 440, 2),
		],
		connections: {
			'Manual Trigger': { main: [[{ node: GENERATE, type: 'main', index: 0 }]] },
			[GENERATE]: { main: [[{ node: SCORE_LEAD, type: 'main', index: 0 }, { node: CODE, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

/** `--rawOutput` prints log lines before the execution JSON, which starts at the first line that is exactly "{". */
function parseExecution(stdout) {
	const lines = stdout.split('\n');
	const start = lines.indexOf('{');
	const end = lines.lastIndexOf('}');
	if (start < 0 || end < start) throw new Error(`n8n printed no execution:\n${stdout.slice(0, 2000)}`);
	return JSON.parse(lines.slice(start, end + 1).join('\n'));
}

function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer().listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
		server.on('error', reject);
	});
}

function nodeRun(execution, name) {
	const runs = execution.data.resultData.runData[name];
	if (!runs?.length) throw new Error(`node "${name}" did not run: ${JSON.stringify(execution.data.resultData.error ?? {}).slice(0, 500)}`);
	return runs[0];
}

function checkSameScores(execution, leadCount) {
	const ours = nodeRun(execution, SCORE_LEAD).data.main[0];
	const hand = nodeRun(execution, CODE).data.main[0];
	if (ours.length !== leadCount || hand.length !== leadCount) throw new Error(`expected ${leadCount} items from each node, got ${ours.length} and ${hand.length}`);
	ours.forEach((item, i) => {
		for (const key of ['score', 'fitScore', 'engagementScore', 'grade', 'label']) {
			if (item.json.leadScore[key] !== hand[i].json.leadScore[key]) {
				throw new Error(`item ${i}: Score Lead gives ${key} ${item.json.leadScore[key]}, the Code node ${hand[i].json.leadScore[key]}`);
			}
		}
	});
}

async function runN8n({ leadCount = 10_000, runs = 3, outDir = path.join(__dirname, 'results', 'n8n') } = {}) {
	fs.rmSync(outDir, { recursive: true, force: true });
	fs.mkdirSync(outDir, { recursive: true });
	const file = path.join(outDir, 'workflow.json');
	fs.writeFileSync(file, JSON.stringify(workflow(leadCount), null, 2));
	const env = { ...process.env, N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
	execFileSync('bash', [path.join(__dirname, 'n8n.sh'), file, String(runs), outDir], { env, stdio: ['ignore', 'ignore', 'inherit'] });
	const executions = Array.from({ length: runs }, (_, i) => parseExecution(fs.readFileSync(path.join(outDir, `run-${i + 1}.json`), 'utf8')));
	executions.forEach((execution) => checkSameScores(execution, leadCount));
	const times = (name) => executions.map((execution) => nodeRun(execution, name).executionTime);
	const scoreLead = times(SCORE_LEAD);
	const code = times(CODE);
	const n8nVersion = execFileSync('bash', ['-c', 'source scripts/n8n-runtime.sh >/dev/null 2>&1 && "$N8N_BIN" --version'], { cwd: path.join(__dirname, '..'), encoding: 'utf8' }).trim().split('\n').pop();
	return { leadCount, runs, n8nVersion, scoreLeadMs: scoreLead, codeMs: code, generateMs: times(GENERATE), scoreLeadMedianMs: median(scoreLead), codeMedianMs: median(code) };
}

module.exports = { runN8n, workflow };

if (require.main === module) runN8n({ leadCount: Number(process.env.BENCH_N8N_LEADS || 10_000), runs: Number(process.env.BENCH_N8N_RUNS || 1) }).then((r) => console.log(JSON.stringify(r, null, 1)));
