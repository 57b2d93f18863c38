import type { IDataObject } from 'n8n-workflow';
import { writePath, type FieldPath } from '../../src/fields';

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * The item's JSON with `value` written at `path`, leaving the input untouched: objects on the path are copied
 * before the write, because a nested object of an input item is shared with the node that produced it.
 */
export function withField(json: IDataObject, path: FieldPath, value: unknown): IDataObject {
	const root: IDataObject = { ...json };
	let current: Record<string, unknown> = root;
	for (const segment of path.slice(0, -1)) {
		const next = hasOwn.call(current, segment) ? current[segment] : undefined;
		if (next === null || typeof next !== 'object') break;
		const copy = Array.isArray(next) ? [...next] : { ...(next as Record<string, unknown>) };
		current[segment] = copy;
		current = copy as Record<string, unknown>;
	}
	writePath(root, path, value);
	return root;
}
