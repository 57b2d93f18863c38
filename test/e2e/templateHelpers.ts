/** Reading the workflow templates in templates/ for the e2e tests, as a user would import them. */
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { IDataObject } from 'n8n-workflow';
import type { WorkflowJson } from './n8n';
import { PACKAGE } from './workflows';

const TEMPLATES = resolve(__dirname, '../../templates');

/** The template files, sorted by name. */
export const TEMPLATE_FILES = readdirSync(TEMPLATES)
	.filter((file) => file.endsWith('.json'))
	.sort();

export function loadTemplate(fileName: string): WorkflowJson {
	return JSON.parse(readFileSync(resolve(TEMPLATES, fileName), 'utf8')) as WorkflowJson;
}

/**
 * The template with a fixed As Of on every node of this package, so a test gets the same numbers on any day.
 * Templates meant for production leave As Of empty (now); this is the only change the tests make to them.
 */
export function withFixedAsOf(template: WorkflowJson, asOf: string): WorkflowJson {
	const nodes = template.nodes.map((node) => {
		if (!String(node.type).startsWith(`${PACKAGE}.`)) return node;
		const parameters = node.parameters as IDataObject;
		return { ...node, parameters: { ...parameters, options: { ...(parameters.options as IDataObject), asOf } } };
	});
	return { ...template, nodes };
}
