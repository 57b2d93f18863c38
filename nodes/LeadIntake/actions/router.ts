import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { type Source, VENDORS } from '../../../src/intake';
import * as emailPlatform from './emailPlatform';
import * as form from './form';

/** One module per kind of source, as n8n's own multi-operation nodes are split (Airtable V2). */
export const kinds = { form, events: emailPlatform };

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const source = this.getNodeParameter('source', 0) as Source;
	return kinds[VENDORS[source].kind].execute.call(this);
}
