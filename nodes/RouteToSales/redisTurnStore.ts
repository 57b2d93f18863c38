import {
	type ICredentialDataDecryptedObject,
	type ICredentialTestFunctions,
	type ICredentialsDecrypted,
	type IExecuteFunctions,
	type INodeCredentialTestResult,
	type NodeEgressFilter,
} from 'n8n-workflow';
import type { Rep } from '../../src/routing/reps';
import { periodReason, pointerReason, type RoutePlan } from '../../src/routing/route';
import { RedisConnection, type RedisConnectionOptions } from '../../src/routing/turns/redisClient';
import { RedisTurnStore, sharedPool, turnKey, type TurnCandidate } from '../../src/routing/turns/redisTurns';
import { periodWindow, type Period } from '../../src/routing/turns/period';
import { KEY_PREFIX, type TurnPicker } from './turns';

/**
 * The atomic Redis turn store as Route to Sales (Redis) uses it. Companion package only (n8n-nodes-lead-scoring-redis):
 * its client opens sockets of its own, which n8n's scanner refuses in the main package (docs/route-to-sales.md).
 */

export const REDIS_CREDENTIAL = 'leadScoringRedisApi';

/**
 * The Redis picker for one execution: the host checked against n8n's SSRF rules first (a blocked host fails every
 * lead, unconnected), then one store, whose breaker and budget count this execution's picks.
 */
export async function createRedisTurnPicker(ctx: IExecuteFunctions, method: string): Promise<TurnPicker> {
	const equal = method === 'roundRobin';
	const options = connectionOptions(await ctx.getCredentials(REDIS_CREDENTIAL));
	const egress = await egressCheck(ctx.helpers.getSecureEgressFilter, options);
	if (typeof egress === 'string') {
		// Each lead fails (not the node: with On Error: Continue, n8n would pass the leads on unrouted, as Assigned).
		return async () => {
			throw new Error(egress);
		};
	}
	const store = new RedisTurnStore(sharedPool, { ...options, lookup: egress?.createSecureLookup() });
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

/**
 * The host against n8n's SSRF rules, as n8n's own HTTP requests (the webhook hand-off's) are: with
 * N8N_SSRF_PROTECTION_ENABLED, a blocked host gets no connection at all, so no AUTH and no password. Returns the
 * reason it is blocked, or the filter whose secure lookup checks every address the name resolves to at connect time
 * (a name that changes its address after this check is caught there). n8n versions without egress rules: nothing.
 */
export async function egressCheck(
	getFilter: ((policy?: 'safe') => NodeEgressFilter) | undefined,
	options: RedisConnectionOptions,
): Promise<NodeEgressFilter | string | undefined> {
	if (typeof getFilter !== 'function') return undefined;
	const filter = getFilter('safe');
	const host = options.host.includes(':') ? `[${options.host}]` : options.host;
	const checked = await filter.validateUrl(`redis://${host}:${options.port}`);
	if (!checked.ok) {
		return `The turn store's Redis at ${options.host}:${options.port} is blocked by n8n's SSRF protection (${checked.error.message}): no connection was made and no lead was routed. Allow the host in N8N_SSRF_ALLOWED_HOSTNAMES or N8N_SSRF_ALLOWED_IP_RANGES, or use another Redis.`;
	}
	return filter;
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

/**
 * The credential test: connect, log in, select the database and PING, on a connection of its own. n8n gives a
 * credential test no egress filter, so with n8n's SSRF protection on it cannot tell an allowed host from a blocked
 * one: it then connects nowhere and says so; Route to Sales checks the host before its first connection.
 */
export async function redisConnectionTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	// The companion is not scanned clean anyway (sockets); this reads the one setting n8n does not pass to a test.
	if (/^(true|1)$/i.test(process.env.N8N_SSRF_PROTECTION_ENABLED ?? '')) {
		return {
			status: 'Error',
			message: "Not tested: n8n's SSRF protection is on and n8n gives credential tests no way to check a host against it, so this test connects nowhere. Route to Sales (Redis) checks the host before it connects.",
		};
	}
	let connection: RedisConnection | undefined;
	try {
		connection = await RedisConnection.open(connectionOptions(credential.data ?? {}));
		const pong = await connection.call('PING');
		return pong === 'PONG' ? { status: 'OK', message: 'Connection successful' } : { status: 'Error', message: `Unexpected answer to PING: ${String(pong).slice(0, 40)}` };
	} catch (error) {
		return { status: 'Error', message: (error as Error).message };
	} finally {
		connection?.close();
	}
}
