import type { INodeOutputConfiguration, INodeParameters } from 'n8n-workflow';

/**
 * The node's outputs for its current parameters, as the editor draws them and the node fills them:
 * one per stage of the ladder (or one for all leads), plus "Unchanged" with Only Changed, plus "Failed" with One
 * Output per Stage: where leads that failed go with On Error "Continue (regular output)", so that a lead whose score
 * could not be read never passes for a cold one.
 *
 * n8n evaluates this in an expression (in the editor and before each run), so it is stringified: it must not use
 * anything from outside its own body (no imports, no module constants, and a catch needs its binding, which n8n's
 * expression engine requires). The default ladder's names come as an argument. Reading a parameter evaluates its
 * expression: a ladder that depends on the item (or JSON that does not parse) is unknown here and gives one output.
 */
export function configuredOutputs(parameters: INodeParameters, defaultStageNames: string[]): INodeOutputConfiguration[] {
	const output = (displayName: string): INodeOutputConfiguration => ({ type: 'main', displayName });
	const stageNames = (): string[] => {
		const source = parameters.ladderSource ?? 'default';
		if (source === 'default') return defaultStageNames;
		if (source === 'ui') {
			const stages = (parameters.stages as { stage?: Array<{ name?: string }> } | undefined)?.stage ?? [];
			return [String(parameters.floorStage ?? ''), ...stages.map((s) => String(s.name ?? ''))];
		}
		const raw = parameters.ladderJson;
		const ladder = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { stages?: Array<{ name?: unknown }> };
		return (ladder?.stages ?? []).map((s) => String(s?.name ?? ''));
	};
	const readNames = (): string[] => {
		try {
			return parameters.routing === 'single' ? [] : stageNames().map((name) => name.trim());
			/* eslint-disable-next-line @typescript-eslint/no-unused-vars -- n8n's expression engine fails on a catch without binding */
		} catch (unknownYet) {
			return [];
		}
	};
	const names = readNames();
	const outputs = names.length > 0 ? names.map(output) : [output(parameters.onlyChanged ? 'Changed' : '')];
	if (parameters.onlyChanged) outputs.push(output('Unchanged'));
	if (parameters.routing !== 'single') outputs.push(output('Failed'));
	return outputs;
}
