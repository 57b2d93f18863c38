import { labelledPath, type PathNamer } from '../../src/validation';
import { rowName } from './conditionBuilder';

/**
 * How a builder names a problem the core finds in what the builder made of it, in the words of the node panel: the
 * core says `fitRules[0] ("Senior title").when.value`, the user sees 'fit rule 1 "Senior title": Value' and
 * 'Total Floor'. Each builder describes its panel once (uiModel.ts, uiLadder.ts, RouteToSales/uiSettings.ts).
 */
export interface PanelRows {
	/** What one row is called: 'fit rule', 'stage', 'rep'. */
	noun: string;
	/** The keys of a row that hold its label, the first one set wins (a rep: its name, else its ID). */
	labelKeys: readonly string[];
	/** The core's index of the panel's first row (a ladder's stage 0 is the Lowest Stage, outside the Stages list). */
	first?: number;
	/** Names a row otherwise than by noun, position and label (the fit group is the Fit Cap setting). */
	name?: (row: Record<string, unknown>) => string;
	/** The panel label of each place in a row, by its path without list indexes ('when.value'); '' for the row itself. */
	boxes: Readonly<Record<string, string>>;
}

export function panelNamer(rows: Readonly<Record<string, PanelRows>>, settings: Readonly<Record<string, string>>): PathNamer {
	return (path, root) => {
		const [list, index] = path;
		const spec = typeof list === 'string' ? rows[list] : undefined;
		if (spec && typeof index === 'number' && index >= (spec.first ?? 0)) {
			const row = rowAt(root, list as string, index);
			const name = spec.name?.(row) ?? rowName(spec.noun, index - (spec.first ?? 0) + 1, spec.labelKeys.map((k) => row[k]).find((v) => typeof v === 'string' && v.trim() !== '' && !v.startsWith('=')));
			const inner = path.slice(2).filter((key): key is string => typeof key === 'string');
			if (inner.length === 0) return name;
			const box = longestPrefix(spec.boxes, inner);
			if (box === undefined) return `${name}: ${inner.join('.')}`;
			return box === '' ? name : `${name}: ${box}`;
		}
		return longestPrefix(settings, path.map(String)) ?? labelledPath(path, root);
	};
}

function rowAt(root: unknown, list: string, index: number): Record<string, unknown> {
	const rows = root !== null && typeof root === 'object' ? (root as Record<string, unknown>)[list] : undefined;
	const row = Array.isArray(rows) ? rows[index] : undefined;
	return row !== null && typeof row === 'object' ? (row as Record<string, unknown>) : {};
}

/** The label of the longest leading part of `keys` the table has ('sla.minutes' for ['sla', 'minutes']). */
function longestPrefix(table: Readonly<Record<string, string>>, keys: readonly string[]): string | undefined {
	for (let n = keys.length; n > 0; n--) {
		const key = keys.slice(0, n).join('.');
		if (Object.prototype.hasOwnProperty.call(table, key)) return table[key];
	}
	return undefined;
}
