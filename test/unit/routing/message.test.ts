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

	it("reads Score Lead's counted matches, and its top reasons when the explanation is off", () => {
		const counted = handOffFacts({ leadScore: { explanation: { contributions: [{ label: 'Pricing page', points: 30, matched: 4, counted: 3 }] } } }, decision);
		expect(counted.topReasons).toEqual(['+30 Pricing page (x3)']);
		// The first three texts, each bounded like any lead text
		const reasons = ['+30 Demo request', 42, '-10 Free email', `+5 ${'x'.repeat(300)}`, '+1 Page view'];
		const top = handOffFacts({ leadScore: { summary: 'ignored', topReasons: reasons } }, decision);
		expect(top.topReasons).toEqual(['+30 Demo request', '-10 Free email', `+5 ${'x'.repeat(194)}...`]);
		expect(handOffFacts({ leadScore: { summary: '+10 Webinar', topReasons: [] } }, decision).topReasons).toEqual(['+10 Webinar']);
	});

	it('falls back to the summary and names from first and last name', () => {
		const plain = handOffFacts({ firstName: 'Li', lastName: 'Wu', leadScore: { summary: '+10 Webinar' } }, decision);
		expect(plain.lead).toEqual({ name: 'Li Wu', email: undefined, company: undefined });
		expect(plain.topReasons).toEqual(['+10 Webinar']);
		expect(plain.recentActivities).toEqual([]);
	});
});

describe('message formats', () => {
	it('builds a Slack message with lead data as plain text, so it cannot mention or link anyone', () => {
		const plain = (text: string) => ({ type: 'plain_text', text, emoji: false });
		expect(buildMessage('slack', facts)).toEqual({
			text: 'P1 lead for Ana: Jane &lt;!channel&gt; Doe at Acme &amp; Sons',
			mrkdwn: false,
			blocks: [
				{ type: 'header', text: plain('P1 lead for Ana: Jane <!channel> Doe at Acme & Sons') },
				{
					type: 'section',
					fields: [
						plain('Owner: Ana'),
						plain('Email: jane@acme.io'),
						plain('Score: 82'),
						plain('Grade: A'),
						plain('Stage: SQL'),
						plain('First contact due: 2026-11-24T10:15:00.000Z'),
					],
				},
				{ type: 'section', text: plain('Why\n\u2022 +30 Pricing page (x3)\n\u2022 +25 Requested a demo\n\u2022 +20 title') },
				{ type: 'section', text: plain('Recent activity\n\u2022 demo_request (2026-11-23 09:00 UTC)\n\u2022 page_view (2026-11-20 10:00 UTC)\n\u2022 called sales') },
			],
		});
	});

	it('builds a Teams adaptive card of TextRuns, which render no Markdown', () => {
		const card = buildMessage('teams', facts) as any;
		expect(card.type).toBe('message');
		expect(card.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
		const line = (...inlines: object[]) => ({ type: 'RichTextBlock', inlines: inlines.map((run) => ({ type: 'TextRun', ...run })) });
		const fact = (title: string, value: string) => line({ text: `${title}: `, weight: 'Bolder' }, { text: value });
		expect(card.attachments[0].content.body).toEqual([
			line({ text: 'P1 lead for Ana: Jane <!channel> Doe at Acme & Sons', weight: 'Bolder', size: 'Medium' }),
			fact('Owner', 'Ana'),
			fact('Email', 'jane@acme.io'),
			fact('Score', '82'),
			fact('Grade', 'A'),
			fact('Stage', 'SQL'),
			fact('First contact due', '2026-11-24T10:15:00.000Z'),
			line({ text: 'Why', weight: 'Bolder' }),
			line({ text: '\u2022 +30 Pricing page (x3)' }),
			line({ text: '\u2022 +25 Requested a demo' }),
			line({ text: '\u2022 +20 title' }),
			line({ text: 'Recent activity', weight: 'Bolder' }),
			line({ text: '\u2022 demo_request (2026-11-23 09:00 UTC)' }),
			line({ text: '\u2022 page_view (2026-11-20 10:00 UTC)' }),
			line({ text: '\u2022 called sales' }),
		]);
	});

	it('posts plain JSON as the facts under an event name, and says when nobody was available', () => {
		expect(buildMessage('json', facts)).toEqual({ event: 'lead.routed', ...facts });
		const unassigned = { ...facts, status: 'unassigned' as const, owner: null, repName: undefined };
		expect((buildMessage('slack', unassigned) as any).text).toBe('P1 lead Jane &lt;!channel&gt; Doe at Acme &amp; Sons: nobody available');
	});
});
