'use strict';
/**
 * Leads per second of the other cores, each as its node uses it: decaying a stored score, placing a lead on
 * the stage ladder (with its previous stage, so hysteresis is exercised), and routing to a team of reps with
 * the routing state carried from lead to lead. Inputs are the benchmark leads as Score Lead leaves them.
 */
const { AS_OF, DAY_MS, MODEL, makeLeads, mulberry32 } = require('./workload');
const { timePasses } = require('./measure');
const { core, create } = require('./engines/core');

function scoredLeads(count) {
	const engine = create(MODEL, AS_OF);
	const random = mulberry32(99);
	const stages = ['Cold', 'IQL', 'MQL', 'SQL', ''];
	return makeLeads(count).map((lead) => ({
		...lead,
		leadScore: engine.score(lead),
		lastActivityAt: new Date(AS_OF - Math.floor(random() * 120 * DAY_MS)).toISOString(),
		leadStage: { stage: stages[Math.floor(random() * stages.length)], enteredAt: new Date(AS_OF - 40 * DAY_MS).toISOString() },
	}));
}

function decayPass(leads) {
	const decayer = core.compileStoredScoreDecay({
		curve: { curve: 'halfLife', halfLifeDays: 30 },
		scoreField: 'leadScore.engagementScore',
		fitScoreField: 'leadScore.fitScore',
		lastActivityField: 'lastActivityAt',
		outputField: 'decayedScore',
	});
	return () => {
		for (const lead of leads) decayer.decay(lead, AS_OF);
	};
}

function classifyPass(leads) {
	const ladder = core.compileLadder(core.DEFAULT_STAGE_LADDER);
	const path = core.compilePath;
	const fields = {
		total: path('leadScore.score'),
		fitScore: path('leadScore.fitScore'),
		engagementScore: path('leadScore.engagementScore'),
		grade: path('leadScore.grade'),
		label: path('leadScore.label'),
		previousStage: path('leadStage.stage'),
		previousStageEnteredAt: path('leadStage.enteredAt'),
	};
	return () => {
		for (const lead of leads) core.classifyStage(ladder, core.readStageInput(ladder, lead, fields), AS_OF);
	};
}

function routePass(leads) {
	const reps = Array.from({ length: 12 }, (_, i) => ({
		id: `rep-${i}`,
		name: `Rep ${i}`,
		email: `rep${i}@example.com`,
		team: i < 4 ? 'enterprise' : i < 8 ? 'emea' : 'smb',
		weight: 1 + (i % 3),
		capacity: 10_000,
	}));
	const routing = core.compileRouting({
		reps,
		rules: [
			{ name: 'Enterprise', when: [{ field: 'company.employees', operator: 'greaterThan', value: 5000 }], team: 'enterprise' },
			{ name: 'EMEA', when: [{ field: 'country', operator: 'in', value: ['GB', 'DE', 'FR', 'NL'] }], team: 'emea' },
		],
		defaultTeam: 'smb',
		method: 'weightedRoundRobin',
		sla: { minutes: 60, businessHours: false },
	});
	return () => {
		let state = core.emptyRoutingState();
		for (const lead of leads) state = core.routeLead(lead, routing, state, AS_OF).state;
	};
}

async function runCores({ leadCount = 5000, runs = 7 } = {}) {
	const leads = scoredLeads(leadCount);
	const out = [];
	for (const [name, pass] of [['Apply Decay (half-life, stored score)', decayPass], ['Classify Stage (default ladder, with previous stage)', classifyPass], ['Route to Sales (12 reps, weighted round robin, 2 rules)', routePass]]) {
		const { medianMs } = await timePasses(pass(leads), { runs, warmup: 1 });
		out.push({ name, leads: leads.length, nsPerLead: (medianMs * 1e6) / leads.length, leadsPerSecond: leads.length / (medianMs / 1000) });
	}
	return out;
}

module.exports = { runCores };

if (require.main === module) runCores({ runs: 3 }).then((r) => console.log(JSON.stringify(r, null, 1)));
