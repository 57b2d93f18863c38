'use strict';
/**
 * The benchmark workload: one realistic B2B model and leads drawn from a seeded PRNG, so every run and every
 * engine sees exactly the same data. The model avoids decay and oncePerDays so that engines without time
 * arithmetic (json-rules-engine, json-logic-js) can compute the very same totals.
 */

const DAY_MS = 86_400_000;
/** Every figure is "as of" this instant; event times lie in the 180 days before it and never after. */
const AS_OF = Date.UTC(2026, 10, 22, 9, 0, 0);

/** mulberry32: a tiny, fast, well-mixed 32-bit PRNG; the same seed gives the same stream on every machine. */
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

const pick = (random, list) => list[Math.floor(random() * list.length)];

/** Picks from [value, weight] pairs. */
function weighted(random, pairs) {
	const total = pairs.reduce((sum, [, w]) => sum + w, 0);
	let r = random() * total;
	for (const [value, w] of pairs) {
		r -= w;
		if (r < 0) return value;
	}
	return pairs[pairs.length - 1][0];
}

const FREE_MAIL = ['gmail.com', 'yahoo.com', 'hotmail.com', 'outlook.com'];

/** The cross-engine model: 13 fit rules and 14 engagement rules, group caps and a total floor and ceiling. */
const MODEL = {
	name: 'Benchmark B2B',
	version: '1',
	groups: [
		{ name: 'fit', kind: 'fit', cap: 50 },
		{ name: 'engagement', kind: 'engagement', cap: 60, floor: -30 },
	],
	total: { floor: 0, ceiling: 100 },
	fitRules: [
		{ id: 'vp', label: 'VP title', points: 20, when: { field: 'jobTitle', operator: 'contains', value: 'VP' } },
		{ id: 'director', label: 'Director title', points: 15, when: { field: 'jobTitle', operator: 'contains', value: 'Director' } },
		{ id: 'exec', label: 'Executive', points: 25, when: { field: 'jobTitle', operator: 'in', value: ['CEO', 'CTO', 'Founder'] } },
		{ id: 'intern', label: 'Intern', points: -15, when: { field: 'jobTitle', operator: 'contains', value: 'Intern' } },
		{ id: 'student', label: 'Student', points: -20, when: { field: 'jobTitle', operator: 'equals', value: 'Student' } },
		{ id: 'size', label: 'Company size 50-5000', points: 15, when: { field: 'company.employees', operator: 'between', value: [50, 5000] } },
		{ id: 'enterprise', label: 'Enterprise', points: 8, when: { field: 'company.employees', operator: 'greaterThan', value: 5000 } },
		{ id: 'industry', label: 'Target industry', points: 10, when: { field: 'company.industry', operator: 'in', value: ['software', 'saas', 'fintech'] } },
		{ id: 'education', label: 'Education', points: -5, when: { field: 'company.industry', operator: 'equals', value: 'education' } },
		{ id: 'free-mail', label: 'Free mail', points: -10, when: { field: 'email', operator: 'isFreeEmail' } },
		{ id: 'country', label: 'Target country', points: 5, when: { field: 'country', operator: 'in', value: ['US', 'CA', 'GB', 'DE'] } },
		{ id: 'revenue', label: 'Revenue over 10M', points: 10, when: { field: 'annualRevenue', operator: 'greaterThan', value: 10_000_000 } },
		{ id: 'referral', label: 'Referral', points: 10, when: { field: 'leadSource', operator: 'equals', value: 'referral' } },
	],
	engagementRules: [
		{ id: 'pricing', label: 'Pricing page', points: 10, eventType: 'page_view', where: { field: 'url', operator: 'contains', value: '/pricing' }, maxOccurrences: 3 },
		{ id: 'blog', label: 'Blog post', points: 1, eventType: 'page_view', where: { field: 'url', operator: 'contains', value: '/blog' }, maxOccurrences: 10 },
		{ id: 'careers', label: 'Careers page', points: -5, eventType: 'page_view', where: { field: 'url', operator: 'contains', value: '/careers' }, maxOccurrences: 1 },
		{ id: 'docs', label: 'Docs page', points: 2, eventType: 'page_view', where: { field: 'url', operator: 'contains', value: '/docs' }, maxOccurrences: 5, withinDays: 30 },
		{ id: 'form', label: 'Form submitted', points: 15, eventType: 'form_submit', maxOccurrences: 2 },
		{ id: 'demo', label: 'Demo request', points: 30, eventType: 'demo_request', maxOccurrences: 1 },
		{ id: 'webinar', label: 'Webinar', points: 12, eventType: 'webinar_attended', maxOccurrences: 2, withinDays: 90 },
		{ id: 'open', label: 'Email opened', points: 1, eventType: 'email_open', maxOccurrences: 10, withinDays: 30 },
		{ id: 'click', label: 'Email clicked', points: 3, eventType: 'email_click', maxOccurrences: 5, withinDays: 30 },
		{ id: 'unsubscribe', label: 'Unsubscribed', points: -20, eventType: 'unsubscribe', maxOccurrences: 1 },
		{ id: 'bounce', label: 'Bounced', points: -10, eventType: 'email_bounce', maxOccurrences: 1 },
		{ id: 'trial', label: 'Trial signup', points: 25, eventType: 'trial_signup', maxOccurrences: 1 },
		{ id: 'whitepaper', label: 'Whitepaper', points: 8, eventType: 'content_download', where: { field: 'asset', operator: 'contains', value: 'whitepaper' }, maxOccurrences: 3 },
		{ id: 'meeting', label: 'Meeting booked', points: 20, eventType: 'meeting_booked', maxOccurrences: 1, withinDays: 60 },
	],
};

const TITLES = [
	'VP Marketing', 'VP of Sales', 'Director of IT', 'Marketing Director', 'Head of Growth', 'Marketing Manager',
	'Software Engineer', 'Intern', 'Marketing Intern', 'Student', 'CEO', 'CTO', 'Founder', 'Consultant', 'Sales Representative',
];
const INDUSTRIES = ['software', 'saas', 'fintech', 'education', 'retail', 'manufacturing', 'healthcare', 'media'];
const COUNTRIES = ['US', 'CA', 'GB', 'DE', 'FR', 'IN', 'BR', 'AU', 'JP', 'NL'];
const SOURCES = ['organic', 'paid', 'referral', 'event', 'outbound'];
const PAGES = ['/', '/pricing', '/pricing/enterprise', '/blog/scoring-101', '/blog/decay', '/careers', '/docs/api', '/docs/start', '/features', '/about'];
const ASSETS = ['whitepaper-roi.pdf', 'whitepaper-security.pdf', 'case-study.pdf', 'datasheet.pdf'];
const EVENT_TYPES = [
	['page_view', 45], ['email_open', 20], ['email_click', 10], ['form_submit', 4], ['content_download', 5],
	['webinar_attended', 3], ['demo_request', 2], ['trial_signup', 2], ['meeting_booked', 2], ['unsubscribe', 1],
	['email_bounce', 1], ['chat_message', 5],
];

/**
 * `timeFormat`: 'iso' (default) writes ISO 8601 text as form tools, email platforms and CRMs send it
 * ("2026-10-03T14:21:07.123Z"); 'epoch' the same instants as epoch milliseconds. Both draw the same random stream,
 * so the two workloads hold the same events at the same instants.
 */
function makeEvent(random, asOf, timeFormat = 'iso') {
	const type = weighted(random, EVENT_TYPES);
	// Whole milliseconds in the 180 days before asOf: no event lies in the future.
	const instant = asOf - Math.floor(random() * 180 * DAY_MS);
	const event = { type, timestamp: timeFormat === 'epoch' ? instant : new Date(instant).toISOString() };
	if (type === 'page_view') event.url = pick(random, PAGES);
	else if (type === 'content_download') event.asset = pick(random, ASSETS);
	return event;
}

/**
 * One lead. Event counts are skewed toward few (0..maxEvents, cubed uniform: median about an eighth of the
 * maximum), as in real CRMs where most contacts did little. Some fields are missing, as in real data.
 */
function makeLead(random, index, { maxEvents = 60, asOf = AS_OF, timeFormat = 'iso' } = {}) {
	const domain = random() < 0.35 ? pick(random, FREE_MAIL) : `company${Math.floor(random() * 5000)}.example`;
	const lead = {
		id: `lead-${index}`,
		email: `person${index}@${domain}`,
		jobTitle: pick(random, TITLES),
		country: pick(random, COUNTRIES),
		leadSource: pick(random, SOURCES),
		company: { name: `Company ${index}`, industry: pick(random, INDUSTRIES) },
	};
	if (random() < 0.9) lead.company.employees = Math.floor(Math.exp(random() * Math.log(50_000)));
	if (random() < 0.6) lead.annualRevenue = Math.floor(Math.exp(random() * Math.log(1e9)));
	const count = Math.floor((maxEvents + 1) * random() ** 3);
	lead.events = Array.from({ length: count }, () => makeEvent(random, asOf, timeFormat));
	return lead;
}

function makeLeads(count, seed = 42, options) {
	const random = mulberry32(seed);
	return Array.from({ length: count }, (_, i) => makeLead(random, i, options));
}

/** Leads with exactly `events` events each, of `types` event types named type_0..; for the scaling runs. */
function makeScalingLeads(count, events, types, seed = 7) {
	const random = mulberry32(seed);
	return Array.from({ length: count }, (_, i) => ({
		id: `lead-${i}`,
		jobTitle: pick(random, TITLES),
		company: { employees: Math.floor(random() * 10_000) },
		events: Array.from({ length: events }, () => ({
			type: `type_${Math.floor(random() * types)}`,
			url: pick(random, PAGES),
			timestamp: AS_OF - Math.floor(random() * 180 * DAY_MS),
		})),
	}));
}

/**
 * A model with `rules` rules: a tenth fit rules, the rest engagement rules over rules/2 event types (two rules
 * per type: one plain, one with a url filter and a 30-day window), so every event meets two candidate rules.
 */
function makeScalingModel(rules) {
	const fitCount = Math.max(1, Math.round(rules / 10));
	const engagementCount = rules - fitCount;
	const types = Math.max(1, Math.ceil(engagementCount / 2));
	const fitRules = Array.from({ length: fitCount }, (_, i) => ({
		label: `Fit ${i}`,
		points: 1 + (i % 5),
		when: i % 2 === 0
			? { field: 'jobTitle', operator: 'contains', value: TITLES[i % TITLES.length].split(' ')[0] }
			: { field: 'company.employees', operator: 'greaterThan', value: (i * 97) % 10_000 },
	}));
	const engagementRules = Array.from({ length: engagementCount }, (_, i) => {
		const type = `type_${i % types}`;
		return i < types
			? { label: `Event ${i}`, points: 1, eventType: type, maxOccurrences: 20 }
			: { label: `Event ${i} pricing`, points: 2, eventType: type, where: { field: 'url', operator: 'contains', value: '/pricing' }, withinDays: 30 };
	});
	return { model: { name: `Scaling ${rules}`, fitRules, engagementRules }, types };
}

module.exports = { AS_OF, DAY_MS, MODEL, FREE_MAIL, mulberry32, makeLead, makeLeads, makeScalingLeads, makeScalingModel };
