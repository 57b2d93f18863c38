import { InputError } from '../errors';
import { readPath, type FieldPath } from '../fields';
import type { CompiledModel } from './compile';
import { isBlank, rounder } from '../numbers';
import { engagementLevelFor, gradeFor, limitTotal, type ScoreResult } from './score';

/** An account (company) rolled up from the leads that share its key. */
export interface AccountScore {
	account: string;
	/** The best fit among its contacts: the company's profile is as good as its best-matching person. */
	fitScore: number;
	/** Engagement summed over contacts, capped by the model's account engagement cap. */
	engagementScore: number;
	score: number;
	grade: string;
	engagementLevel: string;
	label: string;
	contacts: number;
	engagedContacts: number;
	/** Input positions of the leads rolled into this account, in input order. */
	leadIndexes: number[];
}

const ACCOUNT_KEY_EXPECTATION = 'an account key (text or number) to group leads by account';

/** The lead's account key, compared trimmed and ignoring case; undefined when the lead has none. */
export function accountKeyOf(lead: unknown, path: FieldPath): string | undefined {
	const key = readPath(lead, path);
	if (isBlank(key) || (typeof key === 'string' && key.trim() === '')) return undefined;
	if (typeof key === 'string') return key.trim().toLowerCase();
	if (typeof key === 'number' && Number.isFinite(key)) return String(key);
	throw new InputError(path.source, ACCOUNT_KEY_EXPECTATION, key);
}

/** For one item per account every lead needs its account. */
export function requireAccountKey(lead: unknown, path: FieldPath): string {
	const key = accountKeyOf(lead, path);
	if (key === undefined) throw new InputError(path.source, ACCOUNT_KEY_EXPECTATION, readPath(lead, path));
	return key;
}

/** Rolls scored leads up into accounts; the order of accounts follows their first lead. */
export function rollUpAccounts(
	compiled: CompiledModel,
	scored: ReadonlyArray<{ account: string; result: ScoreResult; index: number }>,
): AccountScore[] {
	const settings = compiled.model.account;
	const engagedAbove = settings?.engagedAbove ?? 0;
	const round = rounder(compiled.model.decimals);
	const byKey = new Map<string, AccountScore>();
	for (const { account, result, index } of scored) {
		let entry = byKey.get(account);
		if (!entry) {
			entry = {
				account,
				fitScore: result.fitScore,
				engagementScore: 0,
				score: 0,
				grade: '',
				engagementLevel: '',
				label: '',
				contacts: 0,
				engagedContacts: 0,
				leadIndexes: [],
			};
			byKey.set(account, entry);
		}
		entry.fitScore = Math.max(entry.fitScore, result.fitScore);
		entry.engagementScore = round(entry.engagementScore + result.engagementScore);
		entry.contacts++;
		if (result.engagementScore > engagedAbove) entry.engagedContacts++;
		entry.leadIndexes.push(index);
	}
	const model = compiled.model;
	for (const entry of byKey.values()) {
		if (settings?.engagementCap !== undefined) entry.engagementScore = Math.min(entry.engagementScore, settings.engagementCap);
		entry.score = limitTotal(model, round(entry.fitScore + entry.engagementScore));
		entry.grade = gradeFor(model, entry.fitScore);
		entry.engagementLevel = engagementLevelFor(model, entry.engagementScore);
		entry.label = `${entry.grade}${entry.engagementLevel}`;
	}
	return [...byKey.values()];
}
