import { compilePath, readPath } from '../fields';
import { parseInstant, toIso } from '../time';
import type { RoutingDecision } from './route';

/**
 * The hand-off message: who gets the lead, how good it is, why (the top contributions of the score), what the lead
 * did lately and when first contact is due. Built as plain data; the node only posts it.
 */

export const MESSAGE_FORMATS = ['slack', 'teams', 'json'] as const;
export type MessageFormat = (typeof MESSAGE_FORMATS)[number];

const MAX_TEXT = 200;
const MAX_REASONS = 3;
const MAX_ACTIVITIES = 5;

export interface HandOffFacts {
	lead: { name?: string; email?: string; company?: string };
	owner: string | null;
	repName?: string;
	team: string;
	status: RoutingDecision['status'];
	priority: string;
	score?: number;
	grade?: string;
	stage?: string;
	topReasons: string[];
	recentActivities: string[];
	slaDue?: string;
}

export interface HandOffPaths {
	leadScore: string;
	stage: string;
	activities: string;
}

export const DEFAULT_HAND_OFF_PATHS: HandOffPaths = { leadScore: 'leadScore', stage: 'leadStage.stage', activities: 'activities' };

const NAME = compilePath('name');
const FIRST_NAME = compilePath('firstName');
const LAST_NAME = compilePath('lastName');
const EMAIL = compilePath('email');
const COMPANY = compilePath('company');
const COMPANY_NAME = compilePath('company.name');
const SCORE = compilePath('score');
const GRADE = compilePath('grade');
const SUMMARY = compilePath('summary');
const CONTRIBUTIONS = compilePath('explanation.contributions');
const TOP_REASONS = compilePath('topReasons');

/** Gathers the facts from the lead (name, email, company at the top level; score data under `paths`). */
export function handOffFacts(lead: unknown, decision: RoutingDecision, paths: HandOffPaths = DEFAULT_HAND_OFF_PATHS): HandOffFacts {
	const scoreData = readPath(lead, compilePath(paths.leadScore));
	const fullName = [text(readPath(lead, FIRST_NAME)), text(readPath(lead, LAST_NAME))].filter(Boolean).join(' ');
	const score = readPath(scoreData, SCORE);
	return {
		lead: {
			name: text(readPath(lead, NAME)) ?? (fullName || undefined),
			email: text(readPath(lead, EMAIL)),
			company: text(readPath(lead, COMPANY)) ?? text(readPath(lead, COMPANY_NAME)),
		},
		owner: decision.owner,
		repName: decision.rep?.name ?? decision.owner ?? undefined,
		team: decision.team,
		status: decision.status,
		priority: decision.priority.level,
		score: typeof score === 'number' && Number.isFinite(score) ? score : undefined,
		grade: text(readPath(scoreData, GRADE)),
		stage: text(readPath(lead, compilePath(paths.stage))),
		topReasons: topReasons(scoreData),
		recentActivities: recentActivities(readPath(lead, compilePath(paths.activities))),
		slaDue: decision.sla?.due,
	};
}

function text(value: unknown): string | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const trimmed = value.trim();
	return trimmed.length > MAX_TEXT ? `${trimmed.slice(0, MAX_TEXT - 3)}...` : trimmed;
}

/**
 * The largest contributions first ("+25 Requested a demo (x2)"); without the explanation (Include Explanation off),
 * Score Lead's own `topReasons`; else the score summary.
 */
function topReasons(scoreData: unknown): string[] {
	const contributions = readPath(scoreData, CONTRIBUTIONS);
	if (Array.isArray(contributions)) {
		const reasons = contributions
			.slice(0, 1000)
			.filter((c): c is Record<string, unknown> => c !== null && typeof c === 'object' && typeof c.points === 'number' && c.points !== 0)
			.sort((a, b) => (b.points as number) - (a.points as number))
			.slice(0, MAX_REASONS)
			.map((c) => {
				const points = c.points as number;
				// How many matches counted: `counted` as Score Lead writes it, `matches` in records stored by 0.1.0.
				const count = typeof c.counted === 'number' ? c.counted : c.matches;
				const matches = typeof count === 'number' && count > 1 ? ` (x${count})` : '';
				return `${points > 0 ? '+' : ''}${points} ${text(c.label) ?? text(c.rule) ?? 'rule'}${matches}`;
			});
		if (reasons.length > 0) return reasons;
	}
	const given = readPath(scoreData, TOP_REASONS);
	if (Array.isArray(given)) {
		const reasons = given
			.slice(0, 1000)
			.flatMap((reason) => (typeof reason === 'string' ? (text(reason) ?? []) : []))
			.slice(0, MAX_REASONS);
		if (reasons.length > 0) return reasons;
	}
	const summary = text(readPath(scoreData, SUMMARY));
	return summary ? [summary] : [];
}

/** The latest activities first, when they carry a date; otherwise the last ones in the list. */
function recentActivities(activities: unknown): string[] {
	if (!Array.isArray(activities)) return [];
	const described = activities.slice(-1000).map((activity, index) => {
		if (typeof activity === 'string') return { label: text(activity), at: undefined, index };
		if (activity === null || typeof activity !== 'object') return { label: undefined, at: undefined, index };
		const a = activity as Record<string, unknown>;
		const at = parseInstant(a.at ?? a.timestamp ?? a.date ?? a.time);
		const label = text(a.type ?? a.name ?? a.event ?? a.action);
		return { label, at, index };
	});
	return described
		.filter((d) => d.label !== undefined)
		.sort((a, b) => (b.at ?? -Infinity) - (a.at ?? -Infinity) || b.index - a.index)
		.slice(0, MAX_ACTIVITIES)
		.map((d) => (d.at === undefined ? d.label! : `${d.label} (${toIso(d.at).slice(0, 16).replace('T', ' ')} UTC)`));
}

function headline(facts: HandOffFacts): string {
	const who = facts.lead.name ?? facts.lead.email ?? 'a lead';
	const company = facts.lead.company ? ` at ${facts.lead.company}` : '';
	if (facts.status === 'unassigned') return `${facts.priority} lead ${who}${company}: nobody available`;
	return `${facts.priority} lead for ${facts.repName}: ${who}${company}`;
}

function factList(facts: HandOffFacts): Array<[string, string]> {
	const list: Array<[string, string | undefined]> = [
		['Owner', facts.repName ?? 'Unassigned'],
		['Team', facts.team || undefined],
		['Email', facts.lead.email],
		['Score', facts.score === undefined ? undefined : String(facts.score)],
		['Grade', facts.grade],
		['Stage', facts.stage],
		['First contact due', facts.slaDue],
	];
	return list.filter((entry): entry is [string, string] => entry[1] !== undefined);
}

/**
 * Lead text is data: it is rendered as literal text in every format, and cut to each format's documented
 * limits after any escaping, so a hostile name can neither add a link, a mention or bold text to a rep's
 * message nor make the platform reject it.
 * - Slack (Block Kit): lead text only in `plain_text` objects (no mrkdwn, no links, no mentions; `emoji: false`);
 *   header text at most 150 characters, a section's text 3,000, a field's 2,000, at most 10 fields. The
 *   notification fallback `text` is escaped (&, <, >) and sent with `mrkdwn: false`.
 * - Teams (Adaptive Card 1.4): lead text only in `TextRun`s of `RichTextBlock`s, which render no Markdown
 *   (TextBlock and FactSet values do); the card stays far below Teams' 28 KB message limit.
 * - JSON: HTML-significant characters (<, >, &) and the line separators U+2028/U+2029 are \\u-escaped, so
 *   a receiver that shows the JSON in a page gets no live markup.
 */
export const SLACK_LIMITS = { header: 150, sectionText: 3000, fieldText: 2000, fields: 10, fallbackText: 3000 } as const;

/** Cuts to at most `limit` UTF-16 code units, never inside a surrogate pair, marking the cut with an ellipsis. */
export function cut(value: string, limit: number): string {
	if (value.length <= limit) return value;
	let end = limit - 1;
	const last = value.charCodeAt(end - 1);
	if (last >= 0xd800 && last <= 0xdbff) end--;
	return `${value.slice(0, end)}\u2026`;
}

/** Slack treats <...> as links and mentions and & as the start of an entity. */
function slackEscape(value: string): string {
	return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function buildMessage(format: MessageFormat, facts: HandOffFacts): Record<string, unknown> {
	switch (format) {
		case 'slack':
			return slackMessage(facts);
		case 'teams':
			return teamsMessage(facts);
		case 'json':
			return { event: 'lead.routed', ...facts };
	}
}

/** The request body: JSON text, with <, >, & and U+2028/U+2029 escaped for the JSON format (see above). */
export function serializeMessage(format: MessageFormat, message: Record<string, unknown>): string {
	const body = JSON.stringify(message);
	if (format !== 'json') return body;
	return body.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const plain = (text: string, limit: number) => ({ type: 'plain_text', text: cut(text, limit), emoji: false });

function slackMessage(facts: HandOffFacts): Record<string, unknown> {
	const title = headline(facts);
	const blocks: Array<Record<string, unknown>> = [
		{ type: 'header', text: plain(title, SLACK_LIMITS.header) },
		{
			type: 'section',
			fields: factList(facts)
				.slice(0, SLACK_LIMITS.fields)
				.map(([k, v]) => plain(`${k}: ${v}`, SLACK_LIMITS.fieldText)),
		},
	];
	const list = (name: string, lines: string[]) => {
		if (lines.length === 0) return;
		blocks.push({ type: 'section', text: plain(`${name}\n${lines.map((l) => `\u2022 ${l}`).join('\n')}`, SLACK_LIMITS.sectionText) });
	};
	list('Why', facts.topReasons);
	list('Recent activity', facts.recentActivities);
	return { text: cut(slackEscape(title), SLACK_LIMITS.fallbackText), mrkdwn: false, blocks };
}

/** One line of literal text: TextRuns render no Markdown. */
const richLine = (runs: Array<Record<string, unknown>>) => ({ type: 'RichTextBlock', inlines: runs.map((run) => ({ type: 'TextRun', ...run })) });

function teamsMessage(facts: HandOffFacts): Record<string, unknown> {
	const body: Array<Record<string, unknown>> = [
		richLine([{ text: headline(facts), weight: 'Bolder', size: 'Medium' }]),
		...factList(facts).map(([title, value]) => richLine([{ text: `${title}: `, weight: 'Bolder' }, { text: value }])),
	];
	const list = (title: string, lines: string[]) => {
		if (lines.length === 0) return;
		body.push(richLine([{ text: title, weight: 'Bolder' }]));
		for (const line of lines) body.push(richLine([{ text: `\u2022 ${line}` }]));
	};
	list('Why', facts.topReasons);
	list('Recent activity', facts.recentActivities);
	return {
		type: 'message',
		attachments: [
			{
				contentType: 'application/vnd.microsoft.card.adaptive',
				content: { $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.4', body },
			},
		],
	};
}
