'use strict';
/**
 * The practical limit: the benchmark model written out by hand as one JavaScript function, as a developer
 * would write it in a Code node. Self-contained (its source is pasted into the n8n Code node as it is).
 */
function scoreByHand(lead, asOf) {
	const DAY = 86400000;
	const FREE = new Set(['gmail.com', 'googlemail.com', 'yahoo.com', 'yahoo.co.uk', 'hotmail.com', 'outlook.com', 'live.com', 'aol.com', 'icloud.com', 'gmx.de', 'web.de', 'mail.ru', 'proton.me', 'protonmail.com']);
	const clamp = (n, min, max) => Math.min(max, Math.max(min, n));
	const title = typeof lead.jobTitle === 'string' ? lead.jobTitle.toLowerCase() : '';
	const company = lead.company || {};
	const employees = typeof company.employees === 'number' ? company.employees : undefined;
	const industry = typeof company.industry === 'string' ? company.industry.toLowerCase() : '';
	const email = typeof lead.email === 'string' ? lead.email.toLowerCase() : '';
	let fit = 0;
	if (title.includes('vp')) fit += 20;
	if (title.includes('director')) fit += 15;
	if (title === 'ceo' || title === 'cto' || title === 'founder') fit += 25;
	if (title.includes('intern')) fit -= 15;
	if (title === 'student') fit -= 20;
	if (employees !== undefined && employees >= 50 && employees <= 5000) fit += 15;
	if (employees !== undefined && employees > 5000) fit += 8;
	if (industry === 'software' || industry === 'saas' || industry === 'fintech') fit += 10;
	if (industry === 'education') fit -= 5;
	if (FREE.has(email.slice(email.lastIndexOf('@') + 1))) fit -= 10;
	if (['US', 'CA', 'GB', 'DE'].includes(lead.country)) fit += 5;
	if (typeof lead.annualRevenue === 'number' && lead.annualRevenue > 10000000) fit += 10;
	if (lead.leadSource === 'referral') fit += 10;

	const n = { pricing: 0, blog: 0, careers: 0, docs: 0, form: 0, demo: 0, webinar: 0, open: 0, click: 0, unsubscribe: 0, bounce: 0, trial: 0, whitepaper: 0, meeting: 0 };
	for (const event of lead.events || []) {
		// ISO 8601 text as senders send it, or epoch milliseconds.
		const age = asOf - (typeof event.timestamp === 'string' ? Date.parse(event.timestamp) : event.timestamp);
		switch (event.type) {
			case 'page_view': {
				const url = event.url || '';
				if (url.includes('/pricing')) n.pricing++;
				if (url.includes('/blog')) n.blog++;
				if (url.includes('/careers')) n.careers++;
				if (url.includes('/docs') && age <= 30 * DAY) n.docs++;
				break;
			}
			case 'form_submit': n.form++; break;
			case 'demo_request': n.demo++; break;
			case 'webinar_attended': if (age <= 90 * DAY) n.webinar++; break;
			case 'email_open': if (age <= 30 * DAY) n.open++; break;
			case 'email_click': if (age <= 30 * DAY) n.click++; break;
			case 'unsubscribe': n.unsubscribe++; break;
			case 'email_bounce': n.bounce++; break;
			case 'trial_signup': n.trial++; break;
			case 'content_download': if ((event.asset || '').includes('whitepaper')) n.whitepaper++; break;
			case 'meeting_booked': if (age <= 60 * DAY) n.meeting++; break;
		}
	}
	const engagement =
		10 * Math.min(n.pricing, 3) + Math.min(n.blog, 10) - 5 * Math.min(n.careers, 1) + 2 * Math.min(n.docs, 5) +
		15 * Math.min(n.form, 2) + 30 * Math.min(n.demo, 1) + 12 * Math.min(n.webinar, 2) + Math.min(n.open, 10) +
		3 * Math.min(n.click, 5) - 20 * Math.min(n.unsubscribe, 1) - 10 * Math.min(n.bounce, 1) + 25 * Math.min(n.trial, 1) +
		8 * Math.min(n.whitepaper, 3) + 20 * Math.min(n.meeting, 1);
	const fitScore = clamp(fit, -Infinity, 50);
	const engagementScore = clamp(engagement, -30, 60);
	const score = clamp(fitScore + engagementScore, 0, 100);
	const grade = fitScore >= 45 ? 'A' : fitScore >= 30 ? 'B' : fitScore >= 15 ? 'C' : 'D';
	const level = engagementScore >= 40 ? '1' : engagementScore >= 20 ? '2' : engagementScore >= 5 ? '3' : '4';
	return { score, fitScore, engagementScore, grade, label: grade + level };
}

function create(_model, asOf) {
	return { name: 'hand-written JavaScript', score: (lead) => scoreByHand(lead, asOf) };
}

module.exports = { create, scoreByHand };
