/**
 * Running a workflow as the editor's *Execute workflow* button does in n8n 2.41: a manual execution (pinned data
 * used) through `POST /rest/workflows/:id/run`, from the trigger the editor picks, then the execution read back.
 */
import type { IDataObject } from 'n8n-workflow';
import type { OwnerSession } from './credentials';
import type { ExecutionResult, WorkflowJson } from './n8n';

/**
 * The trigger *Execute workflow* starts from in a freshly opened workflow (n8n-editor-ui 2.41.1, the canvas' default
 * trigger): the enabled trigger of the highest rank, Form Trigger 10, Webhook 9, any non-core trigger 8, Schedule 7,
 * Manual 6, Execute Workflow Trigger 5, Error Trigger 4; ties keep the workflow's node order.
 */
const RANK: Record<string, number> = {
	'n8n-nodes-base.formTrigger': 10,
	'n8n-nodes-base.webhook': 9,
	'n8n-nodes-base.scheduleTrigger': 7,
	'n8n-nodes-base.manualTrigger': 6,
	'n8n-nodes-base.executeWorkflowTrigger': 5,
	'n8n-nodes-base.errorTrigger': 4,
};
const isTrigger = (type: string) => type in RANK || /trigger$/i.test(type);

export function editorDefaultTrigger(workflow: WorkflowJson): string | undefined {
	const triggers = workflow.nodes.filter((node) => isTrigger(String(node.type)) && !node.disabled);
	const rank = (node: IDataObject) => RANK[String(node.type)] ?? (String(node.type).startsWith('n8n-nodes-base.') ? 0 : 8);
	return [...triggers].sort((a, b) => rank(b) - rank(a))[0]?.name as string | undefined;
}

/** flatted's format (how n8n stores execution data): a flat array, every string a reference to another entry. */
export function parseFlatted(text: string): unknown {
	const table = JSON.parse(text) as unknown[];
	const seen = new Map<number, unknown>();
	const revive = (index: number): unknown => {
		if (seen.has(index)) return seen.get(index);
		const value = table[index];
		if (value === null || typeof value !== 'object') {
			seen.set(index, value);
			return value;
		}
		const copy: IDataObject | unknown[] = Array.isArray(value) ? [] : {};
		seen.set(index, copy);
		for (const [key, entry] of Object.entries(value)) (copy as IDataObject)[key] = typeof entry === 'string' ? revive(Number(entry)) : entry;
		return copy;
	};
	return revive(0);
}

/** Runs the stored workflow from `trigger` as the editor does and waits (bounded) for the finished execution. */
export async function runInEditor(session: OwnerSession, workflowId: string, trigger: string, timeoutMs = 60_000): Promise<ExecutionResult> {
	const started = (await session.request('POST', `/workflows/${workflowId}/run`, { triggerToStartFrom: { name: trigger } })).data as IDataObject;
	const executionId = (started.data as IDataObject | undefined)?.executionId;
	if (!executionId) throw new Error(`the run did not start an execution: ${JSON.stringify(started)}`);
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const execution = ((await session.request('GET', `/executions/${executionId}`)).data as IDataObject).data as IDataObject;
		if (execution.finished || ['success', 'error', 'crashed', 'canceled'].includes(String(execution.status))) {
			return { status: String(execution.status), finished: Boolean(execution.finished), data: parseFlatted(String(execution.data)) as ExecutionResult['data'] };
		}
		await new Promise((done) => setTimeout(done, 500));
	}
	throw new Error(`execution ${String(executionId)} did not finish within ${timeoutMs / 1000} s`);
}
