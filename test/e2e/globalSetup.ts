/**
 * Once per e2e run: install (or reuse) Node 24 and n8n, build and `npm pack` this package, and hand the
 * results to the tests through the environment (the tests run in this process or in workers it starts).
 * Set E2E_TARBALL to test an already packed tarball instead. The companion package n8n-nodes-lead-scoring-redis (Route to
 * Sales (Redis), scripts/build-companion.js) is packed too, E2E_COMPANION_TARBALL, for the homes that ask for it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

export default function globalSetup(): void {
	const runDir = mkdtempSync(join(tmpdir(), 'lead-scoring-e2e-'));
	const runtime = JSON.parse(
		execFileSync(
			'bash',
			['-c', 'source scripts/n8n-runtime.sh >&2 && node -p "JSON.stringify({ path: process.env.PATH, n8n: process.env.N8N_BIN })"'],
			{ cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
		),
	) as { path: string; n8n: string };
	process.env.E2E_RUN_DIR = runDir;
	process.env.E2E_N8N_PATH = runtime.path;
	process.env.E2E_N8N_BIN = runtime.n8n;
	process.env.E2E_TARBALL = process.env.E2E_TARBALL ? resolve(process.env.E2E_TARBALL) : pack(runDir);
	process.env.E2E_COMPANION_TARBALL = process.env.E2E_COMPANION_TARBALL
		? resolve(process.env.E2E_COMPANION_TARBALL)
		: execFileSync('node', ['scripts/build-companion.js', '--pack', runDir], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

function pack(runDir: string): string {
	execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
	execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', runDir], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
	const tarball = readdirSync(runDir).find((file) => /^n8n-nodes-lead-scoring-\d.*\.tgz$/.test(file));
	if (!tarball) throw new Error(`npm pack wrote no tarball into ${runDir}`);
	return join(runDir, tarball);
}
