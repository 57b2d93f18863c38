/**
 * Crash points for the kill -9 tests of the lead-store templates: a copy of a template with a pass-through step on
 * every connection (and after every last node), so a test can stop an execution exactly between two steps, kill n8n
 * there and retry. Nothing else of the template changes.
 *
 * A crash point is a Postgres node that takes the shared advisory lock `hashtext('<from> -> <to>|<tag>')`, where the
 * tag is the request's `x-crash-tag` header (empty when absent), and hands the item on unchanged (a Set node unwraps
 * it). Nobody holds those locks, so a request passes every crash point at once; a test that holds the lock of one
 * point and tag (`holdLocks` in leadStore.ts) stops that request there and nowhere else. Killing n8n then is a crash
 * after step <from> and before step <to>: what <from> wrote is committed, <to> has not started.
 */
import type { IDataObject } from 'n8n-workflow';
import type { WorkflowJson } from './n8n';

interface Connection {
	node: string;
	type: string;
	index: number;
}

export const crashPointKey = (from: string, to: string, tag: string) => `${from} -> ${to}|${tag}`;

/** The template with a crash point between every pair of connected steps and after each last step (`to` = 'end'). */
export function withCrashPoints(template: WorkflowJson, webhookNode: string): WorkflowJson {
	const nodes = [...template.nodes];
	const connections: IDataObject = JSON.parse(JSON.stringify(template.connections));
	// Requests to the template's other webhooks (a platform's own) pass the points untagged.
	const tag = `(($('${webhookNode}').isExecuted ? $('${webhookNode}').first().json.headers['x-crash-tag'] : '') ?? '')`;
	const points: string[] = [];
	const addPoint = (from: string, to: string, next?: Connection) => {
		const lock = `Crash point: ${from} -> ${to}`;
		const pass = `Pass on: ${from} -> ${to}`;
		nodes.push(
			{
				name: lock, type: 'n8n-nodes-base.postgres', typeVersion: 2.6, position: [0, 800 + 100 * points.length], id: `crash-lock-${points.length}`,
				parameters: {
					operation: 'executeQuery',
					query: 'SELECT $1::jsonb AS item FROM (SELECT pg_advisory_xact_lock_shared(hashtext($2))) AS crash_point',
					options: { queryReplacement: `={{ [$json, '${from} -> ${to}|' + ${tag}] }}` },
				},
			},
			{
				name: pass, type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [220, 800 + 100 * points.length], id: `crash-pass-${points.length}`,
				parameters: { mode: 'raw', jsonOutput: '={{ JSON.stringify($json.item) }}', includeOtherFields: false, options: {} },
			},
		);
		connections[lock] = { main: [[{ node: pass, type: 'main', index: 0 }]] };
		connections[pass] = { main: [next ? [next] : []] };
		points.push(`${from} -> ${to}`);
		return lock;
	};
	// A trigger hands its step the request, raw body (binary) included, which a crash point (a query) would drop; a crash
	// there is a crash inside the first step, before anything is written.
	const triggers = new Set(template.nodes.filter((node) => /webhook$|formTrigger$/.test(String(node.type))).map((node) => String(node.name)));
	for (const [from, byType] of Object.entries(template.connections)) {
		if (triggers.has(from)) continue;
		const outputs = ((byType as IDataObject).main ?? []) as Connection[][];
		const pointFor = new Map<string, string>();
		(connections[from] as IDataObject).main = outputs.map((targets) =>
			targets.map((target) => {
				const key = `${target.node}#${target.index}`;
				if (!pointFor.has(key)) pointFor.set(key, addPoint(from, target.node, target));
				return { node: pointFor.get(key)!, type: 'main', index: 0 };
			}),
		);
	}
	const steps = template.nodes.filter((node) => node.type !== 'n8n-nodes-base.stickyNote').map((node) => String(node.name));
	for (const last of steps.filter((name) => !template.connections[name])) {
		connections[last] = { main: [[{ node: addPoint(last, 'end'), type: 'main', index: 0 }]] };
	}
	return { ...template, nodes, connections };
}
