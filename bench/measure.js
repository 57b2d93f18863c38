'use strict';
/** Timing helpers: medians of repeated passes after a warm-up, with process.hrtime for nanosecond clocks. */

const median = (values) => {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Runs `pass` (sync or async) `warmup` times untimed, then `runs` times timed; returns ms per pass. */
async function timePasses(pass, { runs = 7, warmup = 1 } = {}) {
	for (let i = 0; i < warmup; i++) await pass();
	const samples = [];
	for (let i = 0; i < runs; i++) {
		const start = process.hrtime.bigint();
		await pass();
		samples.push(Number(process.hrtime.bigint() - start) / 1e6);
	}
	return { medianMs: median(samples), samples };
}

/** A pass over all leads; awaits only when the engine's score returns a promise. */
function passOver(engine, leads, isAsync) {
	if (isAsync) {
		return async () => {
			for (let i = 0; i < leads.length; i++) await engine.score(leads[i]);
		};
	}
	return () => {
		let sink = 0;
		for (let i = 0; i < leads.length; i++) sink += engine.score(leads[i]).score;
		return sink;
	};
}

const fmt = {
	int: (n) => Math.round(n).toLocaleString('en-US'),
	num: (n, digits = 1) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }),
	ratio: (n) => (n >= 10 ? `${Math.round(n)}x` : `${n.toFixed(2)}x`),
};

module.exports = { median, timePasses, passOver, fmt };
