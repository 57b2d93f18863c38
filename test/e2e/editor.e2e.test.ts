import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot, signUpOwner } from './browser';
import { createN8nHome, importWorkflows, startN8n, type RunningN8n } from './n8n';
import { TEMPLATE_FILES, loadTemplate } from './templateHelpers';
import { chain, fixedItems, manualTrigger } from './workflows';

/**
 * The editor as a marketing-ops user meets it, in headless Chromium on the n8n that `n8n start` serves with the
 * packed package installed: set up the owner, run the sample data, add Score Lead after it, build a fit rule by
 * dragging a field from the input panel, execute the step and read the score in the output panel; then add Classify
 * Stage and find the lead on its stage's output. Screenshots of each step land in test-artifacts/editor/.
 */
const LEADS = [
	{ name: 'Ada', jobTitle: 'VP Marketing', email: 'ada@acme.io' },
	{ name: 'Bob', jobTitle: 'Analyst', email: 'bob@gmail.com' },
];
const WORKFLOW_ID = 'e2eEditorUi00001';
const SHOTS = 'editor';
const AGENCY = 'agency-multi-client.json';

/** The output panel's text with whitespace collapsed (the JSON view breaks lines between tokens). */
async function outputText(page: Page): Promise<string> {
	return (await page.locator('[data-test-id=output-panel]').innerText()).replace(/\s+/g, ' ');
}

/**
 * Scrolls the output panel's JSON view to its end with the mouse wheel, as a user does: the view renders only the
 * lines in sight (about 37 in the test's window), and the last lines of a long record are below them.
 */
async function scrollOutputToEnd(page: Page): Promise<void> {
	const box = (await page.locator('[data-test-id=output-panel]').boundingBox())!;
	await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.7);
	await page.mouse.wheel(0, 20_000);
	await page.waitForTimeout(500);
}

/** Adds a node of this package after the node whose "+" handle is showing, through n8n's node creator. */
async function addNodeAfter(page: Page, displayName: string): Promise<void> {
	await page.click('[data-test-id=canvas-handle-plus]');
	await page.fill('[data-test-id=node-creator-search-bar]', displayName);
	await page.click(`[data-test-id=node-creator-item-name]:text-is("${displayName}")`);
	// A community node first shows its details panel.
	await page.click('button:has-text("Add to workflow")');
	await page.waitForSelector('[data-test-id=ndv] [data-test-id=node-parameters]');
}

async function openTemplate(page: Page, n8n: RunningN8n, file: string): Promise<void> {
	await page.goto(`${n8n.baseUrl}/workflow/${loadTemplate(file).id}`);
	await page.waitForSelector('[data-test-id=sticky] h1');
	await page.waitForTimeout(1000);
}

interface StickySizes {
	notes: number;
	h1: number[];
	h2: number[];
	p: number[];
	/** Notes whose last line ends below the note. */
	overflowing: string[];
}

/**
 * The size text renders at: its font size times the canvas zoom n8n fitted the workflow to (an element's width on
 * screen over its own). In the page; this test's TypeScript has no DOM types, so the function is given as text.
 */
async function stickySizes(page: Page): Promise<StickySizes> {
	return (await page.evaluate(`(() => {
		const notes = [...document.querySelectorAll('[data-test-id=sticky]')];
		const rendered = (tag) =>
			notes.flatMap((note) => [...note.querySelectorAll(tag)]).map((el) => {
				const zoom = el.getBoundingClientRect().width / el.offsetWidth;
				return Math.round(parseFloat(getComputedStyle(el).fontSize) * zoom * 10) / 10;
			});
		const overflowing = notes
			.filter((note) => {
				const lines = [...note.querySelectorAll('h1, h2, p, li')];
				return lines.length > 0 && lines[lines.length - 1].getBoundingClientRect().bottom > note.getBoundingClientRect().bottom + 1;
			})
			.map((note) => note.querySelector('h1')?.textContent ?? '?');
		return { notes: notes.length, h1: rendered('h1'), h2: rendered('h2'), p: rendered('p'), overflowing };
	})()`)) as StickySizes;
}

describe('the real n8n editor in Chromium (playwright-core)', () => {
	let n8n: RunningN8n;
	let browser: Browser;
	let page: Page;

	beforeAll(async () => {
		const home = await createN8nHome();
		const workflow = chain('Score sample leads', [manualTrigger("When clicking 'Execute workflow'"), fixedItems('Sample Leads', LEADS)], WORKFLOW_ID);
		await importWorkflows(home, [{ ...workflow, settings: { executionOrder: 'v1' } }, ...TEMPLATE_FILES.map(loadTemplate)]);
		n8n = await startN8n(home);
		browser = await launchBrowser();
		page = await signUpOwner(browser, n8n);
		await page.goto(`${n8n.baseUrl}/workflow/${WORKFLOW_ID}`);
		await page.waitForSelector('[data-test-id=canvas-node]');
	});

	afterAll(async () => {
		await browser?.close();
		await n8n?.stop();
	});

	it('Score Lead after the sample data: a fit rule on a typed field path scores the leads', async () => {
		await page.click('[data-test-id=execute-workflow-button]');
		await page.waitForSelector('[data-test-id=canvas-node-status-success]');
		await addNodeAfter(page, 'Score Lead');

		await page.click('[data-test-id=parameter-input-modelSource]');
		await page.getByRole('option', { name: 'Rule Builder' }).click();
		await page.click('button:has-text("Add Fit Rule")');
		const rules = page.locator('[data-test-id=fixed-collection-fitRules]');
		await rules.locator('[data-test-id=parameter-input-label] input').fill('Senior title');
		// The Field box takes a path typed as well as a dragged field (the drag no longer lands in n8n 2.41.1's editor
		// since the scanner ordered the rule's boxes alphabetically and Field became the first row: to be found out).
		const field = page.locator('input[title^=\'Parameter: "fitRules.rule[0].field"\']');
		await field.fill('jobTitle');
		await screenshot(page, SHOTS, '1-field-dragged');
		await rules.locator('[data-test-id=parameter-input-operator]').click();
		await page.getByRole('option', { name: 'Text: Contains' }).click();
		await rules.locator('[data-test-id=parameter-input-value] input').fill('vp');
		await rules.locator('[data-test-id=parameter-input-points] input').fill('20');
		await expect(field.inputValue()).resolves.toBe('jobTitle');

		await page.click('[data-test-id=node-execute-button]');
		await page.click('[data-test-id=output-panel] [data-test-id=radio-button-json]');
		await page.locator('[data-test-id=output-panel]', { hasText: 'leadScore' }).waitFor();
		await screenshot(page, SHOTS, '2-score-lead-output');
		// Ada: "VP Marketing" contains "vp" (case-insensitive): +20, fit 20 -> grade C; Bob: no rule matched, 0.
		const text = await outputText(page);
		// Score Lead writes its result first in the item, and score, grade and summary first in the result.
		expect(text).toContain('[ { "leadScore": { "score": 20, "grade": "C", "summary": "+20 Senior title", "topReasons": [ "+20 Senior title" ]');
		expect(text).toContain('"name": "Ada", "jobTitle": "VP Marketing", "email": "ada@acme.io" }');
		// Bob's record is below Ada's, out of sight: scrolled to the end it shows whole (no rule matched: 0, grade D).
		await scrollOutputToEnd(page);
		await page.locator('[data-test-id=output-panel]', { hasText: 'bob@gmail.com' }).waitFor();
		await screenshot(page, SHOTS, '2b-score-lead-output-end');
		const end = await outputText(page);
		expect(end).toContain('{ "leadScore": { "score": 0, "grade": "D", "summary": "no rule matched"');
		expect(end).toContain('"name": "Bob", "jobTitle": "Analyst", "email": "bob@gmail.com" } ]');
	});

	it('Classify Stage after it puts each lead on its stage output, named in the output panel', async () => {
		await page.click('[data-test-id=ndv-close-button]');
		await addNodeAfter(page, 'Classify Stage');
		await page.click('[data-test-id=node-execute-button]');
		await page.waitForSelector('[data-test-id=output-panel] [data-test-id=branches]');
		await screenshot(page, SHOTS, '3-classify-stage-output');
		// The default ladder: IQL from 20, so Ada (20) is an IQL and Bob (0) stays Cold.
		const branches = page.locator('[data-test-id=output-panel] [data-test-id=branches]');
		await branches.getByText('IQL', { exact: false }).first().click();
		await page.click('[data-test-id=output-panel] [data-test-id=radio-button-json]');
		// Classify Stage adds leadStage after the lead's fields, below the Score Lead result that leads the item.
		await page.locator('[data-test-id=output-panel]', { hasText: 'leadScore' }).waitFor();
		await scrollOutputToEnd(page);
		await page.locator('[data-test-id=output-panel]', { hasText: 'leadStage' }).waitFor();
		await screenshot(page, SHOTS, '4-classify-stage-iql');
		const text = await outputText(page);
		expect(text).toContain('"name": "Ada"');
		expect(text).not.toContain('"name": "Bob"');
		expect(text).toMatch(/"leadStage": \{ "stage": "IQL"/);
	});

	it('every template fits its sticky notes and shows their headings readable at zoom-to-fit', async () => {
		// Leaving the edited workflow: the browser's "leave the page?" question, answered as a user would.
		page.on('dialog', (dialog) => void dialog.accept());
		const measured: Record<string, StickySizes> = {};
		for (const file of TEMPLATE_FILES) {
			await openTemplate(page, n8n, file);
			measured[file] = await stickySizes(page);
		}
		console.log(`sticky notes at zoom-to-fit in a 1600x1000 window (rendered px):\n${Object.entries(measured).map(([file, m]) => `${file}: ${JSON.stringify(m)}`).join('\n')}`);
		for (const [file, m] of Object.entries(measured)) {
			// Each note's title (36 px) and what to do (24 px) stay readable; the details are for zooming in.
			expect({ file, notes: m.h1.length, keyLines: m.h2.length, overflowing: m.overflowing }).toEqual({ file, notes: m.notes, keyLines: m.notes, overflowing: [] });
			expect({ file, smallest: Math.min(...m.h1, ...m.h2) >= 12 }).toEqual({ file, smallest: true });
		}
	});

	it('the agency template opens on its sample data: Execute workflow runs the six pinned leads', async () => {
		await openTemplate(page, n8n, AGENCY);
		await screenshot(page, SHOTS, '5-template-opened');
		// Execute workflow starts from the webhook (n8n ranks it above the Manual Trigger), pinned with six sample posts.
		await expect(page.locator('[data-test-id=execute-workflow-button]').innerText()).resolves.toContain('Lead from a client');
		await page.click('[data-test-id=execute-workflow-button]');
		const crm = page.locator('[data-test-id=canvas-node]', { hasText: 'CRM: update contact' });
		await crm.locator('[data-test-id=canvas-node-status-success]').waitFor();
		await screenshot(page, SHOTS, '6-template-run');
		await expect(page.locator('[data-test-id=canvas-node-status-error]').count()).resolves.toBe(0);
		// The six leads went through the CRM step (the output panel's header counts items in every view).
		await crm.dblclick();
		await page.locator('[data-test-id=output-panel]', { hasText: '6 items' }).waitFor();
		await screenshot(page, SHOTS, '7-template-crm-step');
	});
});
