import tseslint from 'typescript-eslint';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';

const n8nRules = n8nCommunityNodesPlugin.configs.recommended.rules;

export default tseslint.config(
	{ ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.n8n-home/**', '**/*.js', '**/*.mjs'] },
	...tseslint.configs.recommended,
	{ rules: { '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true, argsIgnorePattern: '^_' }] } },
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts', 'package.json'],
		plugins: { '@n8n/community-nodes': n8nCommunityNodesPlugin },
		rules: {
			...n8nRules,
			// zod is our one runtime dependency by design (model validation); see README "What gets installed".
			'@n8n/community-nodes/no-runtime-dependencies': 'off',
		},
	},
	{
		// The companion package's own files (scripts/build-companion.js; never in the main package's dist): its Redis
		// client is why it exists, and the main package.json, which these rules read, does not list its node.
		files: ['nodes/RouteToSales/routeToSalesRedis.ts', 'nodes/RouteToSales/redisTurnStore.ts', 'credentials/LeadScoringRedisApi.credentials.ts'],
		rules: {
			'@n8n/community-nodes/no-restricted-globals': 'off',
			'@n8n/community-nodes/credential-test-required': 'off',
		},
	},
	{
		files: ['package.json'],
		languageOptions: { parser: tseslint.parser, parserOptions: { extraFileExtensions: ['.json'] } },
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: { ...n8nNodesBase.configs.community.rules, '@typescript-eslint/no-unused-expressions': 'off' },
	},
	{
		files: ['nodes/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// These older rules only accept the literal 'main', which the community rules (and n8n 2) replace by
			// NodeConnectionTypes.Main; the community rule node-connection-type-literal checks connections instead.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
		},
	},
	{
		files: ['credentials/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: n8nNodesBase.configs.credentials.rules,
	},
	{
		// zod is bundled into dist through src/zod.ts alone (gulpfile.js); a bare import would ship a runtime dependency.
		files: ['src/**/*.ts', 'nodes/**/*.ts', 'credentials/**/*.ts'],
		ignores: ['src/zod.ts'],
		rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^zod(/|$)', message: "Import { z } from src/zod.ts, which the build bundles." }] }] },
	},
	{
		files: ['test/**/*.ts', 'bench/**/*.ts'],
		rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-require-imports': 'off' },
	},
);
