import type { IExecuteFunctions } from 'n8n-workflow';
import { compiledSettings, settingKey } from '../../src/cache';
import { ConfigError } from '../../src/errors';
import { asNodeError } from './execution';

/**
 * Compiles a setting (model, ladder, routing settings) once per distinct value, through the package's one cache
 * of compiled settings (src/cache), shared by every node and every run in the process.
 *
 * `parameters` names every node parameter the setting is read from (a builder reads several). When none holds an
 * expression anywhere inside (a rule value, a stage minimum, a whole JSON model), the setting is the same for all
 * items: it is compiled before any item, so a bad one fails the node at once. Otherwise it is read for each item
 * (n8n evaluates the expressions against that item) and compiled once per distinct result: a model per client
 * costs one compile per client, and a bad one fails only the items that use it, naming the value briefly.
 *
 * `compile` must be a function defined once (not a closure made per run): the cache tells settings apart by it.
 */
export function compiledSetting<T>(
	ctx: IExecuteFunctions,
	parameters: string | readonly string[],
	read: (itemIndex: number) => unknown,
	compile: (raw: unknown) => T,
): (itemIndex: number) => T {
	if (!isExpression(ctx, parameters)) {
		let fixed: T;
		try {
			const raw = read(0);
			fixed = compiledSettings.compile(compile, settingKey(raw), raw);
		} catch (error) {
			throw asNodeError(ctx, error);
		}
		return () => fixed;
	}
	return (itemIndex) => {
		const raw = read(itemIndex);
		const key = settingKey(raw);
		try {
			return compiledSettings.compile(compile, key, raw);
		} catch (error) {
			throw error instanceof ConfigError ? new ConfigError(`${error.subject} (value ${briefly(key)})`, error.issues) : error;
		}
	};
}

/** Whether any of the parameters holds an expression, at its top or anywhere inside (a builder's row, an option). */
export function isExpression(ctx: IExecuteFunctions, parameters: string | readonly string[]): boolean {
	const node = ctx.getNode().parameters;
	return (typeof parameters === 'string' ? [parameters] : parameters).some((name) => {
		let value: unknown = node;
		for (const segment of name.split('.')) {
			if (value === null || typeof value !== 'object') return false;
			value = (value as Record<string, unknown>)[segment];
		}
		return holdsExpression(value, 0);
	});
}

function holdsExpression(value: unknown, depth: number): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (value === null || typeof value !== 'object' || depth > 32) return false;
	return Object.values(value).some((inner) => holdsExpression(inner, depth + 1));
}

/** A setting from an expression named in an error: the start of its JSON, never the whole (it may be a megabyte). */
function briefly(key: string): string {
	const text = key.slice(1).replace(/\s+/g, ' ');
	return text.length > 60 ? `${text.slice(0, 60)}...` : text;
}
