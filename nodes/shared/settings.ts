import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { compiledSettings, settingKey } from '../../src/cache';
import { asNodeError } from './execution';

/**
 * Compiles a setting (model, ladder, reps) once per distinct value, through the package's one cache of compiled
 * settings. A setting that is not an expression is compiled before any item, so a bad one fails the node at once;
 * one that comes from an expression (a model per client) is compiled per distinct value and a bad one fails only
 * the items that use it.
 */
export function compiledSetting<T>(
	ctx: IExecuteFunctions,
	parameterName: string,
	read: (itemIndex: number) => unknown,
	compile: (raw: unknown) => T,
): (itemIndex: number) => T {
	const compileCached = (raw: unknown): T => compiledSettings.compile(compile, settingKey(raw), raw);
	if (!isExpression(ctx, parameterName)) {
		let fixed: T;
		try {
			fixed = compileCached(read(0));
		} catch (error) {
			throw asNodeError(ctx, error);
		}
		return () => fixed;
	}
	return (itemIndex) => compileCached(read(itemIndex));
}

export function isExpression(ctx: IExecuteFunctions, parameterName: string): boolean {
	let value: unknown = ctx.getNode().parameters;
	for (const segment of parameterName.split('.')) {
		if (value === null || typeof value !== 'object') return false;
		value = (value as IDataObject)[segment];
	}
	return typeof value === 'string' && value.startsWith('=');
}
