import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectSandbox, type Running, startDev } from '../support/sandbox';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// CI installs Debian's chromium (.ci/run); elsewhere a missing browser skips, loudly.
const available = existsSync(CHROMIUM);
if (!available && process.env.CI) throw new Error(`${CHROMIUM} is missing: .ci/run must install Debian's chromium`);
if (!available) console.warn(`\n*** SKIPPING browser tests: ${CHROMIUM} not found (apt-get install -y chromium) ***\n`);

let sandbox: Awaited<ReturnType<typeof projectSandbox>>;
let server: Running;
let browser: Browser;
let page: Page;
let axeSource: string;

describe.skipIf(!available)('the sample site in a real browser', () => {
  beforeAll(async () => {
    sandbox = await projectSandbox();
    server = await startDev(sandbox.dir, ['--no-watch']);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    // axe is injected as a script, which the site's CSP rightly forbids; the test context bypasses it.
    page = await (await browser.newContext({ bypassCSP: true })).newPage();
    axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await sandbox?.remove();
  });

  it('follows a series from its first part to its last with "next"', async () => {
    await page.goto(server.url);
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

  const PAGES = [
    '/',
    '/articles/the-summer-the-river-stank',
    '/articles/the-concert-out-of-tune',
    '/series',
    '/series/writing-with-quire',
    '/series/the-long-peace/all',
    '/series/writing-with-quire/all',
    '/tags/history',
    '/archive',
    '/archive/2025',
    '/about',
    '/no-such-page',
  ];

  for (const path of PAGES) {
    it(`has no axe-core violations on ${path}`, async () => {
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.goto(server.url + path);
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
