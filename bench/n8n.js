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
const GENERATE_EPOCH = 'Generate Leads (epoch ms)';
const EDIT_FIELDS = 'Edit Fields';
const SCORE_LEAD = 'Score Lead';
const SCORE_LEAD_OFF = 'Score Lead (explanation off)';
const SCORE_LEAD_EPOCH = 'Score Lead (epoch ms)';
const CODE = 'Code: Score by Hand';
const EDIT_SCORED = 'Edit Fields (scored leads)';
const APPLY_DECAY = 'Apply Decay';
const CLASSIFY = 'Classify Stage';
const WARM_UP = 'Warm-up: Generate 500 Leads';
/** The nodes whose items must carry the same totals as the Code node's. */
const SCORERS = [SCORE_LEAD, SCORE_LEAD_OFF, SCORE_LEAD_EPOCH];

/**
 * One execution holds every competitor, fed by the same generated items: n8n's own Edit Fields (keep all fields, set
 * one), Score Lead with the explanation on and off, a Code node scoring by hand, and Score Lead on the same leads
 * with epoch-millisecond times; then Apply Decay, Classify Stage and Edit Fields again on the scored leads.
 */
function workflow(leadCount) {
	const workloadSource = fs.readFileSync(path.join(__dirname, 'workload.js'), 'utf8');
	const generate = (timeFormat, count = leadCount) =>
		`const workload = (function (module) {\n${workloadSource}\nreturn module.exports;\n})({ exports: {} });\nreturn workload.makeLeads(${count}, 42, { timeFormat: '${timeFormat}' }).map((json) => ({ json }));`;
	const byHand = `const asOf = ${AS_OF};\n${scoreByHand.toString()}\nconst items = $input.all();\nfor (const item of items) item.json.leadScore = scoreByHand(item.json, asOf);\nreturn items;`;
	const node = (name, type, parameters, x, y, typeVersion = 1) => ({ id: name.replace(/\W+/g, '-').toLowerCase(), name, type, typeVersion, position: [x, y], parameters });
	const asOf = new Date(AS_OF).toISOString();
	const scoreLead = (includeExplanation) => ({ modelSource: 'json', modelJson: JSON.stringify(MODEL, null, 2), includeExplanation, options: { asOf } });
	const editFields = {
		mode: 'manual',
		includeOtherFields: true,
		assignments: { assignments: [{ id: 'bench-touched', name: 'touched', value: true, type: 'boolean' }] },
		options: {},
	};
	const to = (...names) => ({ main: [names.map((name) => ({ node: name, type: 'main', index: 0 }))] });
	return {
		id: 'benchScoringN8n',
		name: `Bench: scoring ${leadCount} items`,
		nodes: [
			node('Manual Trigger', 'n8n-nodes-base.manualTrigger', {}, 0, 0),
			// Runs first (v1 order: top to bottom), so no timed node pays the first run of its kind (JIT, lazy loading).
			node(WARM_UP, 'n8n-nodes-base.code', { jsCode: generate('iso', 500) }, 220, -800, 2),
			node('Warm-up: Edit Fields', 'n8n-nodes-base.set', editFields, 440, -900, 3.4),
			node('Warm-up: Score Lead', `${PACKAGE}.scoreLead`, scoreLead(true), 440, -800),
			node('Warm-up: Apply Decay', `${PACKAGE}.applyDecay`, { options: { asOf } }, 660, -800),
			node('Warm-up: Classify Stage', `${PACKAGE}.classifyStage`, { options: { asOf } }, 660, -700),
			node(GENERATE, 'n8n-nodes-base.code', { jsCode: generate('iso') }, 220, 0, 2),
			node(EDIT_FIELDS, 'n8n-nodes-base.set', editFields, 440, -200, 3.4),
			node(SCORE_LEAD, `${PACKAGE}.scoreLead`, scoreLead(true), 440, 0),
			node(SCORE_LEAD_OFF, `${PACKAGE}.scoreLead`, scoreLead(false), 440, 200),
			node(CODE, 'n8n-nodes-base.code', { jsCode: byHand }, 440, 400, 2),
			node(EDIT_SCORED, 'n8n-nodes-base.set', editFields, 660, 0, 3.4),
			node(APPLY_DECAY, `${PACKAGE}.applyDecay`, { options: { asOf } }, 660, 200),
			node(CLASSIFY, `${PACKAGE}.classifyStage`, { options: { asOf } }, 660, 400),
			node(GENERATE_EPOCH, 'n8n-nodes-base.code', { jsCode: generate('epoch') }, 220, 600, 2),
			node(SCORE_LEAD_EPOCH, `${PACKAGE}.scoreLead`, scoreLead(true), 440, 600),
		],
		connections: {
			'Manual Trigger': to(WARM_UP, GENERATE, GENERATE_EPOCH),
			[WARM_UP]: to('Warm-up: Edit Fields', 'Warm-up: Score Lead'),
			'Warm-up: Score Lead': to('Warm-up: Apply Decay', 'Warm-up: Classify Stage'),
			[GENERATE]: to(EDIT_FIELDS, SCORE_LEAD, SCORE_LEAD_OFF, CODE),
			[SCORE_LEAD_OFF]: to(EDIT_SCORED, APPLY_DECAY, CLASSIFY),
			[GENERATE_EPOCH]: to(SCORE_LEAD_EPOCH),
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
	const hand = nodeRun(execution, CODE).data.main[0];
	if (hand.length !== leadCount) throw new Error(`expected ${leadCount} items from the Code node, got ${hand.length}`);
	for (const name of SCORERS) {
		const ours = nodeRun(execution, name).data.main[0];
		if (ours.length !== leadCount) throw new Error(`expected ${leadCount} items from ${name}, got ${ours.length}`);
		ours.forEach((item, i) => {
			for (const key of ['score', 'fitScore', 'engagementScore', 'grade', 'label']) {
				if (item.json.leadScore[key] !== hand[i].json.leadScore[key]) {
					throw new Error(`item ${i}: ${name} gives ${key} ${item.json.leadScore[key]}, the Code node ${hand[i].json.leadScore[key]}`);
				}
			}
		});
	}
	for (const name of [EDIT_FIELDS, EDIT_SCORED, APPLY_DECAY]) {
		const count = nodeRun(execution, name).data.main[0].length;
		if (count !== leadCount) throw new Error(`expected ${leadCount} items from ${name}, got ${count}`);
	}
	const staged = nodeRun(execution, CLASSIFY).data.main.reduce((n, output) => n + (output?.length ?? 0), 0);
	if (staged !== leadCount) throw new Error(`expected ${leadCount} items over Classify Stage's outputs, got ${staged}`);
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
	const nodes = Object.fromEntries([GENERATE, GENERATE_EPOCH, EDIT_FIELDS, SCORE_LEAD, SCORE_LEAD_OFF, SCORE_LEAD_EPOCH, CODE, EDIT_SCORED, APPLY_DECAY, CLASSIFY].map((name) => [name, times(name)]));
	// Paired: each ratio is taken within one execution (same process, same moment), then the median over executions.
	const paired = (name, against) => median(nodes[name].map((ms, i) => ms / nodes[against][i]));
	const n8nVersion = execFileSync('bash', ['-c', 'source scripts/n8n-runtime.sh >/dev/null 2>&1 && "$N8N_BIN" --version'], { cwd: path.join(__dirname, '..'), encoding: 'utf8' }).trim().split('\n').pop();
	const events = nodeRun(executions[0], GENERATE).data.main[0].reduce((n, item) => n + item.json.events.length, 0);
	return {
		leadCount,
		events,
		runs,
		n8nVersion,
		nodes,
		names: { GENERATE, GENERATE_EPOCH, EDIT_FIELDS, SCORE_LEAD, SCORE_LEAD_OFF, SCORE_LEAD_EPOCH, CODE, EDIT_SCORED, APPLY_DECAY, CLASSIFY },
		ratios: {
			scoreLeadOn: paired(SCORE_LEAD, EDIT_FIELDS),
			scoreLeadOff: paired(SCORE_LEAD_OFF, EDIT_FIELDS),
			scoreLeadEpoch: paired(SCORE_LEAD_EPOCH, EDIT_FIELDS),
			code: paired(CODE, EDIT_FIELDS),
			codeOverScoreLead: paired(CODE, SCORE_LEAD),
			applyDecay: paired(APPLY_DECAY, EDIT_SCORED),
			classifyStage: paired(CLASSIFY, EDIT_SCORED),
		},
		scoreLeadMedianMs: median(nodes[SCORE_LEAD]),
		codeMedianMs: median(nodes[CODE]),
	};
}

module.exports = { runN8n, workflow };

if (require.main === module) runN8n({ leadCount: Number(process.env.BENCH_N8N_LEADS || 20_000), runs: Number(process.env.BENCH_N8N_RUNS || 1) }).then((r) => console.log(JSON.stringify(r, null, 1)));
