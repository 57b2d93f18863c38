import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	IExecuteFunctions,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { InputError } from '../../src/errors';
import { compilePath, readPath } from '../../src/fields';
import { pickByTurn, turnCycle } from '../../src/routing/methods';
import type { Rep } from '../../src/routing/reps';
import { periodReason, pointerReason, type CompiledRouting, type Pick, type RoutePlan } from '../../src/routing/route';
import { RedisConnection, type RedisConnectionOptions } from '../../src/routing/turns/redisClient';
import { RedisTurnStore, sharedPool, turnKey, type TurnCandidate } from '../../src/routing/turns/redisTurns';
import { periodWindow, type Period } from '../../src/routing/turns/period';
import { fieldPathParameter } from '../shared/settings';

/**
 * Where Route to Sales keeps the turn between leads, besides workflow static data and the item field: the
 * atomic Redis turn store (queue mode, overlapping executions) and a turn number taken from the item (no state).
 */

export const REDIS_CREDENTIAL = 'leadScoringRedisApi';
export const POINTER_METHODS = ['roundRobin', 'weightedRoundRobin'];
const KEY_PREFIX = 'lead-scoring';

export const TURN_PROPERTIES: INodeProperties[] = [
	{
		displayName: 'Turn Storage',
		name: 'pointerStorage',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Workflow Static Data', value: 'staticData', description: 'One n8n instance, one execution at a time; not kept by queue-mode workers' },
			{ name: 'Redis (Atomic)', value: 'redis', description: 'Safe when executions overlap and across queue-mode workers' },
			{ name: 'Turn Number From Item', value: 'itemTurn', description: 'An integer per lead (Redis INCR, a database sequence): no state at all' },
			{ name: 'Item Field', value: 'item', description: 'Read from each lead and written back to it, for storing it yourself' },
		],
		default: 'staticData',
		displayOptions: { show: { method: POINTER_METHODS } },
	},
	{
		displayName: 'Turn Storage',
		name: 'pointerStorage',
		type: 'options',
		noDataExpression: true,
		options: [{ name: 'Redis (Atomic)', value: 'redis', description: 'Counters per day or week, safe across queue-mode workers' }],
		default: 'redis',
		displayOptions: { show: { method: ['fewestInPeriod'] } },
	},
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
		description: 'Path of an integer that grows by one per lead, e.g. from a Redis node (INCR) or a database sequence; turn 1 goes to the first rep',
		displayOptions: { show: { method: POINTER_METHODS, pointerStorage: ['itemTurn'] } },
	},
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

export type TurnPicker = (plan: RoutePlan, item: INodeExecutionData, itemIndex: number) => Promise<Pick | undefined>;

/** The picker for Redis or item turns, or undefined when the core picks (static data, item field, sticky...). */
export async function createTurnPicker(ctx: IExecuteFunctions, method: string): Promise<TurnPicker | undefined> {
	const usesTurns = POINTER_METHODS.includes(method) || method === 'fewestInPeriod';
	const storage = usesTurns ? (ctx.getNodeParameter('pointerStorage', 0, method === 'fewestInPeriod' ? 'redis' : 'staticData') as string) : '';
	const equal = method === 'roundRobin';
	if (storage === 'itemTurn') return itemTurnPicker(ctx, equal);
	if (storage !== 'redis') return undefined;

	const credentials = await ctx.getCredentials(REDIS_CREDENTIAL);
	const store = new RedisTurnStore(sharedPool, connectionOptions(credentials));
	// Read per lead: an agency may keep one rotation per client with an expression ({{ $json.client }}).
	const prefixOf = (itemIndex: number) => String(ctx.getNodeParameter('keyPrefix', itemIndex, KEY_PREFIX)).trim() || KEY_PREFIX;
	const scope = ctx.getNodeParameter('rotationScope', 0, 'workflow') === 'shared' ? 'shared' : `workflow:${ctx.getWorkflow().id ?? 'unsaved'}`;
	const candidates = (plan: RoutePlan): TurnCandidate[] =>
		plan.members.map((rep) => ({ id: rep.id, weight: equal ? 1 : rep.weight, available: plan.available.has(rep.id) }));
	const repOf = (plan: RoutePlan, id: string): Rep => {
		const rep = plan.members.find((member) => member.id === id);
		if (!rep) throw new Error(`the turn store answered with "${id}", who is not in team "${plan.team}"`);
		return rep;
	};

	if (method === 'fewestInPeriod') {
		const period = ctx.getNodeParameter('period', 0, 'today') as Period;
		const zone = ctx.getTimezone();
		return async (plan, _item, itemIndex) => {
			const window = periodWindow(plan.asOf, zone, period);
			// Kept a week past the period, to look at; Redis then drops the counters on its own.
			const turn = await store.pickFewestInPeriod(turnKey(prefixOf(itemIndex), scope, plan.team, `fewest:${window.id}`), candidates(plan), window.endsAt + 7 * 86_400_000);
			if (!turn) return undefined;
			const rep = repOf(plan, turn.repId);
			return { rep, because: periodReason(rep, turn.count, window.label), state: plan.state };
		};
	}
	const kind = equal ? 'roundRobin' : 'weightedRoundRobin';
	return async (plan, _item, itemIndex) => {
		const turn = await store.pickByPointer(turnKey(prefixOf(itemIndex), scope, plan.team, kind), candidates(plan));
		if (!turn) return undefined;
		const rep = repOf(plan, turn.repId);
		return { rep, because: pointerReason(rep, turn.pointer, equal), state: plan.state };
	};
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

export function connectionOptions(credentials: ICredentialDataDecryptedObject): RedisConnectionOptions {
	return {
		host: String(credentials.host || 'localhost'),
		port: Number(credentials.port) || 6379,
		user: credentials.user ? String(credentials.user) : undefined,
		password: credentials.password ? String(credentials.password) : undefined,
		database: Number(credentials.database) || 0,
		tls: credentials.ssl === true,
		rejectUnauthorized: !(credentials.ssl === true && credentials.disableTlsVerification === true),
	};
}

/** The credential test: connect, log in, select the database and PING, on a connection of its own. */
export async function redisConnectionTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	let connection: RedisConnection | undefined;
	try {
		connection = await RedisConnection.open(connectionOptions(credential.data ?? {}));
		const pong = await connection.call('PING');
		return pong === 'PONG' ? { status: 'OK', message: 'Connection successful' } : { status: 'Error', message: `Unexpected answer to PING: ${String(pong)}` };
	} catch (error) {
		return { status: 'Error', message: (error as Error).message };
	} finally {
		connection?.close();
	}
}

const STATIC_DATA_HINT =
	'The turn is kept in workflow static data, which n8n saves only after production executions of a published workflow on one instance. When executions overlap, the last to finish overwrites the turn (measured: 200 leads, 20 at a time, gave 3 reps 65 / 62 / 73, one rep 20 in a row); in queue mode workers never see static data and every lead goes to the first rep. Choose Turn Storage: Redis (Atomic) for either.';
const TEST_RUN_HINT =
	'This test run does not save the turn: n8n keeps static data only for production executions, so the next run starts from the same turn. Publish the workflow, or choose Turn Storage: Redis (Atomic).';
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
