import { ConfigError } from '../errors';
import type { ScoringModelInput } from './model';

/**
 * Ready-made models, so a new user gets a sensible score with zero setup. Points are on a 0..100 scale:
 * fit is capped at 50, engagement at 60 (engagement fades with a 30-day half-life), the total at 100.
 */
export const B2B_SAAS_MODEL: ScoringModelInput = {
	name: 'B2B SaaS',
	version: '1',
	description: 'Fit on title, company size, industry and email domain; engagement on demo requests, pricing visits, forms, webinars and email.',
	groups: [
		{ name: 'fit', kind: 'fit', cap: 50 },
		{ name: 'engagement', kind: 'engagement', cap: 60, floor: -30 },
	],
	decay: { curve: 'halfLife', halfLifeDays: 30 },
	total: { floor: 0, ceiling: 100 },
	fitRules: [
		{
			id: 'senior-title',
			label: 'Senior title',
			points: 20,
			when: {
				any: [
					{ field: 'jobTitle', operator: 'contains', value: 'chief' },
					{ field: 'jobTitle', operator: 'contains', value: 'vp' },
					{ field: 'jobTitle', operator: 'contains', value: 'vice president' },
					{ field: 'jobTitle', operator: 'contains', value: 'head of' },
					{ field: 'jobTitle', operator: 'contains', value: 'director' },
					{ field: 'jobTitle', operator: 'in', value: ['ceo', 'cto', 'cmo', 'cfo', 'coo', 'cro', 'founder', 'co-founder'] },
				],
			},
		},
		{ id: 'manager-title', label: 'Manager title', points: 10, when: { field: 'jobTitle', operator: 'contains', value: 'manager' } },
		{
			id: 'junior-title',
			label: 'Student or intern',
			points: -15,
			when: { any: [{ field: 'jobTitle', operator: 'contains', value: 'intern' }, { field: 'jobTitle', operator: 'contains', value: 'student' }] },
		},
		{ id: 'target-size', label: 'Company size 50-5000', points: 15, when: { field: 'company.employees', operator: 'between', value: [50, 5000] } },
		{ id: 'enterprise-size', label: 'Enterprise size', points: 10, when: { field: 'company.employees', operator: 'greaterThan', value: 5000 } },
		{
			id: 'target-industry',
			label: 'Target industry',
			points: 10,
			when: { field: 'company.industry', operator: 'in', value: ['software', 'saas', 'technology', 'internet', 'fintech', 'it services'] },
		},
		{ id: 'company-email', label: 'Company email', points: 10, when: { field: 'email', operator: 'isCompanyEmail' } },
		{ id: 'free-email', label: 'Free email', points: -10, when: { field: 'email', operator: 'isFreeEmail' } },
	],
	engagementRules: [
		{ id: 'demo-request', label: 'Demo request', points: 30, eventType: 'demo_request', maxOccurrences: 1 },
		{
			id: 'pricing-page',
			label: 'Pricing page',
			points: 10,
			eventType: 'page_view',
			where: { field: 'url', operator: 'contains', value: '/pricing' },
			maxOccurrences: 3,
			oncePerDays: 1,
		},
		{
			id: 'careers-page',
			label: 'Careers page',
			points: -10,
			eventType: 'page_view',
			where: { field: 'url', operator: 'contains', value: '/careers' },
			maxOccurrences: 1,
			decay: 'none',
		},
		{
			id: 'page-view',
			label: 'Page view',
			points: 1,
			eventType: 'page_view',
			where: { not: { any: [{ field: 'url', operator: 'contains', value: '/pricing' }, { field: 'url', operator: 'contains', value: '/careers' }] } },
			maxOccurrences: 10,
		},
		{ id: 'form-submit', label: 'Form submitted', points: 10, eventType: 'form_submit', maxOccurrences: 3 },
		{ id: 'webinar', label: 'Webinar attended', points: 15, eventType: 'webinar_attended', maxOccurrences: 2 },
		{ id: 'email-click', label: 'Email click', points: 3, eventType: 'email_click', maxOccurrences: 5 },
		{ id: 'email-open', label: 'Email open', points: 1, eventType: 'email_open', maxOccurrences: 10, withinDays: 90 },
		{ id: 'unsubscribed', label: 'Unsubscribed', points: -20, eventType: 'unsubscribe', maxOccurrences: 1, decay: 'none' },
		{ id: 'bounced', label: 'Email bounced', points: -10, eventType: 'email_bounced', maxOccurrences: 1, decay: 'none' },
	],
};

export const PRESETS = { b2bSaas: B2B_SAAS_MODEL } as const;
export type PresetName = keyof typeof PRESETS;

export function presetModel(name: string): ScoringModelInput {
	if (!Object.prototype.hasOwnProperty.call(PRESETS, name)) {
		throw new ConfigError('option', [{ path: 'Preset', message: `unknown preset "${name}"; choose one of ${Object.keys(PRESETS).join(', ')}` }]);
	}
	return PRESETS[name as PresetName];
}
