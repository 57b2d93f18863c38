import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { ClassifyStage } from '../../../nodes/ClassifyStage/ClassifyStage.node';
import { ScoreLead } from '../../../nodes/ScoreLead/ScoreLead.node';
import { runNode, type RunNodeResult } from '../../helpers/runNode';

/** The execution hints n8n shows above the output panel, for results that look fine but are not. */
const asOf = '2026-11-22T00:00:00Z';

function hintsOf(result: RunNodeResult, node: string): IDataObject[] {
	return (result.run.data.resultData.runData[node]?.[0]?.hints ?? []) as unknown as IDataObject[];
}

const rules = (fit: IDataObject[]): INodeParameters => ({
	modelSource: 'ui',
	fitRules: { rule: fit as INodeParameters[] },
	settings: { halfLifeDays: 0 },
	includeExplanation: false,
	options: { asOf },
});
const title = (field: string) => ({ label: 'Senior title', field, operator: 'contains', value: 'vp', points: 20 });
const freeMail = { label: 'Free mail', field: 'email', operator: 'isFreeEmail', points: -10 };

describe('Score Lead hints', () => {
	it('a fit rule reading a field no lead has is named, with its position', async () => {
		const result = await runNode(ScoreLead, {
			parameters: rules([freeMail, title('title')]),
			items: [
				{ jobTitle: 'VP Sales', email: 'a@gmail.com' },
				{ jobTitle: 'Analyst', email: 'b@acme.io' },
			],
		});
		expect(hintsOf(result, 'Score Lead')).toEqual([
			{
				type: 'warning',
				location: 'outputPane',
				message: 'Fit rule "Senior title" (rule 2) reads "title", which no lead has: check the field name (drag it from the input panel).',
			},
		]);
	});

	it('no rule matched any lead', async () => {
		const result = await runNode(ScoreLead, { parameters: rules([title('jobTitle')]), items: [{ jobTitle: 'Analyst' }, { jobTitle: 'Engineer' }] });
		expect(hintsOf(result, 'Score Lead')).toEqual([
			{ type: 'warning', location: 'outputPane', message: "No rule matched any lead: every score is the model's floor. Check the rules' fields and values against the input." },
		]);
	});

	it('no rule matched any lead, also when the model raises every total to its floor', async () => {
		const floored = { ...rules([title('jobTitle')]), settings: { halfLifeDays: 0, totalFloor: 10 } };
		const result = await runNode(ScoreLead, { parameters: floored, items: [{ jobTitle: 'Analyst' }, { jobTitle: 'Engineer' }] });
		expect(result.outputs[0].map((item) => (item.json.leadScore as IDataObject).summary)).toEqual(['raised to floor 10', 'raised to floor 10']);
		expect(hintsOf(result, 'Score Lead')).toEqual([
			{ type: 'warning', location: 'outputPane', message: "No rule matched any lead: every score is the model's floor. Check the rules' fields and values against the input." },
		]);
	});

	it('every lead scored the same', async () => {
		const result = await runNode(ScoreLead, { parameters: rules([title('jobTitle')]), items: [{ jobTitle: 'VP Sales' }, { jobTitle: 'vp marketing' }] });
		expect(hintsOf(result, 'Score Lead')).toEqual([{ type: 'info', location: 'outputPane', message: 'Every lead scored 20: the rules do not tell these leads apart.' }]);
	});

	it('none when leads differ and every field is there; none for a single lead with a score', async () => {
		const differ = await runNode(ScoreLead, { parameters: rules([title('jobTitle')]), items: [{ jobTitle: 'VP Sales' }, { jobTitle: 'Analyst' }] });
		expect(hintsOf(differ, 'Score Lead')).toEqual([]);
		const one = await runNode(ScoreLead, { parameters: rules([title('jobTitle')]), items: [{ jobTitle: 'VP Sales' }] });
		expect(hintsOf(one, 'Score Lead')).toEqual([]);
	});
});

describe('Score Lead: events dated after As Of', () => {
	const model = { name: 'Events', engagementRules: [{ label: 'Demo', points: 30, eventType: 'demo_request' }] };
	const parameters: INodeParameters = { modelSource: 'json', modelJson: JSON.stringify(model), includeExplanation: false, options: { asOf } };
	const demoAt = (timestamp: unknown) => ({ events: [{ type: 'demo_request', timestamp }] });

	it('counts a clock up to 5 minutes ahead and microsecond epochs; names the count and the first event beyond', async () => {
		const result = await runNode(ScoreLead, {
			parameters,
			items: [
				demoAt('2026-11-22T00:04:59Z'), // a sender's clock ahead by 4 min 59 s: counted
				demoAt(1_763_683_200_000_000), // 2026-11-21T00:00:00Z in microseconds: counted
				demoAt('2026-11-22T02:00:00'), // local time (UTC+2) sent without its zone: 2 hours ahead
				{ events: [{ type: 'demo_request', timestamp: '2026-11-21T00:00:00Z' }, { type: 'demo_request', timestamp: '2026-11-23T00:00:00Z' }] },
			],
		});
		expect(result.outputs[0].map((item) => (item.json.leadScore as IDataObject).score)).toEqual([30, 30, 0, 30]);
		expect((result.outputs[0][2].json.leadScore as IDataObject).eventsAfterAsOf).toEqual({ count: 1, firstField: 'events[0].timestamp', firstValue: '2026-11-22T02:00:00' });
		expect(hintsOf(result, 'Score Lead')).toEqual([
			{
				type: 'warning',
				location: 'outputPane',
				message:
					'2 events on 2 leads are dated more than 5 minutes after As Of (2026-11-22T00:00:00.000Z) and gave no points; the first: item 2, ' +
					'events[0].timestamp = "2026-11-22T02:00:00". Check the sender\'s clock, the time unit or zone of that field, or As Of.',
			},
		]);
	});
});

describe('Classify Stage hints', () => {
	const lead = (score: number) => ({ leadScore: { score, fitScore: 0, engagementScore: 0, grade: 'D' } });

	it('names the stages no lead reached (default ladder: IQL from 20, MQL from 50, SQL from 75)', async () => {
		const result = await runNode(ClassifyStage, { parameters: { options: { asOf } }, items: [lead(10), lead(60)] });
		expect(hintsOf(result, 'Classify Stage')).toEqual([
			{
				type: 'info',
				location: 'outputPane',
				message: "No lead reached IQL, SQL in this run. If that is unexpected, check those stages' thresholds against the scores.",
			},
		]);
	});

	it('none when every stage was reached', async () => {
		const result = await runNode(ClassifyStage, { parameters: { options: { asOf } }, items: [lead(10), lead(30), lead(60), lead(90)] });
		expect(hintsOf(result, 'Classify Stage')).toEqual([]);
	});
});
