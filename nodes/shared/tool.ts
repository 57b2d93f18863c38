import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { describeValue } from '../../src/errors';

/**
 * How an AI Agent hands a lead to one of our nodes used as a tool ("Score Lead Tool").
 *
 * n8n 2.41 wraps a node that sets `usableAsTool` into a `<name>Tool` node type with the same parameters. The
 * agent's tool schema is built from the `$fromAI()` calls in those parameters (and from nothing else), and when
 * the model calls the tool n8n runs the node on one item: the agent's input merged with the model's arguments.
 * So the lead has to be a parameter whose value is `$fromAI(...)`: this one, shown only in the tool variant
 * (`@tool`), whose description is what the model reads about the `lead` argument.
 */
export function toolLeadProperty(description: string): INodeProperties {
	return {
		displayName: 'Lead',
		name: 'toolLead',
		type: 'json',
		default: `={{ $fromAI('lead', ${JSON.stringify(description)}, 'json') }}`,
		description:
			"The lead the AI model passes to this tool. Leave the default to let the model fill it, or map a lead from the agent's input.",
		displayOptions: { show: { '@tool': [true] } },
	};
}

/** Whether the node runs as an AI Agent's tool (its type is the wrapped `<name>Tool`). */
export function isToolRun(ctx: IExecuteFunctions): boolean {
	return ctx.getNode().type.endsWith('Tool');
}

/** The lead the model passed to the tool for one item (a JSON object, or JSON text of one). */
export function toolLead(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const given = ctx.getNodeParameter('toolLead', itemIndex, {}) as unknown;
	let lead = given;
	if (typeof lead === 'string') {
		try {
			lead = JSON.parse(lead);
		} catch {
			// Not JSON: reported below as what it is.
		}
	}
	if (lead === null || typeof lead !== 'object' || Array.isArray(lead)) {
		// The agent shows this message to the model, which can then call the tool again with a proper lead.
		throw new NodeOperationError(ctx.getNode(), `Lead: expected a JSON object with the lead's fields, got ${describeValue(given)}`, { itemIndex });
	}
	return lead as IDataObject;
}
