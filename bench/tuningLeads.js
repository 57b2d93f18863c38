'use strict';
/**
 * Historical leads drawn from a known points model with logistic noise, for Tune Model's recovery tests, its
 * benchmark and its template: each lead converts with probability sigmoid(logit), where the logit is a sum of
 * known weights. A seeded PRNG makes the same seed give the same leads on every machine.
 */

const DAY_MS = 86_400_000;
const AS_OF = Date.UTC(2026, 10, 1);

function mulberry32(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** The generating model: log-odds weights. Its strongest rules are the demo request, VP title and intern title. */
const TRUE_WEIGHTS = {
	intercept: -2.4,
	title: { vp: 1.4, director: 0.9, manager: 0.3, analyst: 0, intern: -1.3 },
	industry: { software: 0.8, fintech: 0.4, retail: 0, health: 0, education: -0.3, manufacturing: 0 },
	employeesOver200: 0.7,
	freeMail: -0.8,
	demoRequest: 1.6,
	/** Per pricing page view, up to 4. */
	pricingView: 0.25,
	webinar: 0.5,
};

const TITLES = [['vp', 0.08], ['director', 0.1], ['manager', 0.25], ['analyst', 0.37], ['intern', 0.2]];
const INDUSTRIES = ['software', 'fintech', 'retail', 'health', 'education', 'manufacturing'];
const COUNTRIES = ['US', 'UK', 'DE', 'FR', 'ES', 'NL', 'SE', 'IT'];

function weighted(random, pairs) {
	let r = random();
	for (const [value, w] of pairs) {
		if ((r -= w) < 0) return value;
	}
	return pairs[pairs.length - 1][0];
}

function poisson(random, mean) {
	let k = 0;
	let p = Math.exp(-mean);
	let s = p;
	const u = random();
	while (u > s && k < 50) {
		k++;
		p *= mean / k;
		s += p;
	}
	return k;
}

/**
 * `count` leads; `noiseFields` extra fields of `noiseValues` values each that do not affect conversion (to reach
 * 500 candidate rules in the benchmark). Each lead has createdAt, outcomeDate, converted and events before its
 * cutoff (outcome date minus 7 days); a converted lead also has a contract_signed event on its outcome date, which
 * a backtest must drop (it is the outcome itself).
 */
function generateTuningLeads({ count, seed = 1, noiseFields = 0, noiseValues = 10 }) {
	const random = mulberry32(seed);
	const leads = [];
	const logits = [];
	const w = TRUE_WEIGHTS;
	for (let i = 0; i < count; i++) {
		const title = weighted(random, TITLES);
		const industry = INDUSTRIES[Math.floor(random() * INDUSTRIES.length)];
		const employees = Math.max(1, Math.round(Math.exp(4.5 + 1.5 * (random() + random() + random() - 1.5))));
		const free = random() < 0.3;
		const demo = random() < 0.15 ? 1 : 0;
		const pricing = poisson(random, 1.2);
		const webinar = random() < 0.2 ? 1 : 0;
		const opens = poisson(random, 3);
		const outcomeDate = AS_OF - Math.floor(random() * 365) * DAY_MS;
		const createdAt = outcomeDate - (20 + Math.floor(random() * 60)) * DAY_MS;
		const cutoff = outcomeDate - 7 * DAY_MS;
		const at = () => new Date(createdAt + Math.floor(random() * (cutoff - createdAt))).toISOString();
		const events = [];
		for (let k = 0; k < demo; k++) events.push({ type: 'demo_request', timestamp: at() });
		for (let k = 0; k < pricing; k++) events.push({ type: 'pricing_view', timestamp: at() });
		for (let k = 0; k < webinar; k++) events.push({ type: 'webinar_attended', timestamp: at() });
		for (let k = 0; k < opens; k++) events.push({ type: 'email_open', timestamp: at() });
		const logit =
			w.intercept +
			w.title[title] +
			w.industry[industry] +
			(employees > 200 ? w.employeesOver200 : 0) +
			(free ? w.freeMail : 0) +
			demo * w.demoRequest +
			Math.min(pricing, 4) * w.pricingView +
			webinar * w.webinar;
		const converted = random() < 1 / (1 + Math.exp(-logit));
		if (converted) events.push({ type: 'contract_signed', timestamp: new Date(outcomeDate).toISOString() });
		const lead = {
			id: `lead-${seed}-${i}`,
			email: free ? `person${i}@gmail.com` : `person${i}@company${i % 997}.com`,
			jobTitle: title,
			company: { industry, employees },
			country: COUNTRIES[Math.floor(random() * COUNTRIES.length)],
			createdAt: new Date(createdAt).toISOString(),
			outcomeDate: new Date(outcomeDate).toISOString(),
			converted: converted ? 'won' : 'lost',
			revenue: converted ? 1000 + Math.round(employees * 10) : 0,
			events,
		};
		for (let f = 0; f < noiseFields; f++) lead[`attribute${f}`] = `value${Math.floor(random() * noiseValues)}`;
		leads.push(lead);
		logits.push(logit);
	}
	return { leads, logits };
}

module.exports = { generateTuningLeads, TRUE_WEIGHTS, AS_OF, DAY_MS };
