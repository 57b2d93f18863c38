#!/usr/bin/env node
// n8n's verification gate, run locally: @n8n/scan-community-package's own `analyzePackage` (the pinned
// devDependency, no network) on this package, printing every violation. Exit 1 when there is any.
//
//   node scripts/scan-package.mjs                    build, `npm pack`, scan the tarball and the source tree
//   node scripts/scan-package.mjs --tarball X.tgz    scan a packed tarball (and the source tree)
//   node scripts/scan-package.mjs --dir DIR          scan an unpacked package folder (and the source tree)
//   --no-source   skip the source leg;   --json   print the violations as JSON on stdout
//
// Two legs, each a full analyzePackage run, and one check of our own:
// - package: the unpacked tarball with analyzePackage's default file set (every .js, .ts and .json). n8n's own
//   scan of a published version lints only its .js files and package.json; this is wider, so stricter.
// - source: the repository's package.json, nodes/ and credentials/ with the scanner's SOURCE_FILE_PATTERNS,
//   as n8n lints the commit a published version's provenance attests. Inline eslint-disable comments do not
//   count there (the scanner turns them off).
// - requires: every node and credential package.json lists is in the package (an empty one would pass), and
//   every module a shipped .js file requires is relative, n8n-workflow (n8n provides it) or crypto.
//   The scanner also lets a file require zod, lodash, luxon, moment and p-limit (n8n resolves them to its own
//   copies, whatever their version) and any devDependency (it assumes a bundler inlined it). We bundle zod, so
//   that a model validates with the zod it was tested with; a bare require would silently use n8n's instead.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// eslint-plugin-n8n-nodes-base reads NODE_ENV once, when it loads: under "test" (jest sets it) its rules take every
// file for a node file, as in its own tests, and report what n8n's scan does not. n8n scans without it.
delete process.env.NODE_ENV;
const { analyzePackage, SOURCE_FILE_PATTERNS } = await import('@n8n/scan-community-package/scanner/scanner.mjs');

function parseArgs(argv) {
	const options = { tarball: undefined, dir: undefined, source: ROOT, json: false };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--tarball') options.tarball = resolve(argv[++i]);
		else if (arg === '--dir') options.dir = resolve(argv[++i]);
		else if (arg === '--no-source') options.source = undefined;
		else if (arg === '--json') options.json = true;
		else throw new Error(`unknown argument ${arg}`);
	}
	return options;
}

function unpack(tarball, into) {
	execFileSync('tar', ['-xzf', tarball, '-C', into, '--strip-components=1']);
	return into;
}

function packInto(dir) {
	// The build runs explicitly: .npmrc sets ignore-scripts, so `npm pack` would skip prepack and pack no dist.
	execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
	execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
	const tarball = readdirSync(dir).find((file) => file.endsWith('.tgz'));
	if (!tarball) throw new Error(`npm pack wrote no tarball into ${dir}`);
	return join(dir, tarball);
}

const FROM_N8N = new Set(['n8n-workflow', 'crypto', 'node:crypto']);

/** Every node and credential package.json names must be in the package: an empty tarball passes any scan. */
function missingFiles(packageDir) {
	const { n8n } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
	const listed = [...(n8n?.nodes ?? []), ...(n8n?.credentials ?? [])];
	if (listed.length === 0) listed.push('(n8n.nodes in package.json)');
	return listed
		.filter((file) => !existsSync(join(packageDir, file)))
		.map((file) => ({ leg: 'requires', file, line: 0, column: 0, severity: 'error', rule: 'files', message: 'listed in package.json "n8n" but not in the package' }));
}

/** Bare module names required by the shipped .js files, other than what n8n provides. */
function unbundledRequires(packageDir) {
	const violations = [];
	const files = readdirSync(packageDir, { recursive: true }).filter((file) => file.endsWith('.js') && !file.startsWith('node_modules'));
	for (const file of files) {
		const lines = readFileSync(join(packageDir, file), 'utf8').split('\n');
		lines.forEach((text, index) => {
			for (const match of text.matchAll(/\b(?:require|import)\s*\(\s*(['"`])([^'"`]+)\1\s*\)/g)) {
				const module = match[2];
				if (module.startsWith('./') || module.startsWith('../') || FROM_N8N.has(module)) continue;
				violations.push({
					leg: 'requires', file, line: index + 1, column: match.index + 1, severity: 'error', rule: 'bundle',
					message: `Require of '${module}': only n8n-workflow and crypto come from outside dist (zod is bundled into it)`,
				});
			}
		});
	}
	return violations;
}

/** ESLint's "stylish" text, the only detail analyzePackage returns, read back into one record per problem. */
function parseStylish(details, base) {
	const violations = [];
	let file;
	for (const line of (details ?? '').split('\n')) {
		if (line.startsWith('/')) {
			file = relative(base, line.trim());
			continue;
		}
		const problem = /^\s+(\d+):(\d+)\s+(error|warning)\s+(.*?)\s{2,}(\S+)\s*$/.exec(line);
		if (problem && file !== undefined) {
			const [, lineNo, column, severity, message, rule] = problem;
			violations.push({ file, line: Number(lineNo), column: Number(column), severity, rule, message: message.trim() });
		}
	}
	return violations;
}

async function leg(name, dir, patterns) {
	const result = await analyzePackage(dir, patterns);
	const violations = parseStylish(result.details, dir).map((violation) => ({ leg: name, ...violation }));
	// A failed analysis without a readable problem (the scanner threw, or its output format changed) is a failure
	// too: a gate that passes because it could not read its own result is no gate.
	if (!result.passed && violations.length === 0) {
		violations.push({ leg: name, file: '', line: 0, column: 0, severity: 'error', rule: 'scanner', message: result.message ?? 'analysis failed' });
	}
	return violations;
}

export async function scan({ tarball, dir, source }) {
	const work = mkdtempSync(join(tmpdir(), 'lead-scoring-scan-'));
	try {
		const packageDir = dir ?? unpack(tarball ?? packInto(work), mkdtempSync(join(work, 'package-')));
		const violations = [...(await leg('package', packageDir)), ...missingFiles(packageDir), ...unbundledRequires(packageDir)];
		if (source) violations.push(...(await leg('source', source, SOURCE_FILE_PATTERNS)));
		return violations;
	} finally {
		rmSync(work, { recursive: true, force: true });
	}
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const options = parseArgs(process.argv.slice(2));
	const violations = await scan(options);
	if (options.json) {
		process.stdout.write(JSON.stringify(violations, null, 2) + '\n');
	} else {
		for (const v of violations) {
			process.stdout.write(`${v.leg}: ${v.file}:${v.line}:${v.column} ${v.severity} ${v.rule} ${v.message}\n`);
		}
		process.stdout.write(
			violations.length === 0
				? 'n8n scanner (@n8n/scan-community-package): 0 violations\n'
				: `n8n scanner (@n8n/scan-community-package): ${violations.length} violation(s)\n`,
		);
	}
	process.exitCode = violations.length === 0 ? 0 : 1;
}
