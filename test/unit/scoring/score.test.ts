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
			{ rule: 'engagementRules[0]', label: 'View', group: 'engagement', kind: 'engagement', points: 6, rawPoints: 6, matches: 3, capped: false },
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
	});

	it('counts at most once per N days, newest first', () => {
		// events 20, 18, 10 and 1 days ago, once per 7 days, newest first:
		// 1 kept; 10 kept (9 days older); 18 kept (8 days older than 10); 20 dropped (2 days) -> 3 x 5 = 15
		const r = score(
			{ engagementRules: [{ label: 'Visit', points: 5, eventType: 'page_view', oncePerDays: 7 }] },
			{ events: [pageView('/a', 20), pageView('/a', 18), pageView('/a', 10), pageView('/a', 1)] },
		);
		expect(r.engagementScore).toBe(15);
		expect(r.explanation?.contributions[0].matches).toBe(3);
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
			'Field "events[1].timestamp": expected a date (ISO 8601 string, epoch seconds or epoch milliseconds), got "yesterday"',
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
		expect(r.explanation?.contributions.map((c) => [c.label, c.points, c.rawPoints, c.capped])).toEqual([
			['VP title', 20, 20, false],
			['Target size', 10, 15, true],
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
		expect(r.explanation?.contributions.map((c) => c.points)).toEqual([-10, 0]);
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
		expect(high.explanation?.contributions.at(-1)).toMatchObject({ rule: 'total', points: -30 });
		const low = score({ total: { floor: 0 }, fitRules: [{ label: 'Student', points: -15, when: { field: 'x', operator: 'equals', value: 1 } }] }, { x: 1 });
		expect([low.score, low.summary]).toEqual([0, '-15 Student, raised to floor 0']);
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
		expect(paths).toEqual(['fitRules[1].when.operator', 'fitRules[2].when.value', 'engagementRules[0].where.value']);
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
		).toThrow(/fitRules\[1\]\.group: unknown group "nope".*fitRules\[1\]\.id: duplicate rule id "a"/);
		expect(() =>
			compileModel({ name: 'bad', engagementRules: [{ label: 'p', points: 1, eventType: 'x', where: { field: 'u', operator: 'matches', value: '(a' } }] }),
		).toThrow('Invalid scoring model: engagementRules[0].where.value: unclosed group "(" at position 0 of the pattern');
		expect(() => compileModel({ name: 'bad', grades: [{ grade: 'A', minFit: 10 }, { grade: 'B', minFit: 20 }] })).toThrow(
			'grades[1]: thresholds must be listed from highest to lowest',
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
