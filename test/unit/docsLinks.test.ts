import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ICredentialType, INodeType } from 'n8n-workflow';
import { LeadIntakeSecretApi } from '../../credentials/LeadIntakeSecretApi.credentials';
import { LeadScoringRedisApi } from '../../credentials/LeadScoringRedisApi.credentials';
import { LeadScoringWebhookApi } from '../../credentials/LeadScoringWebhookApi.credentials';
import { DOCS_BASE_URL } from '../../nodes/shared/docs';

/**
 * The editor's Docs link of every node (its description's documentationUrl, else its codex file's
 * primaryDocumentation) and of every credential opens a page of the repository's docs/ that exists, at a heading
 * that exists.
 */
const ROOT = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to dashes. */
const slug = (heading: string) =>
	heading
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{N}\s-]/gu, '')
		.replace(/\s/g, '-');

/** The docs file a URL points at, checked to exist along with its anchor. */
function docsFileOf(url: string): string {
	expect(url.startsWith(DOCS_BASE_URL)).toBe(true);
	const [page, anchor] = url.slice(DOCS_BASE_URL.length).split('#');
	const file = join(ROOT, 'docs', page);
	expect({ url, exists: existsSync(file) }).toEqual({ url, exists: true });
	if (anchor !== undefined) {
		const anchors = readFileSync(file, 'utf8')
			.split('\n')
			.filter((line) => /^#{1,6} /.test(line))
			.map((line) => slug(line.replace(/^#+ /, '')));
		expect(anchors).toContain(anchor);
	}
	return page;
}

describe('Docs links', () => {
	it('the docs live in the repository package.json names', () => {
		const repository = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
		expect(DOCS_BASE_URL).toBe(`${repository}/blob/main/docs/`);
		expect(pkg.homepage.startsWith(repository)).toBe(true);
	});

	const nodes = (pkg.n8n.nodes as string[]).map((built) => built.replace(/^dist\//, '').replace(/\.js$/, ''));
	it.each(nodes)('%s: its codex file and its description open the same docs page, which exists', (path) => {
		const codex = JSON.parse(readFileSync(join(ROOT, `${path}.json`), 'utf8'));
		const url = codex.resources.primaryDocumentation[0].url as string;
		const page = docsFileOf(url);
		const module = require(join(ROOT, path)) as Record<string, new () => INodeType>;
		const node = new module[basename(path).replace('.node', '')]();
		expect(node.description.documentationUrl).toBe(url);
		// One page per node, named after it: Score Lead -> score-lead.md.
		expect(page).toBe(`${node.description.displayName.toLowerCase().replace(/ /g, '-')}.md`);
	});

	it.each([LeadScoringWebhookApi, LeadScoringRedisApi, LeadIntakeSecretApi])('%p: its credential docs link opens a heading that exists', (Credential: new () => ICredentialType) => {
		docsFileOf(new Credential().documentationUrl as string);
	});
});
