import {
	NodeConnectionTypes,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { pathProblem, readPath, withField } from '../../src/fields';
import { buildMessage, handOffFacts, MESSAGE_FORMATS, serializeMessage, type MessageFormat } from '../../src/routing/message';
import {
	finishRoute,
	loadRoutingState,
	planRoute,
	routeLead,
	storeRoutingState,
	type RoutingState,
} from '../../src/routing/route';
import { asOfOption, asOfReader } from '../shared/asOf';
import { asNodeError, namedFields, routeItems } from '../shared/execution';
import { READS, currentRecord } from '../shared/leadRecord';
import { toolLeadProperty } from '../shared/tool';
import { compiledSetting, fieldPathParameter, sameForEveryItem } from '../shared/settings';
import { createDelivery, DEFAULT_DELIVERY, type DeliveryOutcome } from './notify';
import { ConfigError, describeValue } from '../../src/errors';
import { OPERATOR_OPTIONS, numericValueHint } from '../shared/conditionBuilder';
import { builderFields } from '../shared/builderFields';
import { ROUTING_RULE_FIELDS, compileRoutingSetting, readRoutingSettings, routingParameters } from './routingSettings';
import { createTurnPicker, movedStoreError, POINTER_METHODS, TURN_PROPERTIES, turnHints, type RedisTurnPickerFactory } from './turns';
import { docsUrl } from '../shared/docs';

const ASSIGNED = 0;
const UNASSIGNED = 1;
const STATE_KEY = 'routingState';
const CREDENTIAL = 'leadScoringWebhookApi';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'].map((name, i) => ({
	name,
	value: String(i + 1),
}));

const REP_FIELDS: INodeProperties[] = [
	{ displayName: 'ID', name: 'id', type: 'string', default: '', required: true, description: 'Unique ID of the rep, e.g. the CRM user ID' },
	{ displayName: 'Name', name: 'name', type: 'string', default: '' },
	{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '' },
	{ displayName: 'Team', name: 'team', type: 'string', default: '', description: 'Team the routing rules send leads to' },
	{ displayName: 'Weight', name: 'weight', type: 'number', typeOptions: { minValue: 0.01 }, default: 1, description: 'Share of leads relative to the others: 2 gets twice as many as 1' },
	{ displayName: 'Capacity', name: 'capacity', type: 'number', typeOptions: { minValue: 0 }, default: 0, description: 'Most open leads the rep may hold; 0 for no limit' },
	{ displayName: 'Open Leads', name: 'openLeads', type: 'number', typeOptions: { minValue: 0 }, default: 0, description: 'Open leads the rep holds now (map it from your CRM)' },
	{ displayName: 'Time Zone', name: 'timeZone', type: 'string', default: 'UTC', placeholder: 'Europe/Berlin', description: 'IANA time zone of the rep, for working hours and due times' },
	{ displayName: 'Working Days', name: 'workingDays', type: 'multiOptions', options: WEEKDAYS, default: ['1', '2', '3', '4', '5'] },
	{ displayName: 'Working From', name: 'workStart', type: 'string', default: '09:00', placeholder: 'HH:MM' },
	{ displayName: 'Working Until', name: 'workEnd', type: 'string', default: '18:00', placeholder: 'HH:MM' },
	{ displayName: 'Out of Office From', name: 'outOfOfficeFrom', type: 'dateTime', default: '', description: 'First moment the rep is away, on the rep\'s own clock' },
	{ displayName: 'Out of Office Until', name: 'outOfOfficeTo', type: 'dateTime', default: '', description: 'First moment the rep is back, on the rep\'s own clock' },
	{ displayName: 'Active', name: 'active', type: 'boolean', default: true, description: 'Whether the rep takes leads at all' },
];

const STATIC_DATA_NOTICE =
	"Static data keeps the turn only on one n8n instance, for published workflows, one execution at a time. With overlapping executions or queue mode, choose Turn Number From Item, fed by n8n's Redis node (Increment).";

export class RouteToSales implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Route to Sales',
		name: 'routeToSales',
		icon: { light: 'file:routeToSales.svg', dark: 'file:routeToSales.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ ({ roundRobin: "Round robin", weightedRoundRobin: "Weighted round robin", sticky: "Sticky", leastLoaded: "Least loaded", fewestInPeriod: "Fewest in period" })[$parameter["method"]] }}',
		description: 'Assign qualified leads to an available sales rep, with due time, priority and an optional hand-off message',
		documentationUrl: docsUrl('route-to-sales.md'),
		defaults: { name: 'Route to Sales' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Assigned', 'Unassigned'],
		// As an AI Agent's tool the model passes the lead (see shared/tool.ts).
		usableAsTool: true,
		// Before a run: a routing rule whose number operator has a Value that is not a number.
		hints: [numericValueHint('true', '($parameter.routingRules || {}).rule', 'r.operator', 'r.value')],
		credentials: [
			{ name: CREDENTIAL, required: true, displayOptions: { show: { notify: ['assigned', 'all'] } } },
		],
		properties: [
			toolLeadProperty(
				'The qualified lead to assign to a sales rep, as a JSON object with the fields you know (e.g. {"email": "dana@acme.com", "name": "Dana", "country": "DE", "company": {"name": "Acme", "employees": 250}, "leadScore": {"score": 80, "grade": "A"}}); never invent values',
			),
			{
				displayName: 'Reps Source',
				name: 'repsSource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Define Below', value: 'list' },
					{ name: 'JSON', value: 'json', description: 'A list from a sheet or the CRM, e.g. an expression' },
				],
				default: 'list',
			},
			{
				displayName: 'Reps',
				name: 'reps',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true, sortable: true },
				placeholder: 'Add Rep',
				default: {},
				description: 'The reps in order; the order breaks ties',
				displayOptions: { show: { repsSource: ['list'] } },
				options: [{ displayName: 'Rep', name: 'rep', values: REP_FIELDS }],
			},
			{
				displayName: 'Reps (JSON)',
				name: 'repsJson',
				type: 'json',
				default:
					'[\n  {\n    "id": "ana",\n    "name": "Ana",\n    "email": "ana@example.com",\n    "team": "EMEA",\n    "weight": 1,\n    "capacity": 40,\n    "openLeads": 12,\n    "timeZone": "Europe/Berlin",\n    "workingHours": { "days": [1, 2, 3, 4, 5], "start": "09:00", "end": "18:00" },\n    "outOfOffice": { "from": "2026-11-20", "to": "2026-12-01" },\n    "active": true\n  }\n]',
				description: 'List of reps: ID, name, email, team, weight, capacity, open leads, time zone, working hours, out of office, active',
				displayOptions: { show: { repsSource: ['json'] } },
			},
			{
				displayName: 'Routing Rules',
				name: 'routingRules',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true, sortable: true },
				placeholder: 'Add Rule',
				default: {},
				description: 'Checked in order; the first rule that matches picks the team',
				options: [
					{
						displayName: 'Rule',
						name: 'rule',
						// Alphabetical: n8n's verification requires it, and its scanner ignores eslint-disable comments.
						values: [
							{
								displayName: 'Field',
								name: 'field',
								type: 'string',
								default: '',
								placeholder: 'country',
								description: 'Drag a field from the input, or type its path (company.country); any other expression is evaluated per lead and its result compared',
							},
							{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'DACH enterprise' },
							{ displayName: 'Operator', name: 'operator', type: 'options', options: OPERATOR_OPTIONS, default: 'equals' },
							{ displayName: 'Team', name: 'team', type: 'string', default: '', description: 'Team that gets the lead when the rule matches' },
							{ displayName: 'Value', name: 'value', type: 'string', default: '', description: 'Text compares without case; numbers as numbers' },
						],
					},
				],
			},
			{
				displayName: 'Default Team',
				name: 'defaultTeam',
				type: 'string',
				default: '',
				description: 'Team for leads no rule matches; leave empty for all reps',
			},
			{
				displayName: 'Method',
				name: 'method',
				type: 'options',
				noDataExpression: true,
				// Alphabetical: n8n's verification requires it, and its scanner ignores eslint-disable comments.
				options: [
					{ name: 'Fewest in Period', value: 'fewestInPeriod', description: 'Fewest leads assigned today or this week, for the weight (Redis counters: Route to Sales (Redis) only)' },
					{ name: 'Least Loaded', value: 'leastLoaded', description: 'Fewest open leads for capacity and weight; map Open Leads from your CRM' },
					{ name: 'Round Robin', value: 'roundRobin', description: 'Each available rep in turn' },
					{ name: 'Sticky', value: 'sticky', description: 'The same lead always goes to the same rep (weighted hashing, no state)' },
					{ name: 'Weighted Round Robin', value: 'weightedRoundRobin', description: 'In turn, in proportion to weight: lowest pointer wins, pointer grows by 1/weight' },
				],
				default: 'roundRobin',
			},
			{
				displayName: STATIC_DATA_NOTICE,
				name: 'staticDataNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { method: POINTER_METHODS, pointerStorage: ['staticData'] } },
			},
			...TURN_PROPERTIES,
			{
				displayName: 'Pointer Field',
				name: 'pointerField',
				type: 'string',
				default: STATE_KEY,
				description: 'Path of the pointer state on the item; an item without one continues from the previous item',
				displayOptions: { show: { method: POINTER_METHODS, pointerStorage: ['item'] } },
			},
			{
				displayName: 'Lead Key Field',
				name: 'leadKeyField',
				type: 'string',
				default: 'email',
				description: 'Path of the value that identifies the lead (compared without case)',
				displayOptions: { show: { method: ['sticky'] } },
			},
			{
				displayName: 'SLA Minutes',
				name: 'slaMinutes',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 15,
				description: 'Minutes until first contact is due; 0 for no due time',
			},
			{
				displayName: 'Count SLA in Working Hours',
				name: 'slaBusinessHours',
				type: 'boolean',
				default: false,
				description: "Whether to count the SLA minutes only inside the assigned rep's working hours, in the rep's time zone",
			},
			{
				displayName: 'Notify',
				name: 'notify',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'No', value: 'none' },
					{ name: 'Assigned Leads', value: 'assigned' },
					{ name: 'All Leads', value: 'all', description: 'Also say when nobody was available' },
				],
				default: 'none',
				description: 'Whether to post a hand-off message to a webhook',
			},
			{
				displayName: 'Message Format',
				name: 'messageFormat',
				type: 'options',
				options: [
					{ name: 'Slack', value: 'slack' },
					{ name: 'Microsoft Teams', value: 'teams', description: 'Adaptive card for a Teams workflow webhook' },
					{ name: 'JSON', value: 'json', description: 'Plain JSON for your own endpoint' },
				],
				default: 'slack',
				displayOptions: { show: { notify: ['assigned', 'all'] } },
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					asOfOption,
					{ displayName: 'Activities Field', name: 'activitiesField', type: 'string', default: 'activities', description: 'Path of the list of recent activities for the message' },
					{ displayName: 'Current Owner Field', name: 'currentOwnerField', type: 'string', default: 'owner', description: 'Path of the current owner (rep ID or email)' },
					{ displayName: 'Fallback Owner', name: 'fallbackOwner', type: 'string', default: '', description: 'Owner when no rep is available (rep ID, email or a queue); leave empty to send such leads to Unassigned' },
					{ displayName: 'Grade Field', name: 'gradeField', type: 'string', default: 'leadScore.grade, grade', description: 'Path of the grade Score Lead wrote; sets the priority of a lead with neither a known stage nor a score' },
					{ displayName: 'Keep Current Owner', name: 'keepCurrentOwner', type: 'boolean', default: false, description: 'Whether a lead whose current owner is an available rep stays with them' },
					{ displayName: 'Lead Score Field', name: 'leadScoreField', type: 'string', default: 'leadScore', description: 'Path of the Score Lead result, for the reasons in the message' },
					{ displayName: 'Max Attempts', name: 'maxAttempts', type: 'number', typeOptions: { minValue: 1, maxValue: 5 }, default: 3, description: 'Tries per message; 408, 429, 5xx, timeouts and dropped connections are retried after 1 s, 2 s, 4 s (or Retry-After). All messages of one run share 2 minutes; after 5 leads in a row whose message failed, the rest are marked not sent.' },
					{ displayName: 'Output Field', name: 'outputField', type: 'string', default: 'routing', description: 'Path the routing result is written to' },
					{ displayName: 'Priority Score Thresholds', name: 'priorityThresholds', type: 'string', default: '80, 50, 20', description: 'Lowest scores for P1, P2 and P3 when the lead has no known stage' },
					{ displayName: 'Respect Working Hours', name: 'respectWorkingHours', type: 'boolean', default: false, description: 'Whether to skip reps outside their working hours in their own time zone' },
					{ displayName: 'Score Field', name: 'scoreField', type: 'string', default: 'decay.score, leadScore.score, score', description: 'Path of the score (the first of several the lead has: decayed, scored, flat); sets the priority of a lead with no known stage' },
					{ displayName: 'Stage Field', name: 'stageField', type: 'string', default: 'leadStage.stage', description: 'Path of the stage Classify Stage wrote; sets the priority (SQL is P1) and shows in the message' },
				],
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return routeToSales(this);
	}
}

/**
 * Routes the execution's leads; `redisTurns` is the Redis turn store's picker, given only by the companion
 * package's Route to Sales (Redis) (routeToSalesRedis.ts), whose node runs this same function.
 */
export async function routeToSales(ctx: IExecuteFunctions, redisTurns?: RedisTurnPickerFactory): Promise<INodeExecutionData[][]> {
	const option = <T>(name: string, fallback: T): T => sameForEveryItem(ctx, `options.${name}`, undefined, fallback);
	const method = ctx.getNodeParameter('method', 0) as string;
	const repsSource = ctx.getNodeParameter('repsSource', 0) as string;
	const fields = builderFields(ctx, ROUTING_RULE_FIELDS);
	const routingFor = compiledSetting(ctx, routingParameters(repsSource), (i) => readRoutingSettings(ctx, i, fields), compileRoutingSetting, fields);
	const storage = POINTER_METHODS.includes(method) ? (ctx.getNodeParameter('pointerStorage', 0, 'staticData') as string) : undefined;
	const onItem = storage === 'item';
	const outputPath = fieldPathParameter(ctx, 'options.outputField', 'Output Field', 'routing');
	const pointerPath = onItem ? fieldPathParameter(ctx, 'pointerField', 'Pointer Field') : undefined;
	const asOf = asOfReader(ctx);
	const moved = movedStoreError(ctx, method, redisTurns);
	const pickTurn = await createTurnPicker(ctx, method, redisTurns);
	const notifier = await createNotifier(ctx, option);

	const staticData = storage === 'staticData' ? ctx.getWorkflowStaticData('node') : undefined;
	let state: RoutingState = loadRoutingState(staticData?.[STATE_KEY]);

	const outputs = await routeItems(
		ctx,
		2,
		async (item, itemIndex) => {
			if (moved) throw moved();
			// The lead the rules read: the item's json plus the values n8n computed for rule Fields given as expressions.
			const lead = fields.leadOf(currentRecord(item.json), itemIndex);
			const carried = pointerPath ? readPath(item.json, pointerPath) : undefined;
			const before = carried === undefined ? state : { ...loadRoutingState(carried), assignedSinceRead: state.assignedSinceRead };
			let result;
			if (pickTurn) {
				// The pick happens in the turn store (one atomic step) or from the item's turn; the rest is the core's.
				const plan = planRoute(lead, routingFor(itemIndex), before, asOf(itemIndex));
				result = finishRoute(plan, plan.kept ? undefined : await pickTurn(plan, item, itemIndex));
			} else {
				result = routeLead(lead, routingFor(itemIndex), before, asOf(itemIndex));
			}
			state = result.state;
			const { decision } = result;
			const output: IDataObject = { ...decision } as unknown as IDataObject;
			const assigned = decision.status !== 'unassigned';
			if (notifier && (assigned || notifier.all)) output.notification = await notifier.send(item.json, decision);
			let json = withField(item.json, outputPath, output);
			if (pointerPath) json = withField(json, pointerPath, storeRoutingState(state));
			return { json, output: assigned ? ASSIGNED : UNASSIGNED };
		},
		UNASSIGNED,
		// Only to name a setting in an error: these fields are read per item (routingSettings.ts), so item 0's paths.
		namedFields([
			[ctx.getNodeParameter('options.scoreField', 0, READS.currentTotal), 'Score Field'],
			[ctx.getNodeParameter('options.stageField', 0, READS.stage), 'Stage Field'],
			[ctx.getNodeParameter('options.gradeField', 0, READS.grade), 'Grade Field'],
			[ctx.getNodeParameter('options.currentOwnerField', 0, 'owner'), 'Current Owner Field'],
		]),
	);
	if (staticData) staticData[STATE_KEY] = storeRoutingState(state) as unknown as IDataObject;
	// Execution hints, unlike description hints, show only after a run that got this far.
	const hints = turnHints(ctx, method, storage, repsSource);
	if (hints.length > 0) ctx.addExecutionHints(...hints);
	return outputs;
}

/** The hand-off poster, or undefined when no message is wanted; the credential is read once per execution. */
async function createNotifier(ctx: IExecuteFunctions, option: <T>(name: string, fallback: T) => T) {
	const notify = ctx.getNodeParameter('notify', 0, 'none') as string;
	if (notify === 'none') return undefined;
	const format = sameForEveryItem<MessageFormat>(ctx, 'messageFormat', 'Message Format', 'slack');
	if (!MESSAGE_FORMATS.includes(format)) return undefined;
	const paths = {
		leadScore: option('leadScoreField', 'leadScore'),
		stage: option('stageField', 'leadStage.stage'),
		activities: option('activitiesField', 'activities'),
	};
	const labels: Record<keyof typeof paths, string> = { leadScore: 'Lead Score Field', stage: 'Stage Field', activities: 'Activities Field' };
	const issues = (Object.keys(paths) as Array<keyof typeof paths>).flatMap((key) => {
		const problem = pathProblem(paths[key]);
		return problem ? [{ path: labels[key], message: problem }] : [];
	});
	if (issues.length > 0) throw asNodeError(ctx, new ConfigError('setting', issues));
	const maxAttempts = option<unknown>('maxAttempts', 3);
	if (typeof maxAttempts !== 'number' || !Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 5) {
		const problem = { path: 'Max Attempts', message: `expected a whole number from 1 to 5, got ${describeValue(maxAttempts)}` };
		throw asNodeError(ctx, new ConfigError('setting', [problem]));
	}
	const credentials = await ctx.getCredentials(CREDENTIAL);
	const url = String(credentials.url ?? '');
	const deliver = createDelivery(
		(request) => ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL, request),
		url,
		{ ...DEFAULT_DELIVERY, maxAttempts },
	);
	return {
		all: notify === 'all',
		send: async (lead: IDataObject, decision: Parameters<typeof handOffFacts>[1]): Promise<DeliveryOutcome> => {
			let body: string;
			try {
				body = serializeMessage(format, buildMessage(format, handOffFacts(lead, decision, paths)));
			} catch (error) {
				// The lead keeps its rep; only the message could not be made from its data.
				return { status: 'failed', attempts: 0, statusCode: null, error: `message not built: ${(error as Error).message}` };
			}
			return deliver(body);
		},
	};
}
