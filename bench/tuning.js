'use strict';
/**
 * `npm run bench:tuning`: Tune Model at scale. Generated historical leads (bench/tuningLeads.js) at 10,000, 100,000
 * and 200,000 leads with about 50 and about 500 candidate rules; each case runs in its own process (so peak
 * memory is its own) and times reading the leads (outcome, cutoff, current model's score), Evaluate and Suggest.
 * Writes the "Tune Model" section of BENCHMARKS.md, leaving the other sections as they were measured.
 * BENCH_TUNING_SIZES=10000,100000 picks sizes. The section is rewritten after every case, cases not yet run
 * marked as such, so a long run that is stopped still leaves what it measured.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { fork } = require('node:child_process');

const SECTION = '## 9. Tune Model';

function runCase(count, candidates) {
	const { generateTuningLeads } = require('./tuningLeads');
	const src = require('../dist/src');
	const model = src.compileModel(src.presetModel('b2bSaas'));
	const ladder = src.compileLadder(src.DEFAULT_STAGE_LADDER);
	// About 45 candidates come from the signal fields; noise fields of 10 values each bring the rest.
	const noiseFields = candidates > 100 ? 45 : 1;
	const { leads } = generateTuningLeads({ count, seed: 11, noiseFields });
	const reading = {
		outcome: src.compilePath('converted'),
		readOutcome: src.outcomeReader(),
		revenue: src.compilePath('revenue'),
		cutoff: { kind: 'outcomeDate', outcomeDate: src.compilePath('outcomeDate'), marginDays: 7 },
	};
	// CPU time of this process (user + system), which a busy shared machine changes far less than wall time.
	const clock = () => {
		const u = process.cpuUsage();
		return (u.user + u.system) / 1000;
	};
	let t = clock();
	const types = new src.EventTypes();
	const historical = leads.map((lead) => src.readHistoricalLead(model, ladder, reading, types, lead));
	const readMs = clock() - t;
	t = clock();
	const evaluation = src.evaluateModel(model, ladder, historical, { bands: 10, target: { conversionRate: 0.3 } });
	const evaluateMs = clock() - t;
	t = clock();
	const suggestion = src.suggestModel(model, ladder, historical, types, {
		seed: 1,
		holdOut: 0.25,
		folds: 3,
		alpha: 0.5,
		lambdaCount: 8,
		pointsPerDoubling: 10,
		bands: 10,
		target: { conversionRate: 0.3 },
		outcomeField: 'converted',
		candidates: {
			minSupport: Math.max(20, Math.ceil(0.01 * count * 0.75)),
			numericCuts: 9,
			maxValuesPerField: 20,
			windowsDays: [30],
			maxCandidates: candidates,
			exclude: ['id', 'converted', 'revenue', 'outcomeDate', 'createdAt'],
		},
	});
	const suggestMs = clock() - t;
	const r = suggestion.report;
	return {
		count,
		requested: candidates,
		candidates: r.fitting.candidates,
		rulesKept: r.fitting.rulesKept,
		readMs,
		evaluateMs,
		suggestMs,
		currentAuc: evaluation.auc,
		heldOut: { suggested: r.heldOut.suggestedAuc, current: r.heldOut.currentAuc },
		peakRssMb: process.resourceUsage().maxRSS / 1024,
	};
}

if (process.argv[2] === 'case') {
	process.send(runCase(Number(process.argv[3]), Number(process.argv[4])));
	return;
}

const sizes = (process.env.BENCH_TUNING_SIZES || '10000,100000,200000').split(',').map(Number);
const log = (m) => process.stderr.write(`[bench:tuning] ${m}\n`);
const int = (n) => Math.round(n).toLocaleString('en-US');
const sec = (ms) => (ms / 1000).toFixed(1);

(async () => {
	const results = [];
	// The smaller candidate set first at every size, then the larger: the quick cases are measured first.
	const cases = [50, 500].flatMap((candidates) => sizes.map((count) => ({ count, candidates })));
	for (const { count, candidates } of cases) {
		log(`${count} leads, ${candidates} candidates...`);
		const result = await new Promise((resolve, reject) => {
			const child = fork(__filename, ['case', String(count), String(candidates)], { execArgv: ['--max-old-space-size=6144'] });
			child.on('message', resolve);
			child.on('exit', (code) => code !== 0 && reject(new Error(`case exited with ${code}`)));
		});
		log(JSON.stringify(result));
		results.push(result);
		writeSection(results, cases);
	}
})();

function writeSection(results, cases) {
	const cpus = os.cpus();
	const rows = cases.map(({ count, candidates }) => {
		const r = results.find((x) => x.count === count && x.requested === candidates);
		if (!r) return `| ${int(count)} | ${candidates} | not measured this run | | | | | |`;
		return `| ${int(r.count)} | ${r.candidates} | ${r.rulesKept} | ${sec(r.readMs)} | ${sec(r.evaluateMs)} | ${sec(r.suggestMs)} | ${int(r.peakRssMb)} MB | ${r.heldOut.suggested} / ${r.heldOut.current} |`;
	});
	const section = `${SECTION}

\`npm run bench:tuning\` (bench/tuning.js): historical leads generated from a known points model with logistic noise
(bench/tuningLeads.js: title, industry, company size, free mail, demo requests, pricing views, webinars, email opens;
45 noise fields of 10 values each for the 500-candidate cases), the B2B SaaS preset as the current model, the
default ladder, cutoff 7 days before each outcome date. Each case runs in its own Node process; times are
CPU seconds (user + system) of one run: on the shared machine wall time was several times higher. *Read*: outcome, cutoff and the current model's score and stage for every lead
(the per-item part of the node); *Evaluate*: the backtest report; *Suggest*: candidate rules, the sparse matrix,
3-fold cross-validation over 8 penalties, the final fit, and Score Lead on the held-out quarter.
${cpus[0]?.model.trim() ?? 'unknown'}, ${cpus.length} cores, Node ${process.version}, load average while measured: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (the machine was shared; times on an idle machine are lower).

| leads | candidate rules | rules kept | read s | evaluate s | suggest s | peak memory | held-out AUC suggested / current |
|---|---|---|---|---|---|---|---|
${rows.join('\n')}

Memory grows linearly with leads (the leads themselves, which n8n holds anyway, and a sparse matrix of 5 bytes per
matching rule and lead); time grows with leads times the rules each lead matches, not with all candidates.
`;
	const file = path.join(__dirname, '..', 'BENCHMARKS.md');
	let doc = fs.readFileSync(file, 'utf8');
	const start = doc.indexOf(SECTION);
	if (start >= 0) {
		const next = doc.indexOf('\n## ', start + SECTION.length);
		doc = doc.slice(0, start) + section + (next >= 0 ? `\n${doc.slice(next + 1)}` : '');
	} else {
		const notes = doc.indexOf('## Notes');
		doc = notes >= 0 ? `${doc.slice(0, notes)}${section}\n${doc.slice(notes)}` : `${doc}\n${section}`;
	}
	fs.writeFileSync(file, doc);
	log('wrote the Tune Model section of BENCHMARKS.md');
}
