import { ConfigError } from './errors';

/**
 * Dot paths into lead data ("company.size", "events[0].type"), compiled once.
 * Reading follows own properties only, so a path can never reach Object.prototype
 * (and "__proto__", "constructor", "prototype" are refused outright).
 *
 * Several paths separated by commas ("decay.score, leadScore.score") read the first one the data has (a value
 * other than undefined): that is how a node's default reads the lead record whichever node wrote it last. Writing
 * to such a path writes to the first.
 */
export type FieldPath = readonly string[] & { readonly source: string; readonly alternatives?: readonly FieldPath[] };

const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'prototype', 'constructor']);
export const MAX_PATH_LENGTH = 256;
const MAX_SEGMENTS = 32;

/** Why a path is unusable, or undefined when it is fine. */
export function pathProblem(path: string): string | undefined {
	if (path.length === 0) return 'field path is empty';
	if (path.length > MAX_PATH_LENGTH) return `field path is longer than ${MAX_PATH_LENGTH} characters`;
	if (path.includes(',')) {
		for (const choice of path.split(',')) {
			const problem = pathProblem(choice.trim());
			if (problem) return choice.trim() === '' ? `field path "${path}" has an empty choice` : problem;
		}
		return undefined;
	}
	const segments = splitPath(path);
	if (segments.some((s) => s.length === 0)) return `field path "${path}" has an empty segment`;
	if (segments.length > MAX_SEGMENTS) return `field path has more than ${MAX_SEGMENTS} segments`;
	const forbidden = segments.find((s) => FORBIDDEN_SEGMENTS.has(s));
	if (forbidden) return `field path "${path}" uses the reserved name "${forbidden}"`;
	return undefined;
}

export function compilePath(path: string): FieldPath {
	const problem = pathProblem(path);
	if (problem) throw new ConfigError('field path', [{ path: '', message: problem }]);
	if (!path.includes(',')) return Object.assign(splitPath(path), { source: path });
	const alternatives = path.split(',').map((choice) => compilePath(choice.trim()));
	return Object.assign([...alternatives[0]], { source: path, alternatives });
}

function splitPath(path: string): string[] {
	return path.replace(/\[(\d+)\]/g, '.$1').split('.');
}

const hasOwn = Object.prototype.hasOwnProperty;

export function readPath(data: unknown, path: FieldPath): unknown {
	if (path.alternatives !== undefined) {
		for (const alternative of path.alternatives) {
			const value = readPath(data, alternative);
			if (value !== undefined) return value;
		}
		return undefined;
	}
	let current = data;
	for (const segment of path) {
		if (current === null || typeof current !== 'object') return undefined;
		if (!hasOwn.call(current, segment)) return undefined;
		current = (current as Record<string, unknown>)[segment];
	}
	return current;
}

/** Sets a value at the path, creating plain objects on the way; never writes through a prototype. */
export function writePath(target: Record<string, unknown>, path: FieldPath, value: unknown): void {
	let current: Record<string, unknown> = target;
	for (let i = 0; i < path.length - 1; i++) {
		const segment = path[i];
		const next = hasOwn.call(current, segment) ? current[segment] : undefined;
		if (next === null || typeof next !== 'object') {
			const created: Record<string, unknown> = {};
			Object.defineProperty(current, segment, { value: created, enumerable: true, writable: true, configurable: true });
			current = created;
		} else {
			current = next as Record<string, unknown>;
		}
	}
	Object.defineProperty(current, path[path.length - 1], { value, enumerable: true, writable: true, configurable: true });
}

/**
 * A copy of `data` with `value` written at `path`, leaving the input untouched: objects on the path are copied
 * before the write, because a nested object of an input item is shared with the node that produced it.
 */
export function withField<T extends Record<string, unknown>>(data: T, path: FieldPath, value: unknown): T {
	const root = { ...data } as Record<string, unknown>;
	let current: Record<string, unknown> = root;
	for (const segment of path.slice(0, -1)) {
		const next = hasOwn.call(current, segment) ? current[segment] : undefined;
		if (next === null || typeof next !== 'object') break;
		const copy = Array.isArray(next) ? [...next] : { ...(next as Record<string, unknown>) };
		current[segment] = copy;
		current = copy as Record<string, unknown>;
	}
	writePath(root, path, value);
	return root as T;
}
