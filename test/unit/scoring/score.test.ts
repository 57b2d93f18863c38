import { B2B_SAAS_MODEL, ConfigError, compileModel, modelJsonSchema, rollUpAccounts, scoreLead, type ScoringModelInput } from '../../../src';

const asOf = Date.parse('2026-11-22T00:00:00Z');
const DAY = 86_400_000;
const daysAgo = (d: number) => new Date(asOf - d * DAY).toISOString();

function score(model: Partial<ScoringModelInput>, lead: unknown, explain = true) {
	return scoreLead(compileModel({ name: 'test', ...model }), lead, { asOf, explain });
}

describe('engagement rules', () => {
	const pageView = (url: string, d: number) => ({ type: 'page_view', url, timestamp: daysAgo(d) });

	it('gives points per occurrence', () => {
		// 3 page views x 2 points = 6
		const r = score({ engagementRules: [{ label: 'View', points: 2, eventType: 'page_view' }] }, { events: [pageView('/a', 1), pageView('/b', 2), pageView('/c', 3)] });
		expect(r.engagementScore).toBe(6);
		expect(r.explanation?.contributions).toEqual([
			{ text: 'View: 3 events, +6', points: 6, rule: 'engagement rule 1', label: 'View', group: 'engagement', kind: 'engagement', matched: 3, counted: 3, cut: 0 },
		]);
	});

	it('filters on event properties', () => {
		// only the two /pricing views count: 2 x 10 = 20
		const r = score(
			{ engagementRules: [{ label: 'Pricing', points: 10, eventType: 'page_view', where: { field: 'url', operator: 'contains', value: '/pricing' } }] },
			{ events: [pageView('/pricing', 1), pageView('/blog', 1), pageView('/pricing/enterprise', 2)] },
		);
		expect(r.engagementScore).toBe(20);
		expect(r.summary).toBe('+20 Pricing x2');
	});

	it('counts at most N occurrences', () => {
		const r = score({ engagementRules: [{ label: 'View', points: 2, eventType: 'page_view', maxOccurrences: 2 }] }, { events: [pageView('/a', 1), pageView('/b', 2), pageView('/c', 3)] });
		expect(r.engagementScore).toBe(4);
		// 3 matched, 2 counted: the third is a cut the explanation shows
		expect(r.explanation?.contributions[0]).toMatchObject({ text: 'View: 2 of 3 events counted (limit 2), +4', points: 4, matched: 3, counted: 2, cut: 0 });
		expect(r.summary).toBe('+4 View x2');
	});

	it('counts at most once per N days, newest first', () => {
		// events 20, 18, 10 and 1 days ago, once per 7 days, newest first:
		// 1 kept; 10 kept (9 days older); 18 kept (8 days older than 10); 20 dropped (2 days) -> 3 x 5 = 15
		const r = score(
			{ engagementRules: [{ label: 'Visit', points: 5, eventType: 'page_view', oncePerDays: 7 }] },
			{ events: [pageView('/a', 20), pageView('/a', 18), pageView('/a', 10), pageView('/a', 1)] },
		);
		expect(r.engagementScore).toBe(15);
		expect(r.explanation?.contributions[0]).toMatchObject({ text: 'Visit: 3 of 4 events counted (once per 7 days), +15', matched: 4, counted: 3 });
	});

	it('counts only events in the last N days and none after asOf', () => {
		// 40 days ago: outside the 30-day window; 10 days ago: counts; 2 days in the future: not yet
		const r = score(
			{ engagementRules: [{ label: 'Visit', points: 5, eventType: 'page_view', withinDays: 30 }] },
			{ events: [pageView('/a', 40), pageView('/a', 10), pageView('/a', -2)] },
		);
		expect(r.engagementScore).toBe(5);
	});

	it('decays each event by its own age', () => {
		// half-life 10 days: 8 points 10 days ago -> 4; 8 points 20 days ago -> 2; total 6
		const r = score(
			{ decay: { curve: 'halfLife', halfLifeDays: 10 }, engagementRules: [{ label: 'Form', points: 8, eventType: 'form_submit' }] },
			{ events: [{ type: 'form_submit', timestamp: daysAgo(10) }, { type: 'form_submit', timestamp: daysAgo(20) }] },
		);
		expect(r.engagementScore).toBe(6);
		// undecayed 2 x 8 = 16
		expect(r.explanation?.contributions[0]).toMatchObject({ text: 'Form: 2 events, +6 (faded from +16 with time)', points: 6, cut: 0 });
	});

	it('lets a rule opt out of the model decay', () => {
		const r = score(
			{
				decay: { curve: 'halfLife', halfLifeDays: 10 },
				engagementRules: [{ label: 'Unsubscribed', points: -20, eventType: 'unsubscribe', decay: 'none' }],
			},
			{ events: [{ type: 'unsubscribe', timestamp: daysAgo(100) }] },
		);
		expect(r.engagementScore).toBe(-20);
	});

	it('reads events, types and times from configured paths and epoch seconds', () => {
		const r = score(
			{
				fields: { events: 'activity.items', eventType: 'kind', eventTime: 'at' },
				engagementRules: [{ label: 'Click', points: 3, eventType: ['email_click', 'link_click'], withinDays: 7 }],
			},
			{ activity: { items: [{ kind: 'email_click', at: (asOf - DAY) / 1000 }, { kind: 'link_click', at: asOf - 2 * DAY }, { kind: 'email_open', at: asOf }] } },
		);
		expect(r.engagementScore).toBe(6);
	});

	it('reports unknown event types only when asked', () => {
		const events = { events: [{ type: 'tweet' }, { type: 'page_view' }, { type: 'podcast' }] };
		const rules = [{ label: 'View', points: 1, eventType: 'page_view' }];
		expect(score({ engagementRules: rules }, events).explanation?.unknownEventTypes).toBeUndefined();
		expect(score({ engagementRules: rules, reportUnknownEvents: true }, events).explanation?.unknownEventTypes).toEqual(['podcast', 'tweet']);
	});

	it('names the event and field of a bad event', () => {
		const rules = [{ label: 'View', points: 1, eventType: 'page_view', withinDays: 10 }];
		expect(() => score({ engagementRules: rules }, { events: [{ type: 'page_view', timestamp: daysAgo(1) }, { type: 'page_view', timestamp: 'yesterday' }] })).toThrow(
			'Field "events[1].timestamp": expected a date (ISO 8601 string, epoch seconds, milliseconds or microseconds), got "yesterday"',
		);
		expect(() => score({ engagementRules: rules }, { events: [{ type: 'page_view' }] })).toThrow('Field "events[0].timestamp"');
		expect(() => score({ engagementRules: rules }, { events: [{ kind: 'page_view' }] })).toThrow(
			'Field "events[0].type": expected an event type (text), got nothing (field missing)',
		);
		expect(() => score({ engagementRules: rules }, { events: 'page_view' })).toThrow('Field "events": expected a list of events, got "page_view"');
	});
});

describe('manual points, groups and caps', () => {
	it('counts and explains manual points with their reason', () => {
		const r = score({}, { manualPoints: '15', manualPointsReason: 'Met at trade show' });
		expect(r.score).toBe(15);
		expect(r.summary).toBe('+15 Manual adjustment: Met at trade show');
		expect(r.explanation?.contributions).toEqual([
			{ text: 'Manual adjustment: Met at trade show, +15', points: 15, rule: 'manual', label: 'Manual adjustment: Met at trade show', group: 'engagement', kind: 'engagement', matched: 1, counted: 1, cut: 0 },
		]);
		expect(() => score({}, { manualPoints: 'many' })).toThrow('Field "manualPoints": expected a number of points between -1e12 and 1e12, got "many"');
	});

	it('cuts a capped group from its last rule, and says so', () => {
		// fit rules 20 + 15 = 35, cap 30: the later rule is cut by 5 to 10
		const r = score(
			{
				groups: [{ name: 'fit', kind: 'fit', cap: 30 }],
				fitRules: [
					{ label: 'VP title', points: 20, when: { field: 'title', operator: 'contains', value: 'vp' } },
					{ label: 'Target size', points: 15, when: { field: 'size', operator: 'greaterThan', value: 50 } },
					{ label: 'Free mail', points: -10, when: { field: 'email', operator: 'isFreeEmail' } },
				],
			},
			{ title: 'VP Sales', size: 80, email: 'a@acme.io' },
		);
		expect(r.fitScore).toBe(30);
		expect(r.explanation?.contributions.map((c) => [c.text, c.points, c.cut])).toEqual([
			['VP title: +20', 20, 0],
			['Target size: +10 (cut from +15: fit group capped at 30)', 10, -5],
		]);
		expect(r.summary).toBe('+20 VP title, +10 Target size (capped from +15)');
	});

	it('applies a group floor to negative points', () => {
		// -20 - 5 = -25, floor -10: the later rule (-5) is lifted to 0, then the earlier one from -20 to -10
		const r = score(
			{
				groups: [{ name: 'engagement', kind: 'engagement', floor: -10 }],
				engagementRules: [
					{ label: 'Unsubscribed', points: -20, eventType: 'unsubscribe' },
					{ label: 'Bounce', points: -5, eventType: 'bounce' },
				],
			},
			{ events: [{ type: 'unsubscribe' }, { type: 'bounce' }] },
		);
		expect(r.engagementScore).toBe(-10);
		expect(r.explanation?.contributions.map((c) => [c.text, c.points, c.cut])).toEqual([
			['Unsubscribed: 1 event, -10 (cut from -20: engagement group floored at -10)', -10, 10],
			['Bounce: 1 event, +0 (cut from -5: engagement group floored at -10)', 0, 5],
		]);
	});

	it('keeps named groups apart, each with its own cap, inside fit or engagement', () => {
		// webinar group: 3 webinars x 15 = 45, capped at 20; email group: 2 clicks x 3 = 6
		const r = score(
			{
				groups: [
					{ name: 'events', kind: 'engagement', cap: 20 },
					{ name: 'email', kind: 'engagement' },
				],
				engagementRules: [
					{ label: 'Webinar', points: 15, eventType: 'webinar', group: 'events' },
					{ label: 'Click', points: 3, eventType: 'click', group: 'email' },
				],
			},
			{ events: [{ type: 'webinar' }, { type: 'webinar' }, { type: 'webinar' }, { type: 'click' }, { type: 'click' }] },
		);
		expect(r.engagementScore).toBe(26);
	});

	it('limits the total with floor and ceiling, as an explained entry', () => {
		const rules = [{ label: 'Big', points: 80, when: { field: 'x', operator: 'equals', value: 1 } as const }];
		const high = score({ total: { ceiling: 50 }, fitRules: rules }, { x: 1 });
		expect([high.score, high.fitScore]).toEqual([50, 80]);
		expect(high.summary).toBe('+80 Big, capped at 50');
		expect(high.explanation?.contributions.at(-1)).toEqual({
			text: 'Score ceiling: 80 capped at 50, -30',
			points: -30,
			rule: 'total',
			label: 'capped at 50',
			group: 'total',
			kind: 'total',
			matched: 0,
			counted: 0,
			cut: -30,
		});
		// The ceiling is a cut, not a reason
		expect(high.topReasons).toEqual(['+80 Big']);
		const low = score({ total: { floor: 0 }, fitRules: [{ label: 'Student', points: -15, when: { field: 'x', operator: 'equals', value: 1 } }] }, { x: 1 });
		expect([low.score, low.summary]).toEqual([0, '-15 Student, raised to floor 0']);
		expect(low.explanation?.contributions.at(-1)).toMatchObject({ text: 'Score floor: -15 raised to 0, +15', points: 15, cut: 15 });
	});
});

describe('result', () => {
	it('grades fit, levels engagement and labels the grid cell', () => {
		// fit 30 -> B (30 <= fit < 45); engagement 25 -> level 2 (20 <= e < 40)
		const r = score(
			{
				fitRules: [{ label: 'Fit', points: 30, when: { field: 'ok', operator: 'equals', value: true } }],
				engagementRules: [{ label: 'Demo', points: 25, eventType: 'demo' }],
			},
			{ ok: true, events: [{ type: 'demo' }] },
		);
		expect([r.grade, r.engagementLevel, r.label, r.score]).toEqual(['B', '2', 'B2', 55]);
	});

	it('gives the lowest grade below every band and rounds to the model decimals', () => {
		const r = score(
			{ decimals: 1, decay: { curve: 'halfLife', halfLifeDays: 3 }, engagementRules: [{ label: 'Click', points: 10, eventType: 'click' }] },
			{ events: [{ type: 'click', timestamp: daysAgo(1) }] },
		);
		// 10 x 0.5^(1/3) = 7.937... -> 7.9
		expect([r.engagementScore, r.grade, r.label]).toEqual([7.9, 'D', 'D3']);
	});

	it('carries the model identity and asOf; the hash ignores key order', () => {
		const a = compileModel({ name: 'M', version: '2', fitRules: [{ label: 'x', points: 1, when: { field: 'a', operator: 'isEmpty' } }] });
		const b = compileModel({ fitRules: [{ when: { operator: 'isEmpty', field: 'a' }, points: 1, label: 'x' }], version: '2', name: 'M' });
		const c = compileModel({ name: 'M', version: '2', fitRules: [{ label: 'x', points: 2, when: { field: 'a', operator: 'isEmpty' } }] });
		expect(a.hash).toBe(b.hash);
		expect(a.hash).not.toBe(c.hash);
		expect(a.hash).toMatch(/^[0-9a-f]{16}$/);
		const r = scoreLead(a, {}, { asOf });
		expect(r.model).toEqual({ name: 'M', version: '2', hash: a.hash });
		expect(r.asOf).toBe('2026-11-22T00:00:00.000Z');
		expect(r.explanation).toBeUndefined();
		expect(r.summary).toBe('+1 x');
	});
});

describe('readable results', () => {
	const model: Partial<ScoringModelInput> = {
		groups: [{ name: 'fit', kind: 'fit', cap: 30 }],
		fitRules: [
			{ id: 'senior', label: 'Senior title', points: 30, when: { field: 'title', operator: 'contains', value: 'vp' } },
			{ label: 'Company size', points: 15, when: { field: 'employees', operator: 'greaterThan', value: 50 } },
			{ label: 'Free mail', points: -10, when: { field: 'email', operator: 'isFreeEmail' } },
		],
		engagementRules: [
			{ label: 'Pricing page', points: 10, eventType: 'page_view', where: { field: 'url', operator: 'contains', value: '/pricing' }, maxOccurrences: 3 },
			{ label: 'Email open', points: 1, eventType: 'email_open' },
		],
		total: { ceiling: 60 },
	};
	const pricing = { type: 'page_view', url: '/pricing', timestamp: daysAgo(1) };
	const lead = { title: 'VP Sales', employees: 200, email: 'vp@gmail.com', events: [pricing, pricing, pricing, pricing, { type: 'email_open' }, { type: 'email_open' }] };

	it('leads with score, grade, summary and the top three reasons, and explains every entry in words and numbers', () => {
		// fit: 30 + 15 - 10 = 35 > cap 30: the last positive rule (Company size) is cut by 5 to 10; fit 30 (grade B)
		// engagement: pricing 4 matched, 3 counted x 10 = 30; email open 2 x 1 = 2; engagement 32 (level 2)
		// total 62 > ceiling 60: 60, an entry of -2
		const r = score(model, lead);
		expect(Object.keys(r)).toEqual(['score', 'grade', 'summary', 'topReasons', 'label', 'fitScore', 'engagementScore', 'engagementLevel', 'lastActivityAt', 'decayFrom', 'asOf', 'bounds', 'model', 'explanation']);
		expect([r.score, r.grade, r.label, r.fitScore, r.engagementScore]).toEqual([60, 'B', 'B2', 30, 32]);
		expect(r.summary).toBe('+30 Senior title, +10 Company size (capped from +15), -10 Free mail, +30 Pricing page x3, +2 Email open x2, capped at 60');
		// |points| 30, 10, 10, 30, 2: the two 30s in the model's order, then the first 10
		expect(r.topReasons).toEqual(['+30 Senior title', '+30 Pricing page x3', '+10 Company size (capped from +15)']);
		expect(r.explanation?.contributions).toEqual([
			{ text: 'Senior title: +30', points: 30, rule: 'senior', label: 'Senior title', group: 'fit', kind: 'fit', matched: 1, counted: 1, cut: 0 },
			{ text: 'Company size: +10 (cut from +15: fit group capped at 30)', points: 10, rule: 'fit rule 2', label: 'Company size', group: 'fit', kind: 'fit', matched: 1, counted: 1, cut: -5 },
			{ text: 'Free mail: -10', points: -10, rule: 'fit rule 3', label: 'Free mail', group: 'fit', kind: 'fit', matched: 1, counted: 1, cut: 0 },
			{
				text: 'Pricing page: 3 of 4 events counted (limit 3), +30',
				points: 30,
				rule: 'engagement rule 1',
				label: 'Pricing page',
				group: 'engagement',
				kind: 'engagement',
				matched: 4,
				counted: 3,
				cut: 0,
			},
			{ text: 'Email open: 2 events, +2', points: 2, rule: 'engagement rule 2', label: 'Email open', group: 'engagement', kind: 'engagement', matched: 2, counted: 2, cut: 0 },
			{ text: 'Score ceiling: 62 capped at 60, -2', points: -2, rule: 'total', label: 'capped at 60', group: 'total', kind: 'total', matched: 0, counted: 0, cut: -2 },
		]);
	});

	it('keeps the summary and top reasons without the explanation, and none for a lead no rule matched', () => {
		const r = score(model, lead, false);
		expect(r.explanation).toBeUndefined();
		expect(r.topReasons).toEqual(['+30 Senior title', '+30 Pricing page x3', '+10 Company size (capped from +15)']);
		const nothing = score(model, { title: 'Engineer', employees: 3, email: 'a@acme.io' });
		expect([nothing.summary, nothing.topReasons, nothing.explanation?.contributions]).toEqual(['no rule matched', [], []]);
	});

	it('names a rule without an id by its place, unless another rule uses that name as its id', () => {
		const when = { field: 'a', operator: 'equals', value: 1 } as const;
		const r = score({ fitRules: [{ id: 'fit rule 2', label: 'One', points: 1, when }, { label: 'Two', points: 2, when }] }, { a: 1 });
		expect(r.explanation?.contributions.map((c) => c.rule)).toEqual(['fit rule 2', 'fitRules[1]']);
		// A rule that matches with 0 points is listed but is no reason
		const zero = score({ fitRules: [{ label: 'Zero', points: 0, when }] }, { a: 1 });
		expect([zero.topReasons, zero.explanation?.contributions.map((c) => c.text)]).toEqual([[], ['Zero: +0']]);
	});
});

describe('model validation', () => {
	it('lists every problem by path before any lead is scored', () => {
		let error: ConfigError | undefined;
		try {
			compileModel({
				name: 'bad',
				fitRules: [
					{ id: 'a', label: 'ok', points: 1, when: { field: 'x', operator: 'isEmpty' } },
					{ id: 'a', label: 'dup', points: 1, when: { field: 'x', operator: 'equalz', value: 1 } },
					{ label: 'group', points: 1, group: 'nope', when: { field: 'x', operator: 'between', value: [5, 1] } },
				],
				engagementRules: [{ label: 'pattern', points: 1, eventType: 'x', where: { field: 'u', operator: 'matches', value: '(a' } }],
			});
		} catch (e) {
			error = e as ConfigError;
		}
		expect(error).toBeInstanceOf(ConfigError);
		const paths = error?.issues.map((i) => i.path);
		// the bad pattern is found in the same pass, with its exact path
		expect(paths).toEqual(['fitRules[1] ("dup").when.operator', 'fitRules[2] ("group").when.value', 'engagementRules[0] ("pattern").where.value']);
		expect(error?.issues[2].message).toBe('unclosed group "(" at position 0 of the pattern');
		expect(error?.issues[0].message).toMatch(/^Invalid option: expected one of "equals"\|"notEquals"/);
		expect(error?.issues[1].message).toBe('operator "between" needs [min, max] numbers with min <= max');
		expect(error?.message).toMatch(/^Invalid scoring model: /);
	});

	it('reports semantic problems (groups, ids, patterns) with their paths', () => {
		expect(() =>
			compileModel({
				name: 'bad',
				fitRules: [
					{ id: 'a', label: 'ok', points: 1, when: { field: 'x', operator: 'isEmpty' } },
					{ id: 'a', label: 'dup', points: 1, group: 'nope', when: { field: 'x', operator: 'isEmpty' } },
				],
			}),
		).toThrow(/fitRules\[1\] \("dup"\)\.group: unknown group "nope".*fitRules\[1\] \("dup"\)\.id: duplicate rule id "a" \(also the id of rule "ok"\)/);
		expect(() =>
			compileModel({ name: 'bad', engagementRules: [{ label: 'p', points: 1, eventType: 'x', where: { field: 'u', operator: 'matches', value: '(a' } }] }),
		).toThrow('Invalid scoring model: engagementRules[0] ("p").where.value: unclosed group "(" at position 0 of the pattern');
		expect(() => compileModel({ name: 'bad', grades: [{ grade: 'A', minFit: 10 }, { grade: 'B', minFit: 20 }] })).toThrow(
			'grades[1] ("B"): thresholds must be listed from highest to lowest',
		);
	});
});

describe('accounts', () => {
	it('rolls up best fit, summed and capped engagement, and engaged contacts', () => {
		const model = compileModel({
			name: 'acc',
			account: { key: 'company.domain', engagementCap: 50 },
			fitRules: [{ label: 'VP', points: 30, when: { field: 'title', operator: 'equals', value: 'VP' } }],
			engagementRules: [{ label: 'Demo', points: 20, eventType: 'demo' }],
		});
		const leads = [
			{ title: 'VP', events: [{ type: 'demo' }] },
			{ title: 'Dev', events: [{ type: 'demo' }, { type: 'demo' }] },
			{ title: 'Dev' },
		];
		const scored = leads.map((lead, index) => ({ account: 'acme.io', result: scoreLead(model, lead, { asOf }), index }));
		// fit = max(30, 0, 0) = 30; engagement = 20 + 40 + 0 = 60, capped at 50; total 80; 2 of 3 contacts engaged
		expect(rollUpAccounts(model, scored)).toEqual([
			{ account: 'acme.io', fitScore: 30, engagementScore: 50, score: 80, grade: 'B', engagementLevel: '1', label: 'B1', contacts: 3, engagedContacts: 2, leadIndexes: [0, 1, 2] },
		]);
	});
});

describe('B2B SaaS preset', () => {
	it('scores a typical hot lead, worked out by hand', () => {
		const lead = {
			email: 'dana@acme.io',
			jobTitle: 'VP Marketing',
			company: { employees: 250, industry: 'Software' },
			events: [
				{ type: 'page_view', url: '/pricing', timestamp: daysAgo(0) },
				{ type: 'page_view', url: '/pricing', timestamp: daysAgo(30) },
				{ type: 'demo_request', timestamp: daysAgo(0) },
			],
		};
		// fit: senior title 20 + size 15 + industry 10 + company email 10 = 55, capped at 50 (company email cut to 5)
		// engagement (half-life 30 days): demo 30 + pricing 10 (today) + 10 x 0.5 (30 days) = 45
		const r = score(B2B_SAAS_MODEL, lead);
		expect([r.fitScore, r.engagementScore, r.score, r.grade, r.label]).toEqual([50, 45, 95, 'A', 'A1']);
		expect(r.summary).toBe('+20 Senior title, +15 Company size 50-5000, +10 Target industry, +5 Company email (capped from +10), +30 Demo request, +15 Pricing page x2');
	});
});

describe('JSON Schema of the model', () => {
	it('describes the model for editors: required name, rule lists, operators, decay curves', () => {
		const schema = modelJsonSchema() as any;
		expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
		expect(schema.required).toEqual(['name']);
		expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['fitRules', 'engagementRules', 'groups', 'decay', 'grades', 'account']));
		const text = JSON.stringify(schema);
		for (const operator of ['equals', 'between', 'isFreeEmail', 'matches']) expect(text).toContain(`"${operator}"`);
		for (const curve of ['halfLife', 'compoundingPercent', 'linearPercent', 'pointsPerDay', 'window']) expect(text).toContain(`"${curve}"`);
	});
});

describe('events dated after asOf', () => {
	const rules = [{ label: 'Demo', points: 30, eventType: 'demo_request' }, { label: 'Docs', points: 2, eventType: 'page_view', withinDays: 30, decay: { curve: 'halfLife' as const, halfLifeDays: 10 } }];
	const compiled = compileModel({ name: 'ahead', engagementRules: rules });
	const minutesAhead = (m: number) => new Date(asOf + m * 60_000).toISOString();

	it('counts events within the tolerance as happening at asOf, and reports the rest with the first of them', () => {
		const lead = {
			events: [
				{ type: 'demo_request', timestamp: minutesAhead(4) }, // a sender's clock 4 minutes ahead: counted, at asOf
				{ type: 'page_view', timestamp: minutesAhead(5) }, // exactly at the tolerance: counted, unfaded (age 0)
				{ type: 'page_view', timestamp: minutesAhead(6) }, // beyond: left out
				{ type: 'demo_request', timestamp: '2026-11-23T00:00:00Z' }, // a day ahead: left out
				{ type: 'chat', timestamp: minutesAhead(600) }, // no rule for it: not reported
			],
		};
		const r = scoreLead(compiled, lead, { asOf, explain: true, aheadToleranceMs: 5 * 60_000 });
		// Demo 30 (one counted; the second is a day ahead) + Docs 2 (age 0, no fading) = 32
		expect(r.engagementScore).toBe(32);
		expect(r.lastActivityAt).toBe('2026-11-22T00:00:00.000Z');
		expect(r.eventsAfterAsOf).toEqual({ count: 2, firstField: 'events[2].timestamp', firstValue: minutesAhead(6) });
	});

	it('is strict by default (the library scores as of asOf), and absent when every event is on time', () => {
		const lead = { events: [{ type: 'demo_request', timestamp: minutesAhead(1) }] };
		const strict = scoreLead(compiled, lead, { asOf });
		expect(strict.score).toBe(0);
		expect(strict.lastActivityAt).toBeNull();
		expect(strict.eventsAfterAsOf).toEqual({ count: 1, firstField: 'events[0].timestamp', firstValue: minutesAhead(1) });
		expect(scoreLead(compiled, { events: [{ type: 'demo_request', timestamp: daysAgo(1) }] }, { asOf }).eventsAfterAsOf).toBeUndefined();
	});

	it('reads microsecond epochs as the instant they name instead of 50,000 years ahead', () => {
		const r = scoreLead(compiled, { events: [{ type: 'demo_request', timestamp: (asOf - DAY) * 1000 }] }, { asOf });
		expect(r.score).toBe(30);
		expect(r.lastActivityAt).toBe('2026-11-21T00:00:00.000Z');
		expect(r.eventsAfterAsOf).toBeUndefined();
	});
});
