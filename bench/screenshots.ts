/**
 * The README's pictures of footnotes beside the text: an essay at 1,280 px with its notes in the
 * margin, and at 390 px with a note opened from its reference. Run by hand after a change to how
 * notes look: `npx tsx bench/screenshots.ts` (serves the sample site with `quire dev`, writes
 * docs/sidenotes-1280.png and docs/popover-390.png).
 */
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_FLAGS } from '../tests/support/chromium';
import { projectSandbox, startDev } from '../tests/support/sandbox';

const ARTICLE = '/articles/the-summer-the-river-stank';
const DOCS = resolve(import.meta.dirname, '../docs');
// Run in the page (a string: this file is typed for Node, without the DOM's names).
const scrollToFirstNote = (above: number) =>
  `scrollTo(0, document.querySelector('.fn').getBoundingClientRect().top + scrollY - ${above})`;

const sandbox = await projectSandbox();
const server = await startDev(sandbox.dir, ['--no-watch'], 180);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
try {
  const wide = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await wide.goto(server.url + ARTICLE);
  // The paragraph of the first note at the top, so the note shows beside its reference.
  await wide.evaluate(scrollToFirstNote(200));
  await wide.screenshot({ path: `${DOCS}/sidenotes-1280.png` });

  const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  await phone.goto(server.url + ARTICLE);
  const reference = phone.locator('.fn').first();
  await phone.evaluate(scrollToFirstNote(300));
  await reference.click();
  await phone.locator('.sn:popover-open').waitFor();
  await phone.screenshot({ path: `${DOCS}/popover-390.png` });
  console.log(`wrote ${DOCS}/sidenotes-1280.png and ${DOCS}/popover-390.png`);
} finally {
  await browser.close();
  await server.stop();
  await sandbox.remove();
}
