/**
 * n8n's verification gate on the tarball every other e2e test installs: scripts/scan-package.mjs runs the pinned
 * @n8n/scan-community-package's analyzePackage on it (and on the source tree, as n8n does on the attested commit),
 * and a copy with forbidden code added proves the gate reports what it must.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

interface Violation {
	leg: 'package' | 'source' | 'requires';
	file: string;
	line: number;
	rule: string;
	message: string;
}

function scan(...args: string[]): { status: number | null; violations: Violation[] } {
	const run = spawnSync(process.execPath, ['scripts/scan-package.mjs', '--json', ...args], {
		cwd: ROOT,
		encoding: 'utf8',
		timeout: 180_000,
		maxBuffer: 64 * 1024 * 1024,
	});
	if (run.error) throw run.error;
	if (!run.stdout.trim()) throw new Error(`scan-package.mjs printed nothing (exit ${run.status}): ${run.stderr}`);
	return { status: run.status, violations: JSON.parse(run.stdout) as Violation[] };
}

const brief = (violations: Violation[]) => violations.map(({ leg, file, line, rule, message }) => `${leg}: ${file}:${line} ${rule} ${message}`);

describe("n8n's community package scanner", () => {
	const tarball = process.env.E2E_TARBALL!;
	let work: string;

	beforeAll(() => {
		work = mkdtempSync(join(process.env.E2E_RUN_DIR!, 'scan-'));
	});
	afterAll(() => rmSync(work, { recursive: true, force: true }));

	it('finds no violation in the packed package or its requires, and in the source only the companion files named', () => {
		const { status, violations } = scan('--tarball', tarball);
		// The one known remainder, in the source leg only: the companion package's Redis sources still sit in nodes/ and
		// credentials/, which n8n lints in the commit a version's provenance names (issue 20: move them out, then
		// empty KNOWN). Exactly these two findings; anything else, anywhere, fails.
		const KNOWN = [
			'source: credentials/LeadScoringRedisApi.credentials.ts @n8n/community-nodes/credential-test-required',
			'source: nodes/RouteToSales/redisTurnStore.ts @n8n/community-nodes/no-restricted-globals',
		];
		const found = violations.map(({ leg, file, rule }) => `${leg}: ${file} ${rule}`);
		expect(brief(violations.filter((_, index) => !KNOWN.includes(found[index])))).toEqual([]);
		expect(found.sort()).toEqual(KNOWN);
		expect(status).toBe(1);
	});

	it('reports a forbidden require, a timer, a bare zod require and a runtime dependency added to a copy', () => {
		const copy = join(work, 'tampered');
		mkdirSync(copy);
		const untar = spawnSync('tar', ['-xzf', tarball, '-C', copy, '--strip-components=1']);
		expect(untar.status).toBe(0);
		const node = join(copy, 'dist/nodes/ScoreLead/ScoreLead.node.js');
		appendFileSync(node, "\nconst net = require('node:net');\nsetTimeout(() => net, 1);\n");
		// The scanner allows a bare zod (n8n resolves it to its own copy, of whatever version): our requires check does not.
		appendFileSync(join(copy, 'dist/src/index.js'), "\nrequire('zod/v4');\n");
		const packageJsonPath = join(copy, 'package.json');
		const packageJson = JSON.parse(readFileSync(packageJsonPath, 'utf8'));
		writeFileSync(packageJsonPath, JSON.stringify({ ...packageJson, dependencies: { zod: '3.25.76' } }, null, 2));

		const { status, violations } = scan('--dir', copy, '--no-source');
		const found = violations.map(({ leg, file, rule, message }) => ({ leg, file, rule, message }));
		expect(status).toBe(1);
		expect(found).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ leg: 'package', file: 'dist/nodes/ScoreLead/ScoreLead.node.js', rule: '@n8n/community-nodes/no-restricted-imports', message: expect.stringContaining("'node:net'") }),
				expect.objectContaining({ leg: 'package', file: 'dist/nodes/ScoreLead/ScoreLead.node.js', rule: '@n8n/community-nodes/no-restricted-globals', message: expect.stringContaining("'setTimeout'") }),
				expect.objectContaining({ leg: 'package', file: 'package.json', rule: '@n8n/community-nodes/no-runtime-dependencies' }),
				expect.objectContaining({ leg: 'requires', file: 'dist/src/index.js', rule: 'bundle', message: expect.stringContaining("'zod/v4'") }),
			]),
		);
		expect(found).not.toContainEqual(expect.objectContaining({ leg: 'package', file: 'dist/src/index.js' }));
	});
});
