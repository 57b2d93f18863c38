import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { evaluateModel } from '../../../src/tuning';
import { readLeads, reportItem, reportProblem } from './common';

/** Evaluate has no settings of its own: the model, ladder, outcome, cutoff and target are common. */
export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const read = await readLeads(this);
	const reports: INodeExecutionData[] = [];
	for (const group of read.groups) {
		let report;
		try {
			report = evaluateModel(group.model, group.ladder, group.leads, { bands: read.bands, target: read.target });
		} catch (error) {
			reportProblem(this, error);
		}
		reports.push(
			await reportItem(this, read.withModel(report as unknown as IDataObject, group.model), group.itemIndexes, {
				field: read.chartField,
				title: `${report.model.name}: AUC ${report.auc} on ${report.leads.total} leads`,
				series: [{ name: report.model.name, color: '#3b7dd8', scores: group.leads.map((l) => l.score), y: group.leads.map((l) => l.y) }],
				bands: report.bands,
				rate: report.leads.conversionRate,
			}),
		);
		for (const warning of report.warnings) this.addExecutionHints({ message: warning, type: 'warning', location: 'outputPane' });
	}
	return [[...reports, ...read.failed]];
}
