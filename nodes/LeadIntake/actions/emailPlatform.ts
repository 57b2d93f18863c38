import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { DEFAULT_FIELD_TABLE } from '../../../src/intake';
import { intake } from './common';

/** Email platforms carry events with the recipient's address: nothing to map. */
export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return intake(this, () => DEFAULT_FIELD_TABLE);
}
