/**
 * The repository's docs pages (package.json `repository`): the editor's Docs link of every node and credential opens
 * one. Each node's codex file (`<Node>.node.json`, `primaryDocumentation`) names the same page; a unit test checks
 * both, and that the page exists.
 */
export const DOCS_BASE_URL = 'https://github.com/n8n-nodes-lead-scoring/n8n-nodes-lead-scoring/blob/main/docs/';

/** A page (and optional heading anchor) under docs/, e.g. `docsUrl('score-lead.md')`. */
export const docsUrl = (page: string): string => `${DOCS_BASE_URL}${page}`;
