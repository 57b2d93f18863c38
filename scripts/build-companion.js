#!/usr/bin/env node
/**
 * `npm run build:companion [-- --pack DIR]`: builds the companion package n8n-nodes-lead-scoring-redis from this
 * repository's own sources into .companion/ (git-ignored), and with --pack writes its tarball into DIR and prints
 * the tarball's path. No second source tree: the companion is Route to Sales (Redis)
 * (nodes/RouteToSales/routeToSalesRedis.ts), its credential and the Redis client, compiled with whatever of
 * src/ and nodes/ they import. Why a second package: the Redis client opens sockets and arms timers of its own,
 * which n8n's scanner refuses in a package n8n Cloud may install (docs/route-to-sales.md, "Moved: Redis (Atomic)").
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, '.companion');
const NAME = 'n8n-nodes-lead-scoring-redis';
const NODE = 'nodes/RouteToSales/routeToSalesRedis.ts';
const CREDENTIAL = 'credentials/LeadScoringRedisApi.credentials.ts';
/** What n8n's scanner rules refuse in the companion, and so the reason it is a package of its own (README below). */
const SCANNER_VIOLATIONS = [
	"`require('node:net')` and `require('node:tls')` in dist/src/routing/turns/redisClient.js: the Redis connection",
	'`setTimeout` / `clearTimeout` in the same file: the connect and command timeouts',
	"`process` in dist/nodes/RouteToSales/redisTurnStore.js: the credential test reads N8N_SSRF_PROTECTION_ENABLED",
	'`"dependencies": { "zod" }`: model and reps validation, as in the main package before bundling',
];

function main() {
	const packAt = process.argv.indexOf('--pack');
	const main = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	fs.rmSync(OUT, { recursive: true, force: true });
	fs.mkdirSync(OUT, { recursive: true });

	// One tsc run over the two entry files: tsc follows their imports through src/ and nodes/.
	fs.writeFileSync(
		path.join(OUT, 'tsconfig.json'),
		JSON.stringify({
			extends: path.join(ROOT, 'tsconfig.build.json'),
			compilerOptions: { rootDir: ROOT, outDir: path.join(OUT, 'dist'), declaration: false },
			files: [path.join(ROOT, NODE), path.join(ROOT, CREDENTIAL)],
			include: [],
			exclude: [],
		}),
	);
	execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(OUT, 'tsconfig.json')], { cwd: ROOT, stdio: 'inherit' });
	fs.rmSync(path.join(OUT, 'tsconfig.json'));

	// Icons beside the compiled node and credential (n8n loads `file:` icons from there), and the node's codex file.
	const copy = (from, to) => fs.copyFileSync(path.join(ROOT, from), path.join(OUT, 'dist', to ?? from));
	for (const icon of ['routeToSales.svg', 'routeToSales.dark.svg']) copy(`nodes/RouteToSales/${icon}`);
	for (const icon of ['leadScoringRedisApi.svg', 'leadScoringRedisApi.dark.svg']) copy(`credentials/${icon}`);
	// The node file n8n loads: named as n8n wants it (its class name), kept out of the main package's nodes/ list
	// (the community lint would ask to register a `*.node.ts` there), so generated here.
	fs.writeFileSync(path.join(OUT, 'dist/nodes/RouteToSales/RouteToSalesRedis.node.js'), "'use strict';\nmodule.exports = require('./routeToSalesRedis');\n");
	const codex = JSON.parse(fs.readFileSync(path.join(ROOT, 'nodes/RouteToSales/RouteToSales.node.json'), 'utf8'));
	codex.node = `${NAME}.routeToSales`;
	codex.alias = [...(codex.alias ?? []), 'redis', 'queue mode'];
	fs.writeFileSync(path.join(OUT, 'dist/nodes/RouteToSales/RouteToSalesRedis.node.json'), `${JSON.stringify(codex, null, '\t')}\n`);

	const zod = main.dependencies?.zod ?? main.devDependencies?.zod;
	const pkg = {
		name: NAME,
		version: main.version,
		description: `Route to Sales (Redis) for n8n: the lead-routing node of ${main.name} with fair turns kept atomically in Redis across queue-mode workers. Self-hosted n8n only.`,
		keywords: ['n8n-community-node-package', 'n8n', 'lead routing', 'round robin', 'redis', 'queue mode'],
		license: main.license,
		homepage: main.homepage.replace('#readme', '/blob/main/docs/route-to-sales.md#moved-redis-atomic-and-fewest-in-period'),
		repository: main.repository,
		bugs: main.bugs,
		author: main.author,
		engines: main.engines,
		files: ['dist'],
		n8n: {
			n8nNodesApiVersion: 1,
			strict: true,
			credentials: ['dist/credentials/LeadScoringRedisApi.credentials.js'],
			nodes: ['dist/nodes/RouteToSales/RouteToSalesRedis.node.js'],
		},
		dependencies: { zod },
		peerDependencies: main.peerDependencies,
	};
	fs.writeFileSync(path.join(OUT, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
	fs.writeFileSync(path.join(OUT, 'README.md'), readme(main));

	if (packAt >= 0) {
		const dir = path.resolve(process.argv[packAt + 1] ?? '.');
		const file = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], { cwd: OUT, encoding: 'utf8' }).trim().split('\n').pop();
		console.log(path.join(dir, file));
	} else {
		console.error(`Built ${NAME} ${main.version} into ${path.relative(ROOT, OUT)}/`);
	}
}

function readme(main) {
	return `# ${NAME}

**Route to Sales (Redis)** for [n8n](https://n8n.io): the Route to Sales node of
[${main.name}](https://www.npmjs.com/package/${main.name}) with *Turn Storage: Redis (Atomic)* and *Method: Fewest in
Period*: each pick reads, chooses and writes a team's turns in one Lua script, so any number of executions on any
number of queue-mode workers share one fair rotation. Built from the same sources as ${main.name}
(\`npm run build:companion\` in its repository); the node's documentation is
[docs/route-to-sales.md](${main.homepage.replace('#readme', '/blob/main/docs/route-to-sales.md')}).

## Self-hosted only, and why

n8n Cloud installs only packages n8n has verified, and n8n's scanner (\`@n8n/scan-community-package\`) refuses this
one, by design:

${SCANNER_VIOLATIONS.map((line) => `- ${line}`).join('\n')}

On n8n Cloud, keep ${main.name}'s Route to Sales with *Turn Storage: Turn Number From Item* fed by n8n's own Redis
node (*Increment*): exact shares too (the template "Lead scoring: fair turns across workers").

## Install (self-hosted)

*Settings > Community Nodes > Install*, \`${NAME}\`, or \`cd ~/.n8n/nodes && npm install ${NAME}\` and restart n8n.
It brings the *Lead Scoring Redis API* credential; credentials of that type made with ${main.name} before 0.2 keep
working once it is installed.
`;
}

main();
