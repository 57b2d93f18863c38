import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { DEFAULT_FIELD_TABLE, LEAD_FIELDS, type LeadField, fieldTable } from '../../../src/intake';
import { intake } from './common';

const LABELS: Record<LeadField, string> = {
	email: 'Email',
	firstName: 'First Name',
	lastName: 'Last Name',
	name: 'Full Name',
	jobTitle: 'Job Title',
	company: 'Company',
	employees: 'Employees',
	industry: 'Industry',
	country: 'Country',
	consent: 'Consent',
};

/** The field table, the one place a user maps a form's fields; rows replace the default line of their lead field. */
export const description: INodeProperties[] = [
	{
		displayName: 'Field Table',
		name: 'fieldTable',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Row',
		default: {},
		description:
			"Which of the form's fields fill each lead field (by key, ref or label; case, spaces and punctuation ignored). A lead field without a row reads its usual names, e.g. Email reads email, work email, email address. Fields no row maps are kept under the lead's fields.",
		displayOptions: { show: { source: ['n8nForm', 'typeform', 'tally', 'webflow', 'site'] } },
		options: [
			{
				displayName: 'Row',
				name: 'row',
				values: [
					{
						displayName: 'Lead Field',
						name: 'leadField',
						type: 'options',
						options: LEAD_FIELDS.map((field) => ({ name: LABELS[field], value: field, description: `Default: ${DEFAULT_FIELD_TABLE[field].join(', ')}` })),
						default: 'email',
					},
					{
						displayName: 'Form Fields',
						name: 'formFields',
						type: 'string',
						default: '',
						placeholder: 'e.g. work_email, Business email',
						description: "The form's field names for it, comma-separated; the first one the submission has wins",
					},
				],
			},
		],
	},
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return intake(this, (itemIndex) => {
		const rows = (this.getNodeParameter('fieldTable.row', itemIndex, []) as Array<{ leadField: LeadField; formFields: string }>) ?? [];
		const overrides: Partial<Record<LeadField, string[]>> = {};
		for (const row of rows) {
			const names = String(row.formFields ?? '').split(',').map((n) => n.trim()).filter(Boolean);
			overrides[row.leadField] = [...(overrides[row.leadField] ?? []), ...names];
		}
		return fieldTable(overrides);
	});
}
