import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { InputError } from '../../src/errors';
import { compilePath, readPath } from '../../src/fields';
import { pickByTurn, turnCycle } from '../../src/routing/methods';
import type { Rep } from '../../src/routing/reps';
import type { CompiledRouting, Pick, RoutePlan } from '../../src/routing/route';
import { fieldPathParameter } from '../shared/settings';

/**
 * Where Route to Sales keeps the turn between leads, besides workflow static data and the item field: a turn number
 * taken from the item (no state; n8n's own Redis node can hand out the numbers with Increment) and, in the companion
 * package only, the atomic Redis turn store. The Redis store speaks to Redis over a socket of its own, which n8n's
 * scanner refuses in a package n8n Cloud installs, so it ships in n8n-nodes-lead-scoring-redis, built from these same
 * sources (nodes/RouteToSales/routeToSalesRedis.ts, scripts/build-companion.js; docs/route-to-sales.md).
 */

export const COMPANION_PACKAGE = 'n8n-nodes-lead-scoring-redis';
export const POINTER_METHODS = ['roundRobin', 'weightedRoundRobin'];
export const KEY_PREFIX = 'lead-scoring';

/** Turn Storage as each package offers it: `redis` is the real store in the companion, a moved marker here. */
function storageProperties(redis: boolean): INodeProperties[] {
	const redisOption = redis
		? { name: 'Redis (Atomic)', value: 'redis', description: 'Safe when executions overlap and across queue-mode workers' }
		: { name: `Redis (Atomic): Moved to ${COMPANION_PACKAGE}`, value: 'redis', description: 'Install the companion package and use Route to Sales (Redis); here the node stops naming it' };
	return [
		{
			displayName: 'Turn Storage',
			name: 'pointerStorage',
			type: 'options',
			noDataExpression: true,
			options: [
				{ name: 'Workflow Static Data', value: 'staticData', description: 'One n8n instance, one execution at a time; not kept by queue-mode workers' },
				...(redis ? [redisOption] : []),
				{ name: 'Turn Number From Item', value: 'itemTurn', description: "An integer per lead (n8n's Redis node: Increment; a database sequence): safe across queue-mode workers" },
				{ name: 'Item Field', value: 'item', description: 'Read from each lead and written back to it, for storing it yourself' },
				...(redis ? [] : [redisOption]),
			],
			default: 'staticData',
			displayOptions: { show: { method: POINTER_METHODS } },
		},
		{
			displayName: 'Turn Storage',
			name: 'pointerStorage',
			type: 'options',
			noDataExpression: true,
			options: [{ name: redisOption.name, value: 'redis', description: redis ? 'Counters per day or week, safe across queue-mode workers' : redisOption.description }],
			default: 'redis',
			displayOptions: { show: { method: ['fewestInPeriod'] } },
		},
	];
}

const COMMON_TURN_PROPERTIES: INodeProperties[] = [
	{
		displayName: 'Period',
		name: 'period',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Today', value: 'today', description: "The day in the workflow's time zone" },
			{ name: 'This Week', value: 'thisWeek', description: "Monday to Sunday in the workflow's time zone" },
		],
		default: 'today',
		description: 'Whose assignments count: the rep with the fewest in this period (for their weight) gets the lead',
		displayOptions: { show: { method: ['fewestInPeriod'] } },
	},
	{
		displayName: 'Turn Field',
		name: 'turnField',
		type: 'string',
		default: 'turn',
		description: "Path of an integer that grows by one per lead, e.g. from n8n's Redis node (Increment) or a database sequence; turn 1 goes to the first rep",
		displayOptions: { show: { method: POINTER_METHODS, pointerStorage: ['itemTurn'] } },
	},
];

/** The companion's settings of the Redis store: key prefix and rotation scope. */
const REDIS_SETTINGS: INodeProperties[] = [
	{
		displayName: 'Key Prefix',
		name: 'keyPrefix',
		type: 'string',
		default: KEY_PREFIX,
		description:
			'Start of every Redis key this node uses; give workflows different prefixes to keep their rotations apart. Read for each lead, so an expression reading the client field of each lead keeps one rotation per client.',
		displayOptions: { show: { method: [...POINTER_METHODS, 'fewestInPeriod'], pointerStorage: ['redis'] } },
	},
	{
		displayName: 'Rotation Scope',
		name: 'rotationScope',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'This Workflow', value: 'workflow', description: 'Keys include the workflow ID' },
			{ name: 'Shared by Prefix', value: 'shared', description: 'Every workflow with the same prefix and team shares one rotation' },
		],
		default: 'workflow',
		displayOptions: { show: { method: [...POINTER_METHODS, 'fewestInPeriod'], pointerStorage: ['redis'] } },
	},
];

const MOVED_NOTICE: INodeProperties = {
	displayName: `Redis (Atomic) and Fewest in Period moved to the companion package ${COMPANION_PACKAGE} (self-hosted n8n): install it and use Route to Sales (Redis); this node stops before any lead. Or choose Turn Number From Item, fed by n8n's Redis node (Increment).`,
	name: 'redisMovedNotice',
	type: 'notice',
	default: '',
	displayOptions: { show: { pointerStorage: ['redis'] } },
};

/** This package's turn settings; the companion swaps them for REDIS_TURN_PROPERTIES (same place in the list). */
export const TURN_PROPERTIES: INodeProperties[] = [...storageProperties(false), ...COMMON_TURN_PROPERTIES, MOVED_NOTICE];
export const REDIS_TURN_PROPERTIES: INodeProperties[] = [...storageProperties(true), ...COMMON_TURN_PROPERTIES, ...REDIS_SETTINGS];

export type TurnPicker = (plan: RoutePlan, item: INodeExecutionData, itemIndex: number) => Promise<Pick | undefined>;
/** The Redis turn store's picker; only the companion package has one. */
export type RedisTurnPickerFactory = (ctx: IExecuteFunctions, method: string) => Promise<TurnPicker>;

/** The turn storage a method uses: '' for methods without turns (sticky, least loaded). */
function storageOf(ctx: IExecuteFunctions, method: string): string {
	if (method === 'fewestInPeriod') return ctx.getNodeParameter('pointerStorage', 0, 'redis') as string;
	return POINTER_METHODS.includes(method) ? (ctx.getNodeParameter('pointerStorage', 0, 'staticData') as string) : '';
}

/**
 * The picker for item turns (or Redis turns, given the companion's factory), or undefined when the core picks
 * (static data, item field, sticky...).
 */
export async function createTurnPicker(ctx: IExecuteFunctions, method: string, redisTurns?: RedisTurnPickerFactory): Promise<TurnPicker | undefined> {
	const storage = storageOf(ctx, method);
	if (storage === 'itemTurn') return itemTurnPicker(ctx, method === 'roundRobin');
	return storage === 'redis' && redisTurns ? redisTurns(ctx, method) : undefined;
}

/**
 * Without the companion's Redis store, a workflow built for it fails every lead (kept owners included), so the node
 * stops at the first; with On Error: Continue each lead leaves on Unassigned carrying the error. It never falls back
 * to another rotation without a word. Failing the leads, not the node: when a node's execute throws, n8n's On Error:
 * Continue passes its input items on unchanged on the first output (Assigned), which would be exactly that.
 */
export function movedStoreError(ctx: IExecuteFunctions, method: string, redisTurns?: RedisTurnPickerFactory): (() => Error) | undefined {
	return storageOf(ctx, method) === 'redis' && !redisTurns ? () => movedError(method) : undefined;
}

function movedError(method: string): Error {
	const what = method === 'fewestInPeriod' ? 'Method "Fewest in Period" keeps its counters in the Redis turn store, which' : 'Turn Storage "Redis (Atomic)"';
	// A plain error: the node names the item ("Item 0: ..."), as for every lead that fails.
	return new Error(
		`${what} has moved to the companion package ${COMPANION_PACKAGE}: no lead was routed. Install it (self-hosted n8n) and use its node Route to Sales (Redis), type ${COMPANION_PACKAGE}.routeToSales (parameters and credential carry over), or Turn Storage "Turn Number From Item" fed by n8n's Redis node (Increment); docs/route-to-sales.md, "Moved"`,
	);
}

function itemTurnPicker(ctx: IExecuteFunctions, equal: boolean): TurnPicker {
	const path = fieldPathParameter(ctx, 'turnField', 'Turn Field', 'turn');
	// One cycle per rep list and team, worked out once per execution.
	const cycles = new WeakMap<CompiledRouting, Map<string, Rep[]>>();
	const cycleOf = (plan: RoutePlan): Rep[] => {
		let byTeam = cycles.get(plan.routing);
		if (!byTeam) cycles.set(plan.routing, (byTeam = new Map()));
		let cycle = byTeam.get(plan.team);
		if (!cycle) byTeam.set(plan.team, (cycle = equal ? plan.members : turnCycle(plan.members)));
		return cycle;
	};
	return async (plan, item) => {
		const turn = readTurn(item.json, path);
		const cycle = cycleOf(plan);
		const picked = pickByTurn(cycle, plan.available, turn);
		if (!picked) return undefined;
		const { rep, place } = picked;
		const how = equal ? 'round robin' : 'weighted round robin';
		const skippedTo = place === (((turn - 1) % cycle.length) + cycle.length) % cycle.length ? '' : ', the next available in the cycle';
		return { rep, because: `chose ${rep.name} by ${how} for turn ${turn} (place ${place + 1} of ${cycle.length}${skippedTo})`, state: plan.state };
	};
}

function readTurn(json: unknown, path: ReturnType<typeof compilePath>): number {
	const raw = readPath(json, path);
	const turn = typeof raw === 'string' && /^-?\d{1,16}$/.test(raw.trim()) ? Number(raw) : raw;
	if (typeof turn !== 'number' || !Number.isSafeInteger(turn)) {
		throw new InputError(path.source, 'a whole-number turn (e.g. from a Redis INCR or a database sequence)', raw);
	}
	return turn;
}

const STATIC_DATA_HINT =
	'The turn is kept in workflow static data, which n8n saves only after production executions of a published workflow on one instance. When executions overlap, the last to finish overwrites the turn (measured: 200 leads, 20 at a time, gave 3 reps 65 / 62 / 73, one rep 20 in a row); in queue mode workers never see static data and every lead goes to the first rep. For either, choose Turn Storage: Turn Number From Item, fed by n8n\'s Redis node (Increment), or Redis (Atomic) with Route to Sales (Redis) from n8n-nodes-lead-scoring-redis.';
const TEST_RUN_HINT =
	'This test run does not save the turn: n8n keeps static data only for production executions, so the next run starts from the same turn. Publish the workflow, or choose Turn Storage: Turn Number From Item.';
const CONSTANT_LOAD_HINT =
	"Least Loaded compares each rep's Open Leads, and here they are numbers typed into the node: they never change between executions, so most leads go to the same rep. Map Open Leads from your CRM with an expression (or use the Reps JSON from a CRM node).";

type Hint = Parameters<IExecuteFunctions['addExecutionHints']>[0];

/** What the user should know after this run about where the turn lives, or about loads that never change. */
export function turnHints(ctx: IExecuteFunctions, method: string, storage: string | undefined, repsSource: string): Hint[] {
	const hints: Hint[] = [];
	if (storage === 'staticData') {
		hints.push(
			ctx.getMode() === 'manual'
				? { message: TEST_RUN_HINT, type: 'warning', location: 'outputPane' }
				: { message: STATIC_DATA_HINT, type: 'info', location: 'outputPane' },
		);
	}
	if (method === 'leastLoaded' && loadsAreTyped(ctx.getNode().parameters, repsSource)) {
		hints.push({ message: CONSTANT_LOAD_HINT, type: 'warning', location: 'outputPane' });
	}
	return hints;
}

/** True when no rep's open leads come from an expression (n8n keeps expressions as text starting with "="). */
function loadsAreTyped(parameters: Record<string, unknown>, repsSource: string): boolean {
	const isExpression = (value: unknown) => typeof value === 'string' && value.startsWith('=');
	if (repsSource === 'json') return !isExpression(parameters.repsJson);
	const reps = parameters.reps as { rep?: Array<Record<string, unknown>> } | string | undefined;
	if (isExpression(reps)) return false;
	const rows = typeof reps === 'object' && Array.isArray(reps?.rep) ? reps.rep : [];
	return !rows.some((row) => isExpression(row.openLeads));
}
