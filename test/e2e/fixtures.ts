/** Sample leads and a hand-checkable model shared by the e2e tests. */
import { ours } from './workflows';

/** A small model whose numbers are easy to follow by hand; default grades (A 45, B 30, C 15, D 0) and levels (1: 40, 2: 20, 3: 5, 4: 0). */
export const E2E_MODEL = {
	name: 'E2E model',
	version: '3',
	fitRules: [
		{ label: 'Senior title', points: 20, when: { field: 'jobTitle', operator: 'contains', value: 'VP' } },
		{ label: 'Company email', points: 15, when: { field: 'email', operator: 'isCompanyEmail' } },
	],
	engagementRules: [
		{ label: 'Demo request', points: 25, eventType: 'demo_request', decay: 'none' },
		{
			label: 'Pricing page',
			points: 5,
			eventType: 'page_view',
			where: { field: 'url', operator: 'contains', value: '/pricing' },
			maxOccurrences: 3,
			decay: 'none',
		},
	],
};

const pricingView = (day: number) => ({ type: 'page_view', url: 'https://acme.example/pricing', timestamp: `2026-11-0${day}T10:00:00Z` });

export const ADA = {
	name: 'Ada Lovelace',
	email: 'ada@acme.io',
	jobTitle: 'VP Marketing',
	events: [{ type: 'demo_request', timestamp: '2026-11-01T09:00:00Z' }, pricingView(2), pricingView(3), pricingView(4), pricingView(5)],
};
export const BOB = {
	name: 'Bob Jones',
	email: 'bob@gmail.com',
	jobTitle: 'Analyst',
	events: [pricingView(6), { type: 'page_view', url: 'https://acme.example/blog', timestamp: '2026-11-06T11:00:00Z' }],
};

export const scoreLeadNode = (extra = {}) =>
	ours(
		'Score Lead',
		'scoreLead',
		{ modelSource: 'json', modelJson: JSON.stringify(E2E_MODEL), options: { asOf: '2026-11-22T00:00:00Z' } },
		extra,
	);

/** The numbers of a Score Lead result. */
export function pickScore(result: unknown) {
	const { score, fitScore, engagementScore, grade, label } = result as Record<string, unknown>;
	return { score, fitScore, engagementScore, grade, label };
}
