import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileModel, scoreLead } from '../../src';

/** The README's quick start must stay true: its model, lead and result blocks are run here. */
describe('README quick start', () => {
	const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
	const block = (name: string) => {
		const match = new RegExp('```json ' + name + '\\n([\\s\\S]*?)```').exec(readme);
		if (!match) throw new Error(`README has no "json ${name}" block`);
		return JSON.parse(match[1]);
	};

	it('gives exactly the result it shows', () => {
		const expected = block('result');
		const result = scoreLead(compileModel(block('model')), block('lead'), { asOf: Date.parse(expected.asOf) });
		expect(result).toEqual(expected);
	});
});
