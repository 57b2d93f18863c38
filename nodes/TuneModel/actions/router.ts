import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import * as evaluate from './evaluate.operation';
import * as preview from './preview.operation';
import * as suggest from './suggest.operation';

/** One module per operation, as n8n's own multi-operation nodes are split (Airtable V2). */
export const operations = { evaluate, suggest, preview };

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = this.getNodeParameter('operation', 0) as keyof typeof operations;
	return operations[operation].execute.call(this);
}
