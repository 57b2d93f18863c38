import type { IDataObject, INodeExecutionData, INodeParameters, INodeType } from 'n8n-workflow';
import { ApplyDecay } from '../../../nodes/ApplyDecay/ApplyDecay.node';
import { ClassifyStage } from '../../../nodes/ClassifyStage/ClassifyStage.node';
import { RouteToSales } from '../../../nodes/RouteToSales/RouteToSales.node';
import { ScoreLead } from '../../../nodes/ScoreLead/ScoreLead.node';
import { runNode } from '../../helpers/runNode';

/**
 * Issue 15's fuzz suite: hostile and extreme leads through all four nodes in n8n-core's real WorkflowExecute,
 * with Continue On Fail (a quarter of the runs with an error output instead). Seeded; 100,000 items in all by
 * default (25,000 per node), FUZZ_ITEMS=1000000 for a larger run.
 */
const TOTAL = Number(process.env.FUZZ_ITEMS ?? 100_000);
const BATCH = 50;
const SEED = Number(process.env.FUZZ_SEED ?? 20261130);

function rng(seed: number) {
	let s = seed >>> 0;
	return () => {
		s = (s + 0x6d2b79f5) >>> 0;
		let t = Math.imul(s ^ (s >>> 15), 1 | s);
		t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const HUGE_TEXT = 'x'.repeat(20_000);
const NUMBERS = [0, -0, 1, -1, 0.5, 42, 1e12, -1e12, 1e13, 1e15, 2 ** 53, 1e307, -1e307, Number.MAX_VALUE, -Number.MAX_VALUE, 5e-324, 1e-320, 8.64e15, 1e11];
const TEXTS = ['', ' ', '1e307', '-1e307', 'NaN', 'Infinity', '-Infinity', '0x10', '1e999', '12', ' 7 ', '2026-02-30', '2026-11-20T10:00:00Z', '8640000000000000', '99999999999999999999', '+275760-09-13T00:00:00Z', '<!channel>', '[x](https://evil.example)', '__proto__', 'constructor', 'SQL', 'MQL', 'Cold', HUGE_TEXT, '\u2028', '\ud800'];

function hostileValue(r: () => number, depth = 0): unknown {
	const k = r();
	if (k < 0.3) return NUMBERS[Math.floor(r() * NUMBERS.length)];
	if (k < 0.6) return TEXTS[Math.floor(r() * TEXTS.length)];
	if (k < 0.65) return r() < 0.5;
	if (k < 0.7) return null;
	if (k < 0.8 && depth < 3) return Array.from({ length: Math.floor(r() * 4) }, () => hostileValue(r, depth + 1));
	if (k < 0.9 && depth < 3) return JSON.parse(`{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 1}}, "v": ${JSON.stringify(hostileValue(r, depth + 1) ?? null)}}`);
	return undefined;
}

/** A lead whose every field is sometimes sane, sometimes hostile. */
function hostileLead(r: () => number): IDataObject {
	const pick = (sane: unknown) => (r() < 0.85 ? sane : hostileValue(r));
	const lead: Record<string, unknown> = {
		email: pick(`user${Math.floor(r() * 1000)}@${r() < 0.5 ? 'gmail.com' : 'acme.io'}`),
		name: pick('Dana'),
		jobTitle: pick(['VP Marketing', 'CEO', 'Student', 'Engineer'][Math.floor(r() * 4)]),
		company: pick({ name: pick('Acme'), employees: pick(250), domain: pick('acme.io') }),
		manualPoints: r() < 0.3 ? hostileValue(r) : undefined,
		events: pick(
			Array.from({ length: Math.floor(r() * 6) }, () => ({
				type: pick(['page_view', 'demo_request', 'email_open', 'webinar'][Math.floor(r() * 4)]),
				url: pick('/pricing'),
				timestamp: pick('2026-11-20T10:00:00Z'),
			})),
		),
		leadScore: pick({
			score: pick(50),
			fitScore: pick(20),
			engagementScore: pick(30),
			grade: pick('B'),
			asOf: pick('2026-11-01'),
			lastActivityAt: pick('2026-11-01'),
		}),
		leadStage: pick({ stage: pick('MQL') }),
		owner: pick('ana'),
		activities: pick([{ type: pick('Webinar'), at: pick('2026-11-20') }]),
	};
	if (r() < 0.05) Object.defineProperty(lead, '__proto__', { value: { polluted: 1 }, enumerable: true });
	return lead as IDataObject;
}

const NODES: Array<{ name: string; node: new () => INodeType; parameters: INodeParameters }> = [
	{ name: 'Score Lead', node: ScoreLead, parameters: { scope: 'leadsWithAccount', options: { asOf: '2026-11-22T00:00:00Z' } } },
	{ name: 'Apply Decay', node: ApplyDecay, parameters: { options: { asOf: '2026-11-22T00:00:00Z' } } },
	{ name: 'Classify Stage', node: ClassifyStage, parameters: {} },
	{
		name: 'Route to Sales',
		node: RouteToSales,
		parameters: {
			reps: { rep: [{ id: 'ana', weight: 2, capacity: 5 }, { id: 'ben', workingDays: ['1', '2', '3', '4', '5'] }, { id: 'cy', weight: 0.01 }] },
			method: 'leastLoaded',
			slaMinutes: 60,
			slaBusinessHours: true,
			options: { asOf: '2026-11-22T00:00:00Z' },
		},
	},
];

/** Every number in an output item, with its path (the input's own fields included: none of them is NaN or Infinity). */
function nonFiniteNumbers(value: unknown, path = '', out: string[] = [], depth = 0): string[] {
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) out.push(`${path}=${value}`);
	} else if (value !== null && typeof value === 'object' && depth < 20) {
		for (const [key, inner] of Object.entries(value)) nonFiniteNumbers(inner, `${path}.${key}`, out, depth + 1);
	}
	return out;
}

const prototypeKeys = () =>
	[Object.prototype, Array.prototype, Function.prototype, String.prototype].map((p) => Object.getOwnPropertyNames(p).sort().join(','));

describe(`fuzz: ${TOTAL} hostile items through the four nodes (seed ${SEED})`, () => {
	it('keeps every item, paired, finite, fast, with short errors naming the item, and prototypes intact', async () => {
		const before = prototypeKeys();
		const r = rng(SEED);
		const problems: string[] = [];
		const note = (problem: string) => {
			if (problems.length < 20) problems.push(problem);
		};
		let items = 0;
		let failed = 0;
		let slowestBatchMs = 0;
		for (let run = 0; items < TOTAL; run++) {
			const { name, node, parameters } = NODES[run % NODES.length];
			const leads = Array.from({ length: Math.min(BATCH, TOTAL - items) }, () => hostileLead(r));
			const errorOutput = run % 4 === 3;
			const started = performance.now();
			const result = await runNode(node, { parameters, items: leads, ...(errorOutput ? { onError: 'continueErrorOutput' } : { continueOnFail: true }) });
			// the first run of each node loads and compiles (a warm-up); later runs are what a workflow sees
			if (run >= NODES.length) slowestBatchMs = Math.max(slowestBatchMs, performance.now() - started);
			items += leads.length;
			const where = `run ${run} (${name}${errorOutput ? ', error output' : ''})`;
			if (result.error) {
				note(`${where}: the node stopped: ${result.error.message.slice(0, 200)}`);
				continue;
			}
			const out: INodeExecutionData[] = result.outputs.flat();
			if (out.length !== leads.length) note(`${where}: ${leads.length} in, ${out.length} out`);
			const paired = out.map((item) => (item.pairedItem as { item: number } | undefined)?.item).sort((a, b) => (a ?? -1) - (b ?? -1));
			if (paired.some((p, i) => p !== i)) note(`${where}: pairing ${JSON.stringify(paired.slice(0, 10))}...`);
			for (const item of out) {
				const index = (item.pairedItem as { item: number }).item;
				const bad = nonFiniteNumbers(item.json);
				if (bad.length > 0) note(`${where}, item ${index}: ${bad.slice(0, 3).join(', ')}`);
				const error = item.json.error as IDataObject | undefined;
				if (error && typeof error === 'object' && typeof error.message === 'string' && 'itemIndex' in error) {
					failed++;
					const message = error.message;
					if (message.length >= 1000) note(`${where}, item ${index}: error of ${message.length} characters`);
					if (!message.startsWith(`Item ${index}: `)) note(`${where}, item ${index}: error does not name its item: ${message.slice(0, 100)}`);
				}
			}
		}
		expect(problems).toEqual([]);
		expect(prototypeKeys()).toEqual(before);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect(items).toBe(TOTAL);
		// hostile input does fail items, and most leads still go through
		expect(failed).toBeGreaterThan(TOTAL / 20);
		expect(failed).toBeLessThan(TOTAL);
		// No item over 1 s: every batch of 50 under 1 s (a batch takes well under 0.5 s on a quiet machine). Wall-clock
		// time is the machine's as much as ours, so it is asserted only on request (FUZZ_TIMING=1) and always printed;
		// the bound that holds everywhere is the matcher's fixed work budget (test/unit/hostile/matcher.test.ts).
		if (process.env.FUZZ_TIMING === '1') expect(slowestBatchMs).toBeLessThan(1000);
		console.log(`fuzz: ${items} items, ${failed} failed with a clear error, slowest batch of ${BATCH}: ${Math.round(slowestBatchMs)} ms`);
	}, 1_800_000);
});
