/** Small builders for workflow JSON as n8n stores it, so e2e tests read as the workflow they run. */
import type { IDataObject } from 'n8n-workflow';
import type { WorkflowJson } from './n8n';

export const PACKAGE = 'n8n-nodes-lead-scoring';

export interface NodeJson extends IDataObject {
	name: string;
	type: string;
}

let nextPosition = 0;

export function node(name: string, type: string, parameters: IDataObject = {}, extra: IDataObject = {}): NodeJson {
	nextPosition += 220;
	return { id: `${name.replace(/\W/g, '-').toLowerCase()}`, name, type, typeVersion: 1, position: [nextPosition, 0], parameters, ...extra };
}

export const manualTrigger = (name = 'Manual Trigger') => node(name, 'n8n-nodes-base.manualTrigger');

/** A Code node ("Run Once for All Items") that outputs the given objects, one item each. */
export const fixedItems = (name: string, items: IDataObject[]) =>
	node(name, 'n8n-nodes-base.code', { jsCode: `return ${JSON.stringify(items.map((json) => ({ json })))};` }, { typeVersion: 2 });

/** A Code node running JavaScript over all items. */
export const code = (name: string, jsCode: string) => node(name, 'n8n-nodes-base.code', { jsCode }, { typeVersion: 2 });

/** A production webhook at /webhook/<path> that answers with the first item of the last node. */
export const webhook = (name: string, path: string, webhookId: string) =>
	node(name, 'n8n-nodes-base.webhook', { path, httpMethod: 'POST', responseMode: 'lastNode' }, { typeVersion: 2, webhookId });

/** One of this package's nodes, e.g. `ours('Score Lead', 'scoreLead', { modelSource: 'preset' })`. */
export const ours = (name: string, nodeName: string, parameters: IDataObject, extra: IDataObject = {}) =>
	node(name, `${PACKAGE}.${nodeName}`, parameters, extra);

/** A workflow whose nodes run one after the other, each from output 0 of the one before. */
export function chain(name: string, nodes: NodeJson[], id?: string): WorkflowJson {
	const connections: IDataObject = {};
	nodes.slice(1).forEach((to, index) => {
		connections[nodes[index].name] = { main: [[{ node: to.name, type: 'main', index: 0 }]] };
	});
	return { ...(id ? { id } : {}), name, nodes, connections };
}
