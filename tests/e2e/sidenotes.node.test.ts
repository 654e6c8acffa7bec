import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHROMIUM, CHROMIUM_FLAGS, chromiumAvailable } from '../support/chromium';

const available = chromiumAvailable();

const SERVER = inject('sampleSiteUrl');
const ARTICLE = '/articles/the-summer-the-river-stank';
let browser: Browser;
let axeSource: string;

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    type Rule = { id: string; help: string };
    const { axe } = globalThis as unknown as { axe: { run: () => Promise<{ violations: Rule[] }> } };
    return (await axe.run()).violations.map((v) => `${v.id}: ${v.help}`);
  });
}

async function open(width: number, height: number): Promise<Page> {
  // axe is injected as a script, which the site's CSP rightly forbids; the test context bypasses it.
  const page = await (await browser.newContext({ viewport: { width, height }, bypassCSP: true })).newPage();
  await page.goto(SERVER + ARTICLE);
  return page;
}

describe.skipIf(!available)('footnotes beside the text, in a real browser', () => {
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
    axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('shows every note in the right margin at 1,280 px, level with its reference, and hides the end list', async () => {
    const page = await open(1280, 800);
    const notes = await page.locator('.sn').count();
    expect(notes).toBeGreaterThan(2);
    const column = await page.locator('.body').boundingBox();
    for (let i = 0; i < notes; i++) {
      const note = page.locator('.sn').nth(i);
      await expect.poll(() => note.isVisible()).toBe(true);
      const box = await note.boundingBox();
      const reference = await page.locator(`[popovertarget="${await note.getAttribute('id')}"]`).boundingBox();
      if (!box || !reference || !column) throw new Error('no layout box');
      expect(box.x, 'beside the column').toBeGreaterThan(column.x + column.width);
      expect(box.x + box.width, 'inside the window').toBeLessThanOrEqual(1280);
      // Level with the reference's line, or just below an earlier note that runs long.
      expect(box.y).toBeGreaterThanOrEqual(reference.y - 30);
    }
    expect(await page.locator('section.footnotes').isVisible()).toBe(false);
    await page.close();
  });

  it('opens a note in place at 390 px with Enter or a tap, and Escape dismisses it', async () => {
    const page = await open(390, 844);
    const reference = page.locator('.fn').first();
    const note = page.locator(`[id="${await reference.getAttribute('popovertarget')}"]`);
    expect(await note.isVisible()).toBe(false);
    expect(await page.locator('section.footnotes').isVisible()).toBe(true);
    await reference.focus();
    await page.keyboard.press('Enter');
    expect(await note.isVisible()).toBe(true);
    expect(await note.textContent()).toContain('The census of 1801');
    await page.keyboard.press('Escape');
    expect(await note.isVisible()).toBe(false);
    await reference.click();
    expect(await note.isVisible()).toBe(true);
    await page.mouse.click(10, 10);
    expect(await note.isVisible(), 'a tap outside dismisses it').toBe(false);
    await page.close();
  });

  it('prints the numbered list, not the copies', async () => {
    const page = await open(1280, 800);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.sn').first().isVisible()).toBe(false);
    expect(await page.locator('section.footnotes').isVisible()).toBe(true);
    await page.close();
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`has no axe-core violations at 390 px in ${scheme}, with a note closed and open`, async () => {
      const page = await open(390, 844);
      await page.emulateMedia({ colorScheme: scheme });
      expect(await axeViolations(page)).toEqual([]);
      await page.locator('.fn').first().click();
      expect(await axeViolations(page)).toEqual([]);
      await page.close();
    });

    it(`has no axe-core violations at 1,280 px in ${scheme}`, async () => {
      const page = await open(1280, 800);
      await page.emulateMedia({ colorScheme: scheme });
      expect(await axeViolations(page)).toEqual([]);
      await page.close();
    });
  }
});
