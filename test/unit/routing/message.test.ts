import { buildMessage, handOffFacts } from '../../../src/routing/message';
import { compileRouting, emptyRoutingState, routeLead } from '../../../src/routing/route';

const lead = {
	name: 'Jane <!channel> Doe',
	email: 'jane@acme.io',
	company: { name: 'Acme & Sons' },
	leadStage: { stage: 'SQL' },
	leadScore: {
		score: 82,
		grade: 'A',
		explanation: {
			contributions: [
				{ rule: 'demo', label: 'Requested a demo', points: 25, matches: 1 },
				{ rule: 'pricing', label: 'Pricing page', points: 30, matches: 3 },
				{ rule: 'free', label: 'Free email', points: -10, matches: 1 },
				{ rule: 'title', points: 20, matches: 1 },
				{ rule: 'nothing', label: 'Zero', points: 0 },
			],
		},
	},
	activities: [{ type: 'page_view', at: '2026-11-20T10:00:00Z' }, { type: 'demo_request', at: '2026-11-23T09:00:00Z' }, 'called sales'],
};
// Tuesday 2026-11-24 10:00Z + 15 minutes.
const routing = compileRouting({ reps: [{ id: 'ana', name: 'Ana', team: 'EMEA' }], sla: { minutes: 15 } });
const decision = routeLead(lead, routing, emptyRoutingState(), Date.UTC(2026, 10, 24, 10, 0)).decision;
const facts = handOffFacts(lead, decision);

describe('hand-off facts', () => {
	it('gathers who, score, grade, stage, the largest contributions and the latest activities', () => {
		expect(facts).toEqual({
			lead: { name: 'Jane <!channel> Doe', email: 'jane@acme.io', company: 'Acme & Sons' },
			owner: 'ana',
			repName: 'Ana',
			team: '',
			status: 'assigned',
			priority: 'P1',
			score: 82,
			grade: 'A',
			stage: 'SQL',
			// Sorted by points: 30, 25, 20; the rule id stands in for a missing label.
			topReasons: ['+30 Pricing page (x3)', '+25 Requested a demo', '+20 title'],
			// Dated ones newest first, then the undated one.
			recentActivities: ['demo_request (2026-11-23 09:00 UTC)', 'page_view (2026-11-20 10:00 UTC)', 'called sales'],
			slaDue: '2026-11-24T10:15:00.000Z',
		});
	});

	it('falls back to the summary and names from first and last name', () => {
		const plain = handOffFacts({ firstName: 'Li', lastName: 'Wu', leadScore: { summary: '+10 Webinar' } }, decision);
		expect(plain.lead).toEqual({ name: 'Li Wu', email: undefined, company: undefined });
		expect(plain.topReasons).toEqual(['+10 Webinar']);
		expect(plain.recentActivities).toEqual([]);
	});
});

describe('message formats', () => {
	it('builds a Slack message with lead data escaped so it cannot mention anyone', () => {
		expect(buildMessage('slack', facts)).toEqual({
			text: 'P1 lead for Ana: Jane &lt;!channel&gt; Doe at Acme &amp; Sons',
			blocks: [
				{ type: 'section', text: { type: 'mrkdwn', text: '*P1 lead for Ana: Jane &lt;!channel&gt; Doe at Acme &amp; Sons*' } },
				{
					type: 'section',
					fields: [
						{ type: 'mrkdwn', text: '*Owner*\nAna' },
						{ type: 'mrkdwn', text: '*Email*\njane@acme.io' },
						{ type: 'mrkdwn', text: '*Score*\n82' },
						{ type: 'mrkdwn', text: '*Grade*\nA' },
						{ type: 'mrkdwn', text: '*Stage*\nSQL' },
						{ type: 'mrkdwn', text: '*First contact due*\n2026-11-24T10:15:00.000Z' },
					],
				},
				{ type: 'section', text: { type: 'mrkdwn', text: '*Why*\n• +30 Pricing page (x3)\n• +25 Requested a demo\n• +20 title' } },
				{
					type: 'section',
					text: {
						type: 'mrkdwn',
						text: '*Recent activity*\n• demo_request (2026-11-23 09:00 UTC)\n• page_view (2026-11-20 10:00 UTC)\n• called sales',
					},
				},
			],
		});
	});

	it('builds a Teams adaptive card', () => {
		const card = buildMessage('teams', facts) as any;
		expect(card.type).toBe('message');
		expect(card.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
		expect(card.attachments[0].content.body).toEqual([
			{ type: 'TextBlock', text: 'P1 lead for Ana: Jane <!channel> Doe at Acme & Sons', weight: 'Bolder', size: 'Medium', wrap: true },
			{
				type: 'FactSet',
				facts: [
					{ title: 'Owner', value: 'Ana' },
					{ title: 'Email', value: 'jane@acme.io' },
					{ title: 'Score', value: '82' },
					{ title: 'Grade', value: 'A' },
					{ title: 'Stage', value: 'SQL' },
					{ title: 'First contact due', value: '2026-11-24T10:15:00.000Z' },
				],
			},
			{ type: 'TextBlock', text: 'Why', weight: 'Bolder', wrap: true },
			{ type: 'TextBlock', text: '- +30 Pricing page (x3)\n- +25 Requested a demo\n- +20 title', wrap: true },
			{ type: 'TextBlock', text: 'Recent activity', weight: 'Bolder', wrap: true },
			{ type: 'TextBlock', text: '- demo_request (2026-11-23 09:00 UTC)\n- page_view (2026-11-20 10:00 UTC)\n- called sales', wrap: true },
		]);
	});

	it('posts plain JSON as the facts under an event name, and says when nobody was available', () => {
		expect(buildMessage('json', facts)).toEqual({ event: 'lead.routed', ...facts });
		const unassigned = { ...facts, status: 'unassigned' as const, owner: null, repName: undefined };
		expect((buildMessage('slack', unassigned) as any).text).toBe('P1 lead Jane &lt;!channel&gt; Doe at Acme &amp; Sons: nobody available');
	});
});
