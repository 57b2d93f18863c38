'use strict';
/**
 * Core throughput against the engines a user could use instead, in one process, on the same leads and model.
 * Every engine must give the same score, fit and engagement on every lead before any figure is taken.
 */
const { AS_OF, MODEL, FREE_MAIL, makeLeads } = require('./workload');
const { median, timePasses, passOver } = require('./measure');

/**
 * The rows: the core and the hand-written function on ISO 8601 event times (what senders send) and on epoch
 * milliseconds (the same instants); the other engines on epoch milliseconds only, since their window tests compare
 * numbers. `file` names the row; `module` the engine's file in bench/engines/.
 */
const ROWS = [
	{ file: 'core', module: 'core', times: 'iso' },
	{ file: 'handWritten', module: 'handWritten', times: 'iso' },
	{ file: 'coreEpoch', module: 'core', times: 'epoch' },
	{ file: 'handWrittenEpoch', module: 'handWritten', times: 'epoch' },
	{ file: 'zen', module: 'zen', times: 'epoch' },
	{ file: 'jsonLogic', module: 'jsonLogic', times: 'epoch' },
	{ file: 'jsonRulesEngine', module: 'jsonRulesEngine', times: 'epoch' },
];

function loadEngine(file) {
	try {
		return { engine: require(`./engines/${file}`).create(MODEL, AS_OF, { freeMail: FREE_MAIL }) };
	} catch (error) {
		return { error: error instanceof Error ? error.message.split('\n')[0] : String(error) };
	}
}

/** Scores every lead with every engine and throws on the first lead where any total differs from the core's. */
async function checkSameTotals(engines) {
	const [reference, ...others] = engines;
	const leads = reference.leads;
	const expected = leads.map((lead) => reference.engine.score(lead));
	for (const { engine, leads: theirs, times } of others) {
		for (let i = 0; i < leads.length; i++) {
			const got = await engine.score(theirs[i]);
			for (const key of ['score', 'fitScore', 'engagementScore']) {
				if (got[key] !== expected[i][key]) {
					throw new Error(`${engine.name} (${times} times) gives ${key} ${got[key]} for ${leads[i].id}, the core ${expected[i][key]}: the comparison would be meaningless`);
				}
			}
		}
	}
	const sum = (key) => expected.reduce((total, r) => total + r[key], 0);
	return { leads: leads.length, meanScore: sum('score') / leads.length, meanFit: sum('fitScore') / leads.length, meanEngagement: sum('engagementScore') / leads.length };
}

async function runThroughput({ leadCount = 5000, runs = 7, seed = 42 } = {}) {
	const byTimes = { iso: makeLeads(leadCount, seed), epoch: makeLeads(leadCount, seed, { timeFormat: 'epoch' }) };
	const leads = byTimes.iso;
	const events = leads.reduce((n, lead) => n + lead.events.length, 0);
	const loaded = ROWS.map((row) => ({ ...row, leads: byTimes[row.times], ...loadEngine(row.module) }));
	const available = loaded.filter((l) => l.engine);
	const check = await checkSameTotals(available);
	// Rounds interleave the engines, so a burst of load from other processes hits them all alike.
	const passes = available.map(({ engine, leads: theirs }) => passOver(engine, theirs, engine.score(theirs[0]) instanceof Promise));
	for (const pass of passes) await pass();
	const samples = available.map(() => []);
	for (let round = 0; round < runs; round++) {
		for (let e = 0; e < passes.length; e++) samples[e].push((await timePasses(passes[e], { runs: 1, warmup: 0 })).medianMs);
	}
	const results = available.map(({ file, engine, times }, e) => {
		const medianMs = median(samples[e]);
		return { file, name: `${engine.name}, ${times === 'iso' ? 'ISO 8601 times' : 'epoch ms times'}`, times, medianMs, samples: samples[e], nsPerLead: (medianMs * 1e6) / leads.length, leadsPerSecond: leads.length / (medianMs / 1000) };
	});
	return {
		leads: leads.length,
		events,
		runs,
		check,
		results,
		unavailable: loaded.filter((l) => l.error).map(({ file, error }) => ({ file, error })),
	};
}

module.exports = { runThroughput };

if (require.main === module) {
	runThroughput({ leadCount: Number(process.env.BENCH_LEADS || 2000), runs: Number(process.env.BENCH_RUNS || 3) }).then((r) => console.log(JSON.stringify(r, null, 2)));
}
