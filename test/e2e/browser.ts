/**
 * A real browser on the real n8n editor: Debian's Chromium (/usr/bin/chromium, installed by
 * .ci/debian-packages.sh) driven by playwright-core, which downloads no browser of its own.
 *
 *   const browser = await launchBrowser();
 *   const page = await signUpOwner(browser, n8n);     // n8n's own setup form, as a first visit shows it
 *   await screenshot(page, 'editor', 'after-drag');    // test-artifacts/editor/after-drag.png (git-ignored)
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import axios from 'axios';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { RunningN8n } from './n8n';

export const ARTIFACTS = resolve(__dirname, '../../test-artifacts');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Headless Chromium with the flags that work on a machine without internet: no background networking, no
 * component updates or sync (they would try Google's hosts at every start), no sandbox (CI runs as root).
 */
export async function launchBrowser(): Promise<Browser> {
	return chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
}

/**
 * Sets up the owner of a fresh n8n through its setup page and returns the signed-in page. Waits for
 * /healthz/readiness first: until the database is migrated every page is "n8n is starting up".
 */
export async function signUpOwner(browser: Browser, n8n: RunningN8n): Promise<Page> {
	const deadline = Date.now() + 120_000;
	while ((await axios.get(`${n8n.baseUrl}/healthz/readiness`, { timeout: 2000, validateStatus: () => true }).catch(() => undefined))?.status !== 200) {
		if (Date.now() > deadline) throw new Error(`n8n was not ready within 120 s\n${n8n.output().slice(-4000)}`);
		await new Promise((done) => setTimeout(done, 500));
	}
	const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
	const page = await context.newPage();
	page.setDefaultTimeout(60_000);
	await page.goto(`${n8n.baseUrl}/setup`);
	await page.fill('input[name=email]', 'owner@example.com');
	await page.fill('input[name=firstName]', 'Olive');
	await page.fill('input[name=lastName]', 'Owner');
	await page.fill('input[name=password]', 'E2e-owner-password-1');
	await page.click('[data-test-id=form-submit-button]');
	await page.waitForURL((url) => !url.pathname.startsWith('/setup'));
	return page;
}

export async function screenshot(page: Page, folder: string, name: string): Promise<void> {
	const dir = join(ARTIFACTS, folder);
	mkdirSync(dir, { recursive: true });
	await page.screenshot({ path: join(dir, `${name}.png`) });
}

/** Drags with the mouse as a user does (n8n's mapping reacts to mouse moves, not to HTML5 drag events). */
export async function dragWithMouse(page: Page, from: { x: number; y: number; width: number; height: number }, to: { x: number; y: number; width: number; height: number }): Promise<void> {
	await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
	await page.mouse.down();
	await page.mouse.move(from.x + from.width / 2 + 40, from.y + from.height / 2 + 10, { steps: 5 });
	await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 15 });
	// Settle over the target, then move a little within it: n8n marks a drop zone active on a later mousemove.
	await page.waitForTimeout(300);
	await page.mouse.move(to.x + to.width / 2 + 4, to.y + to.height / 2 + 2, { steps: 3 });
	await page.waitForTimeout(300);
	await page.mouse.up();
}
