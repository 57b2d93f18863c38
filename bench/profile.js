'use strict';
/**
 * The core's CPU profile on the benchmark workload: `node --cpu-prof` in a child process scoring the leads several
 * times over, then the functions with the most self time. `node bench/profile.js [iso|epoch] [explain]` prints them.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const CHILD = `
const { AS_OF, MODEL, makeLeads } = require(${JSON.stringify(path.join(__dirname, 'workload'))});
const core = require(${JSON.stringify(path.resolve(__dirname, '../dist/src'))});
const compiled = core.compileModel(MODEL);
const [timeFormat, explain] = process.argv.slice(1);
const leads = makeLeads(5000, 42, { timeFormat });
let sink = 0;
for (let round = 0; round < 20; round++) for (const lead of leads) sink += core.scoreLead(compiled, lead, { asOf: AS_OF, explain: explain === 'explain' }).score;
if (sink < 0) console.log(sink);
`;

/** Self time per function (name, file:line), largest first, as shares of all samples. */
function runProfile({ timeFormat = 'iso', explain = true, top = 12 } = {}) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lead-scoring-prof-'));
	try {
		execFileSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '-e', CHILD, timeFormat, explain ? 'explain' : 'plain'], { stdio: 'inherit' });
		const profile = JSON.parse(fs.readFileSync(path.join(dir, fs.readdirSync(dir)[0]), 'utf8'));
		const byId = new Map(profile.nodes.map((node) => [node.id, node]));
		const self = new Map();
		for (const id of profile.samples) {
			const { functionName, url, lineNumber } = byId.get(id).callFrame;
			const where = url ? `${url.split('/').slice(-2).join('/')}:${lineNumber + 1}` : '';
			const key = `${functionName || '(anonymous)'} ${where}`.trim();
			self.set(key, (self.get(key) ?? 0) + 1);
		}
		const total = profile.samples.length;
		return [...self].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, count]) => ({ name, share: count / total }));
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

module.exports = { runProfile };

if (require.main === module) {
	for (const { name, share } of runProfile({ timeFormat: process.argv[2] || 'iso', explain: process.argv[3] !== 'plain' })) console.log(`${(share * 100).toFixed(1)} %  ${name}`);
}
