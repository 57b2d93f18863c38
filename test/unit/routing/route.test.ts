import { ConfigError, InputError } from '../../../src/errors';
import { fmix64, fnv1a64, stableHash64, stableUnitInterval } from '../../../src/routing/hash';
import { leadPriority } from '../../../src/routing/priority';
import {
	compileRouting,
	emptyRoutingState,
	loadRoutingState,
	routeLead,
	storeRoutingState,
	type RoutingSettingsInput,
	type RoutingState,
} from '../../../src/routing/route';

// Tuesday 2026-11-24 10:00Z: 11:00 in Berlin, 05:00 in New York.
const AS_OF = Date.UTC(2026, 10, 24, 10, 0);
const OFFICE = { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' };

function settings(overrides: Partial<RoutingSettingsInput> = {}): RoutingSettingsInput {
	return {
		reps: [
			{ id: 'ana', name: 'Ana', email: 'ana@example.com', team: 'EMEA', timeZone: 'Europe/Berlin', workingHours: OFFICE },
			{ id: 'ben', name: 'Ben', team: 'EMEA', timeZone: 'Europe/Berlin', workingHours: OFFICE },
			{ id: 'cai', name: 'Cai', team: 'EMEA', timeZone: 'Europe/Berlin', workingHours: OFFICE },
		],
		...overrides,
	};
}

/** Routes leads one after another, threading the state like the node does. */
function routeAll(input: RoutingSettingsInput, leads: unknown[], state: RoutingState = emptyRoutingState(), asOf = AS_OF) {
	const routing = compileRouting(input);
	const decisions = [];
	for (const lead of leads) {
		const result = routeLead(lead, routing, state, asOf);
		decisions.push(result.decision);
		state = result.state;
	}
	return { decisions, owners: decisions.map((d) => d.owner), state };
}

const leads = (n: number) => Array.from({ length: n }, (_, i) => ({ email: `lead-${i}@example.com` }));

describe('round robin', () => {
	it('takes the reps in list order and wraps around, with a turn counter per rep', () => {
		const { owners, state } = routeAll(settings({ method: 'roundRobin' }), leads(4));
		expect(owners).toEqual(['ana', 'ben', 'cai', 'ana']);
		// No rules and no default team: the pool is every rep, team ''.
		expect(storeRoutingState(state).pointers).toEqual({ '': { ana: 2, ben: 1, cai: 1 } });
	});

	it('continues from the stored turns, skipping unavailable reps; a rep away while the others pass is raised to their level', () => {
		const state = loadRoutingState({ pointers: { '': { ana: 1, ben: 0, cai: 0 } } });
		const input = settings({ method: 'roundRobin' });
		(input.reps as Array<Record<string, unknown>>)[1].active = false;
		const { owners, decisions, state: after } = routeAll(input, leads(3), state);
		// cai 0 -> 1 (ben 0 is not below level 0: keeps the turn); ana 1 -> 2, ben raised to 1; cai 1 -> 2.
		expect(owners).toEqual(['cai', 'ana', 'cai']);
		expect(storeRoutingState(after).pointers).toEqual({ '': { ana: 2, ben: 1, cai: 2 } });
		expect(decisions[0].reasons).toEqual([
			'no routing rules: all reps',
			'skipped Ben: inactive',
			'chose Cai by round robin (next in turn, turn 1)',
			'priority P4: no stage, score or grade',
		]);
	});

	it('starts at the top when the reps with turns have left the list', () => {
		const { owners } = routeAll(settings({ method: 'roundRobin' }), leads(1), loadRoutingState({ pointers: { '': { gone: 5 } } }));
		expect(owners).toEqual(['ana']);
	});
});

describe('weighted round robin', () => {
	it('gives the lowest pointer the lead and grows it by 1/weight, ties to the earlier rep', () => {
		// Pointers (A weight 2, B weight 1): A 0->0.5, B 0->1, A 0.5->1, tie 1/1 -> A 1->1.5, B 1->2, A 1.5->2.
		const input = { reps: [{ id: 'A', weight: 2 }, { id: 'B' }], method: 'weightedRoundRobin' as const };
		const { owners, state } = routeAll(input, leads(6));
		expect(owners).toEqual(['A', 'B', 'A', 'A', 'B', 'A']);
		expect(storeRoutingState(state).pointers).toEqual({ '': { A: 2, B: 2 } });
	});

	it('starts a new rep level with the lowest pointer and raises a skipped rep to the winner', () => {
		const input = {
			reps: [{ id: 'A' }, { id: 'B', active: false }, { id: 'C' }],
			method: 'weightedRoundRobin' as const,
		};
		// A 3, B 1 (inactive), C new -> starts at min(3, 1) = 1 and wins; B is raised to C's 1 (not below it).
		// Next: A 3 vs C 2 -> C (2 -> 3); B raised to 2. Then A 3 ties C 3 -> A.
		const { owners, state } = routeAll(input, leads(3), loadRoutingState({ pointers: { '': { A: 3, B: 1 } } }));
		expect(owners).toEqual(['C', 'C', 'A']);
		expect(storeRoutingState(state).pointers['']).toEqual({ A: 4, B: 3, C: 3 });
	});
});

describe('sticky', () => {
	it('uses a fixed hash: FNV-1a 64 (standard vectors) then MurmurHash3 fmix64', () => {
		expect(fnv1a64('')).toBe(0xcbf29ce484222325n);
		expect(fnv1a64('a')).toBe(0xaf63dc4c8601ec8cn);
		expect(fnv1a64('foobar')).toBe(0x85944171f73967e8n);
		expect(fmix64(1n)).toBe(0xb456bcfc34c2cb2cn);
		// Worked out independently (Python): fmix64(0xdb18fb4091c0bdea) = 0x700ee2d731ef1f1e; top 53 bits + 0.5 over 2^53.
		expect(stableHash64('ana@example.com\u0000ana')).toBe(0x700ee2d731ef1f1en);
		expect(stableUnitInterval('ana@example.com\u0000ana')).toBeCloseTo(0.43772714380059735, 15);
	});

	it('sends a lead to the rep with the highest -weight/ln(u) and its next choice when that rep is away', () => {
		const score = (key: string, id: string, weight = 1) => -weight / Math.log(stableUnitInterval(`${key}\u0000${id}`));
		const key = 'lead-7@example.com';
		const ranked = ['ana', 'ben', 'cai'].sort((a, b) => score(key, b) - score(key, a));
		const input = settings({ method: 'sticky' });
		expect(routeAll(input, [{ email: 'Lead-7@Example.com ' }]).owners).toEqual([ranked[0]]);
		(input.reps as Array<Record<string, unknown>>).find((r) => r.id === ranked[0])!.outOfOffice = { to: '2026-12-01' };
		const { owners, decisions } = routeAll(input, [{ email: key }]);
		expect(owners).toEqual([ranked[1]]);
		expect(decisions[0].reasons[2]).toBe(`chose ${decisions[0].rep!.name} by sticky hashing of the lead key "${key}"`);
	});

	it('fails the item, naming the field, when the lead has no key', () => {
		const routing = compileRouting(settings({ method: 'sticky' }));
		expect(() => routeLead({ email: '' }, routing, emptyRoutingState(), AS_OF)).toThrow(InputError);
		expect(() => routeLead({}, routing, emptyRoutingState(), AS_OF)).toThrow('Field "email": expected a lead key');
	});
});

describe('least loaded', () => {
	it('picks the lowest (open + 1) / (weight x capacity) and counts leads given out in the run', () => {
		const input = {
			method: 'leastLoaded' as const,
			reps: [
				{ id: 'A', capacity: 10, openLeads: 3 }, // 4/10 = 0.4
				{ id: 'B', capacity: 20, openLeads: 5 }, // 6/20 = 0.3
				{ id: 'C', capacity: 2, openLeads: 1 }, // 2/2 = 1
			],
		};
		// B (0.3) -> B now 7/20 = 0.35 < 0.4 -> B -> 8/20 = 0.4 ties A's 0.4 -> A (earlier) -> A 5/10 = 0.5 vs B 0.4 -> B.
		const { owners, decisions } = routeAll(input, leads(4));
		expect(owners).toEqual(['B', 'B', 'A', 'B']);
		expect(decisions[2].reasons[1]).toBe('chose A as least loaded (3 of 10 open leads, weight 1, load 0.4 after this lead)');
	});
});

describe('skip reasons', () => {
	const team = (patch: Record<string, unknown>) => ({
		method: 'roundRobin' as const,
		respectWorkingHours: true,
		reps: [
			{ id: 'x', name: 'Xia', timeZone: 'America/New_York', workingHours: OFFICE, ...patch },
			{ id: 'z', name: 'Zoe' },
		],
	});
	const firstSkip = (patch: Record<string, unknown>) => routeAll(team(patch), leads(1)).decisions[0];

	it('says why each rep was passed over, in words', () => {
		expect(firstSkip({ timeZone: 'UTC', active: false }).skipped).toEqual([{ repId: 'x', reason: 'inactive', text: 'skipped Xia: inactive' }]);
		// A bare date is midnight on the rep's calendar: 2026-12-01 00:00 in New York.
		expect(firstSkip({ timeZone: 'UTC', outOfOffice: { from: '2026-11-20', to: '2026-12-01' } }).skipped[0].text).toBe(
			'skipped Xia: out of office until 2026-12-01',
		);
		expect(firstSkip({ timeZone: 'UTC', outOfOffice: { to: '2026-11-24T15:30:00Z' } }).skipped[0].text).toBe(
			'skipped Xia: out of office until 2026-11-24 15:30',
		);
		expect(firstSkip({ timeZone: 'UTC', outOfOffice: { from: '2026-11-01' } }).skipped[0].text).toBe('skipped Xia: out of office');
		expect(firstSkip({ timeZone: 'UTC', capacity: 5, openLeads: 5 }).skipped[0].text).toBe('skipped Xia: at capacity (5 of 5 open leads)');
		expect(firstSkip({}).skipped[0]).toEqual({
			repId: 'x',
			reason: 'outsideWorkingHours',
			text: 'skipped Xia: outside working hours (Tue 05:00 in America/New_York)',
		});
	});

	it("reads an absence without a zone on the rep's own clock", () => {
		// Until 12:00 in Berlin = 11:00Z: still away at 10:00Z, back at 11:00Z.
		const berlin = { timeZone: 'Europe/Berlin', workingHours: undefined, outOfOffice: { to: '2026-11-24T12:00:00' } };
		expect(firstSkip(berlin).skipped[0].text).toBe('skipped Xia: out of office until 2026-11-24 12:00');
		expect(routeAll(team(berlin), leads(1), emptyRoutingState(), Date.UTC(2026, 10, 24, 11, 0)).owners).toEqual(['x']);
	});

	it('takes a rep whose absence is over or not yet begun, and ignores hours unless asked', () => {
		expect(firstSkip({ timeZone: 'UTC', outOfOffice: { from: '2026-11-10', to: '2026-11-24T10:00:00Z' } }).owner).toBe('x');
		expect(firstSkip({ timeZone: 'UTC', outOfOffice: { from: '2026-11-24T10:00:01Z' } }).owner).toBe('x');
		expect(routeAll({ ...team({}), respectWorkingHours: false }, leads(1)).owners).toEqual(['x']);
	});

	it('fills a rep up to capacity within one run, then skips them', () => {
		const { owners, decisions } = routeAll({ method: 'roundRobin', reps: [{ id: 'A', capacity: 1 }, { id: 'B' }] }, leads(3));
		expect(owners).toEqual(['A', 'B', 'B']);
		expect(decisions[2].reasons[1]).toBe('skipped A: at capacity (1 of 1 open leads)');
	});
});

describe('rules, current owner and fallback', () => {
	const regional = (overrides: Partial<RoutingSettingsInput> = {}): RoutingSettingsInput => ({
		reps: [
			{ id: 'ana', team: 'DACH', email: 'Ana@Example.com' },
			{ id: 'bob', team: 'US' },
			{ id: 'eve', team: 'Rest' },
		],
		rules: [
			{ name: 'DACH', when: [{ field: 'country', operator: 'in', value: ['DE', 'AT', 'CH'] }], team: 'DACH' },
			{
				name: 'US enterprise',
				when: [
					{ field: 'country', operator: 'equals', value: 'us' },
					{ field: 'company.size', operator: 'greaterOrEqual', value: 500 },
				],
				team: 'US',
			},
		],
		defaultTeam: 'Rest',
		...overrides,
	});

	it('lets the first matching rule pick the team and falls back to the default team', () => {
		const { decisions } = routeAll(regional(), [
			{ country: 'at' },
			{ country: 'US', company: { size: '1200' } },
			{ country: 'US', company: { size: 20 } },
			{},
		]);
		expect(decisions.map((d) => [d.rule, d.team, d.owner])).toEqual([
			['DACH', 'DACH', 'ana'],
			['US enterprise', 'US', 'bob'],
			[null, 'Rest', 'eve'],
			[null, 'Rest', 'eve'],
		]);
		expect(decisions[2].reasons[0]).toBe('no rule matched: default team Rest');
	});

	it('refuses rules and a default team without reps, listing every problem by path', () => {
		const input = regional({ defaultTeam: 'Nobody', rules: [{ when: [{ field: 'a', operator: 'equals', value: 1 }], team: 'Ghosts' }] });
		expect(() => compileRouting(input)).toThrow(ConfigError);
		try {
			compileRouting(input);
		} catch (error) {
			expect((error as ConfigError).issues).toEqual([
				{ path: 'rules[0] (no name).team', message: 'no rep is in team "Ghosts"' },
				{ path: 'defaultTeam', message: 'no rep is in team "Nobody"' },
			]);
		}
		expect(() =>
			compileRouting({ reps: [{ id: 'a', weight: 0, timeZone: 'Mars/Base' }, { id: 'a' }], rules: [{ when: [{ field: '__proto__.x', operator: 'greaterThan', value: 'ten' }], team: 'x' }] }),
		).toThrow(
			/reps\[0\] \("a"\)\.weight: must be from 0.01 to 1,000,000.*reps\[0\] \("a"\)\.timeZone: expected an IANA time zone.*reps\[1\] \("a"\)\.id: duplicate rep id "a".*rules\[0\] \(no name\)\.when\[0\]\.field: .*reserved name "__proto__".*rules\[0\] \(no name\)\.when\[0\]\.value: operator "greaterThan" needs a number/,
		);
	});

	it('keeps an available current owner (matched by id or email) and says so', () => {
		const { decisions } = routeAll(regional({ keepCurrentOwner: true }), [{ country: 'US', owner: 'ana@example.com' }]);
		expect(decisions[0]).toMatchObject({ status: 'kept', owner: 'ana', team: 'Rest' });
		expect(decisions[0].reasons).toContain('kept current owner ana');
	});

	it('routes normally when the current owner is away or unknown', () => {
		const input = regional({ keepCurrentOwner: true });
		(input.reps as Array<Record<string, unknown>>)[0].active = false;
		const { decisions } = routeAll(input, [{ owner: 'ana' }, { owner: 'zed' }]);
		expect(decisions.map((d) => [d.status, d.owner])).toEqual([
			['assigned', 'eve'],
			['assigned', 'eve'],
		]);
		expect(decisions[0].reasons[1]).toBe('current owner not kept: skipped ana: inactive');
		expect(decisions[1].reasons[1]).toBe('current owner "zed" is not one of the reps');
	});

	it('hands the lead to the fallback owner, or leaves it unassigned, when nobody is available', () => {
		const away = { reps: [{ id: 'ana', active: false }], sla: { minutes: 30 } };
		const fallback = routeAll({ ...away, fallbackOwner: 'queue@example.com' }, leads(1)).decisions[0];
		expect(fallback).toMatchObject({ status: 'fallback', owner: 'queue@example.com', rep: null });
		expect(fallback.reasons).toContain('nobody available: fallback owner queue@example.com');
		const none = routeAll(away, leads(1)).decisions[0];
		expect(none).toMatchObject({ status: 'unassigned', owner: null, rep: null });
		// 10:00Z + 30 calendar minutes.
		expect(none.sla).toEqual({ due: '2026-11-24T10:30:00.000Z', minutes: 30, businessHours: false, timeZone: 'UTC' });
	});
});

describe('SLA and priority', () => {
	it('counts the SLA in the assigned rep working hours and zone', () => {
		// Friday 2026-11-20 16:55Z = 17:55 in Berlin: 5 minutes Friday + 10 Monday -> Monday 09:10 CET = 08:10Z.
		const input = settings({ sla: { minutes: 15, businessHours: true } });
		const { decisions } = routeAll(input, leads(1), emptyRoutingState(), Date.UTC(2026, 10, 20, 16, 55));
		expect(decisions[0].sla).toEqual({ due: '2026-11-23T08:10:00.000Z', minutes: 15, businessHours: true, timeZone: 'Europe/Berlin' });
		expect(decisions[0].reasons).toContain("first contact due 2026-11-23 09:10 Europe/Berlin (15 minutes in Ana's working hours)");
	});

	it('maps stage, then score, then grade to P1..P4', () => {
		expect(leadPriority({ stage: 'sql', score: 5 })).toEqual({ level: 'P1', reason: 'stage sql' });
		expect(leadPriority({ stage: 'MQL' })).toEqual({ level: 'P2', reason: 'stage MQL' });
		expect(leadPriority({ stage: 'nurture', score: 80 })).toEqual({ level: 'P1', reason: 'score 80' });
		expect(leadPriority({ score: 79.9 }).level).toBe('P2');
		expect(leadPriority({ score: 20 }).level).toBe('P3');
		expect(leadPriority({ score: -5 }).level).toBe('P4');
		expect(leadPriority({ grade: 'B' })).toEqual({ level: 'P2', reason: 'grade B' });
		expect(leadPriority({ grade: 'D' }).level).toBe('P4');
		// the whole grade counts, not its first letter
		expect([leadPriority({ grade: 'Bronze' }).level, leadPriority({ grade: 'Cold' }).level]).toEqual(['P4', 'P4']);
		expect(leadPriority({}, [90, 60, 30])).toEqual({ level: 'P4', reason: 'no stage, score or grade' });
	});

	it('reads stage and score from the Score Lead output and rejects a score that is not a number', () => {
		const routing = compileRouting(settings());
		const lead = { leadStage: { stage: 'IQL' }, leadScore: { score: 90, grade: 'A' } };
		expect(routeLead(lead, routing, emptyRoutingState(), AS_OF).decision.priority).toEqual({ level: 'P3', reason: 'stage IQL' });
		expect(() => routeLead({ leadScore: { score: 'high' } }, routing, emptyRoutingState(), AS_OF)).toThrow(
			'Field "decay.score, leadScore.score, score": expected a score (a number), got "high"',
		);
		// The contract's defaults: Apply Decay's total before Score Lead's, and flat fields last.
		const priority = (lead: object) => routeLead(lead, routing, emptyRoutingState(), AS_OF).decision.priority;
		expect(priority({ decay: { score: 20 }, leadScore: { score: 90 } })).toEqual({ level: 'P3', reason: 'score 20' });
		expect(priority({ leadScore: { score: 90 } })).toEqual({ level: 'P1', reason: 'score 90' });
		expect(priority({ score: 80, grade: 'B' })).toEqual({ level: 'P1', reason: 'score 80' });
		expect(priority({ grade: 'B' })).toEqual({ level: 'P2', reason: 'grade B' });
	});
});

describe('stored state', () => {
	it('round-trips through JSON and keeps hostile keys as plain keys', () => {
		const raw = JSON.parse('{"lastAssigned":{"EMEA":"ana"},"pointers":{"__proto__":{"ana":1},"T":{"a":1.5,"b":"x"}}}');
		const stored = storeRoutingState(loadRoutingState(raw));
		expect(Object.getPrototypeOf(stored.pointers)).toBe(Object.prototype);
		expect(Object.keys(stored.pointers)).toEqual(['__proto__', 'T']);
		expect(stored.pointers.T).toEqual({ a: 1.5 });
		expect(storeRoutingState(loadRoutingState('garbage'))).toEqual({ pointers: {} });
	});
});
