import type { IExecuteFunctions } from 'n8n-workflow';
import { compiledSettings, settingKey } from '../../src/cache';
import { ConfigError, describeValue } from '../../src/errors';
import { compilePath, pathProblem, type FieldPath } from '../../src/fields';
import type { BuilderFields } from './builderFields';
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
 * `fields`: the builder's Field boxes (builderFields.ts); a field dragged into one does not make the setting per item.
 */
export function compiledSetting<T>(
	ctx: IExecuteFunctions,
	parameters: string | readonly string[],
	read: (itemIndex: number) => unknown,
	compile: (raw: unknown) => T,
	fields?: BuilderFields,
): (itemIndex: number) => T {
	if (!isExpression(ctx, parameters, fields)) {
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

/**
 * Whether any of the parameters holds an expression, at its top or anywhere inside (a builder's row, an option);
 * with `fields`, the Field boxes of a builder count as the core reads them (a dragged field is a path).
 */
export function isExpression(ctx: IExecuteFunctions, parameters: string | readonly string[], fields?: BuilderFields): boolean {
	const node = fields?.nodeParameters ?? ctx.getNode().parameters;
	return (typeof parameters === 'string' ? [parameters] : parameters).some((name) => {
		let value: unknown = node;
		for (const segment of name.split('.')) {
			if (value === null || typeof value !== 'object') return false;
			value = (value as Record<string, unknown>)[segment];
		}
		return holdsExpression(value);
	});
}

export function holdsExpression(value: unknown, depth = 0): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (value === null || typeof value !== 'object' || depth > 32) return false;
	return Object.values(value).some((inner) => holdsExpression(inner, depth + 1));
}

/** A setting from an expression named in an error: the start of its JSON, never the whole (it may be a megabyte). */
function briefly(key: string): string {
	const text = key.slice(1).replace(/\s+/g, ' ');
	return text.length > 60 ? `${text.slice(0, 60)}...` : text;
}

/**
 * A setting the node reads once per run (where to write the result, whether to explain, which output). An
 * expression there must give the same value for every item: the node never applies item 0's value to item 5, so
 * values that differ fail the node before any item, naming the setting and the first item that differs.
 */
export function sameForEveryItem<T>(ctx: IExecuteFunctions, name: string, label = labelOf(name), fallback?: T): T {
	const first = ctx.getNodeParameter(name, 0, fallback) as T;
	if (!isExpression(ctx, name)) return first;
	const key = JSON.stringify(first);
	const count = ctx.getInputData().length;
	for (let itemIndex = 1; itemIndex < count; itemIndex++) {
		const value = ctx.getNodeParameter(name, itemIndex, fallback);
		if (JSON.stringify(value) === key) continue;
		const message = `an expression here must give the same value for every item (it is read once per run); it gave ${describeValue(first)} for item 0 and ${describeValue(value)} for item ${itemIndex}`;
		throw asNodeError(ctx, new ConfigError('setting', [{ path: label, message }]));
	}
	return first;
}

/** "options.maxAttempts" -> "Max Attempts", as n8n shows a parameter's name when no label is given. */
function labelOf(name: string): string {
	const last = name.slice(name.lastIndexOf('.') + 1);
	return last.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase());
}

/** A field path typed into a setting, checked before any item; a bad one is named by the setting's label. */
export function fieldPathParameter(ctx: IExecuteFunctions, name: string, displayName: string, fallback = ''): FieldPath {
	const path = String(sameForEveryItem(ctx, name, displayName, fallback)).trim();
	const problem = pathProblem(path);
	if (problem) throw asNodeError(ctx, new ConfigError('setting', [{ path: displayName, message: problem }]));
	return compilePath(path);
}
