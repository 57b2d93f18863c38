'use strict';
/**
 * Memory while scoring many leads streamed in batches, as n8n hands items to a node: each batch is made,
 * scored (the result written onto the item) and dropped. Run in its own process with --expose-gc so peaks of
 * one run never mix with another's. With `keep`, the results are kept, to show the cost of each kept result.
 */
const { AS_OF, MODEL, mulberry32, makeLead } = require('./workload');
const { inChild, childMain } = require('./child');

const MB = 1024 * 1024;
const CHECKPOINTS = 10;

function stream({ leads, batch, keep = false }) {
	const { create } = require('./engines/core');
	const engine = create(MODEL, AS_OF);
	const random = mulberry32(42);
	const kept = [];
	let peakRss = 0;
	let peakHeap = 0;
	const settled = [];
	global.gc();
	const start = { rss: process.memoryUsage().rss / MB, heap: process.memoryUsage().heapUsed / MB };
	const began = process.hrtime.bigint();
	const batches = leads / batch;
	for (let b = 0; b < batches; b++) {
		const items = [];
		for (let i = 0; i < batch; i++) items.push({ json: makeLead(random, b * batch + i) });
		for (const item of items) {
			item.json.leadScore = engine.score(item.json);
			if (keep) kept.push(item.json.leadScore);
		}
		const { rss, heapUsed } = process.memoryUsage();
		peakRss = Math.max(peakRss, rss / MB);
		peakHeap = Math.max(peakHeap, heapUsed / MB);
		if ((b + 1) % (batches / CHECKPOINTS) === 0) {
			global.gc();
			settled.push({ leads: (b + 1) * batch, heapAfterGc: process.memoryUsage().heapUsed / MB, rss: process.memoryUsage().rss / MB });
		}
	}
	const seconds = Number(process.hrtime.bigint() - began) / 1e9;
	return { leads, batch, keep, kept: kept.length, start, peakRss, peakHeap, settled, seconds, leadsPerSecond: leads / seconds };
}

function runMemory() {
	const run = (args) => inChild(__filename, args, ['--expose-gc']);
	return [
		run({ leads: 100_000, batch: 100 }),
		run({ leads: 100_000, batch: 1000 }),
		run({ leads: 1_000_000, batch: 1000 }),
		run({ leads: 100_000, batch: 1000, keep: true }),
	];
}

module.exports = { runMemory };

if (require.main === module) {
	if (process.argv[2]) childMain(stream);
	else console.log(JSON.stringify(runMemory(), null, 1));
}
