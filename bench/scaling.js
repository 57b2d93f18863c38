'use strict';
/**
 * How scoring time grows with the model's rules and with the lead's events. With rules indexed by event type an
 * event meets only its own type's rules, so the cost of one more event should stay about flat as rules grow
 * 100-fold. Each case runs in a fresh process; the marginal cost of an event is (time with E events - time
 * with none) / E, which takes out the per-lead work (fit rules, per-rule totals) that grows with the model.
 */
const { AS_OF, makeScalingLeads, makeScalingModel } = require('./workload');
const { timePasses, passOver } = require('./measure');
const { inChild, childMain } = require('./child');

async function timeCase({ rules, events, leadCount, runs }) {
	const { create } = require('./engines/core');
	const { model, types } = makeScalingModel(rules);
	const leads = makeScalingLeads(leadCount, events, types);
	const engine = create(model, AS_OF);
	const { medianMs } = await timePasses(passOver(engine, leads, false), { runs, warmup: 2 });
	return { rules, fitRules: model.fitRules.length, engagementRules: model.engagementRules.length, eventTypes: types, events, leads: leadCount, nsPerLead: (medianMs * 1e6) / leadCount };
}

const EVENTS_PER_LEAD = 50;
const LEADS = 4000;

function runScaling({ runs = 7 } = {}) {
	const timed = (rules, events, leadCount) => inChild(__filename, { rules, events, leadCount, runs });
	const byRules = [10, 100, 1000].map((rules) => {
		const withEvents = timed(rules, EVENTS_PER_LEAD, LEADS);
		const without = timed(rules, 0, LEADS);
		return { ...withEvents, nsPerLeadWithoutEvents: without.nsPerLead, nsPerEvent: (withEvents.nsPerLead - without.nsPerLead) / EVENTS_PER_LEAD };
	});
	const base = timed(100, 0, LEADS);
	const byEvents = [10, 100, 1000].map((events) => {
		const r = timed(100, events, Math.max(200, Math.round(200_000 / events)));
		return { ...r, nsPerLeadWithoutEvents: base.nsPerLead, nsPerEvent: (r.nsPerLead - base.nsPerLead) / events };
	});
	return { eventsPerLead: EVENTS_PER_LEAD, byRules, byEvents };
}

module.exports = { runScaling };

if (require.main === module) {
	if (process.argv[2]) childMain(timeCase);
	else console.log(JSON.stringify(runScaling({ runs: 5 }), null, 1));
}
