import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { RouteToSales, routeToSales } from './RouteToSales.node';
import { createRedisTurnPicker, REDIS_CREDENTIAL, redisConnectionTest } from './redisTurnStore';
import { REDIS_TURN_PROPERTIES, TURN_PROPERTIES } from './turns';

/**
 * Route to Sales (Redis), the node of the companion package n8n-nodes-lead-scoring-redis: Route to Sales itself (the
 * same description and the same execute) with the atomic Redis turn store behind Turn Storage "Redis (Atomic)" and
 * Method "Fewest in Period". Built from these sources by scripts/build-companion.js; never part of the main package,
 * whose scanner gate it would fail (a socket and timers of its own). Its type name ends in `.routeToSales` like the
 * main node's, so moving a workflow is changing the package part of the type.
 */
const base = new RouteToSales().description;
const at = base.properties.indexOf(TURN_PROPERTIES[0]);

export class RouteToSalesRedis implements INodeType {
	methods = { credentialTest: { redisConnectionTest } };

	description: INodeTypeDescription = {
		...base,
		displayName: 'Route to Sales (Redis)',
		icon: base.icon,
		subtitle: base.subtitle,
		usableAsTool: true,
		description: `${base.description}; turns kept atomically in Redis across queue-mode workers`,
		defaults: { name: 'Route to Sales' },
		credentials: [
			...(base.credentials ?? []),
			{ name: REDIS_CREDENTIAL, required: true, testedBy: 'redisConnectionTest', displayOptions: { show: { pointerStorage: ['redis'] } } },
		],
		properties: [...base.properties.slice(0, at), ...REDIS_TURN_PROPERTIES, ...base.properties.slice(at + TURN_PROPERTIES.length)],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return routeToSales(this, createRedisTurnPicker);
	}
}
