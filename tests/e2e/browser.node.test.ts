import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHROMIUM, CHROMIUM_FLAGS, chromiumAvailable } from '../support/chromium';
import { SAMPLE_PAGES } from '../support/sample-pages';

const available = chromiumAvailable();

const SERVER = inject('sampleSiteUrl');
let browser: Browser;
let page: Page;
let axeSource: string;

describe.skipIf(!available)('the sample site in a real browser', () => {
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
    // axe is injected as a script, which the site's CSP rightly forbids; the test context bypasses it.
    page = await (await browser.newContext({ bypassCSP: true })).newPage();
    axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('follows a series from its first part to its last with "next"', async () => {
    await page.goto(SERVER);
    await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Series' }).click();
    await page.getByRole('link', { name: 'The Long Peace' }).click();
    await page.getByRole('link', { name: /^Part 1:/ }).click();
    const visited: string[] = [];
    for (let step = 0; step < 10; step++) {
      visited.push(new URL(page.url()).pathname);
      expect(await page.locator('.series-box strong').textContent()).toBe(`Part ${step + 1} of 4`);
      const next = page.locator('a[rel="next"]');
      if ((await next.count()) === 0) break;
      await next.click();
    }
    expect(visited).toEqual([
      '/articles/the-bargain-at-vienna',
      '/articles/the-concert-out-of-tune',
      '/articles/the-peace-that-forgot-itself',
    ]);
  });

  for (const { type, path, status = 200 } of SAMPLE_PAGES) {
    it(`has no axe-core violations on ${path} (${type})`, async () => {
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        expect((await page.goto(SERVER + path))?.status(), path).toBe(status);
        await page.addScriptTag({ content: axeSource });
        const { violations, passes } = await page.evaluate(async () => {
          type Rule = { id: string; help: string };
          const { axe } = globalThis as unknown as { axe: { run: () => Promise<{ violations: Rule[]; passes: Rule[] }> } };
          const result = await axe.run();
          return { violations: result.violations.map((v) => `${v.id}: ${v.help}`), passes: result.passes.length };
        });
        expect(violations, `${path} (${scheme})`).toEqual([]);
        expect(passes, 'axe checked the page').toBeGreaterThan(10);
      }
    });
  }
});
