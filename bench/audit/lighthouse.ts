/**
 * Lighthouse (performance, accessibility, best practices, SEO) on the home page, the long essay
 * and a series page of the sample site, served by `quire dev` on 127.0.0.1 and loaded in Debian's
 * chromium. Prints a table, writes bench/lighthouse.json, and exits 1 if any score is below 0.95.
 * Run: `npm run audit`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { launch } from 'chrome-launcher';
import lighthouse, { type Config, defaultConfig, Gatherer } from 'lighthouse';
import { CHROMIUM, CHROMIUM_FLAGS } from '../../tests/support/chromium';
import { projectSandbox, startDev } from '../../tests/support/sandbox';

const PAGES = { home: '/', article: '/articles/the-summer-the-river-stank', series: '/series/the-long-peace' };
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
const THRESHOLD = 0.95;
const OUT = 'bench/lighthouse.json';

type Scores = Record<(typeof CATEGORIES)[number], number>;

/**
 * Lighthouse fetches robots.txt from inside the page, where the CSP's `default-src 'none'` (no
 * connect-src: the pages run no script) refuses it, so its robots-txt audit fails on every page of
 * ours (GoogleChrome/lighthouse#4386). Crawlers fetch it directly; so does this gatherer, and
 * Lighthouse's own audit then validates what it got.
 */
class RobotsTxtAsCrawlersFetchIt extends Gatherer {
  override meta: Gatherer['meta'] = { supportedModes: ['snapshot', 'navigation'] };

  override async getArtifact(context: Parameters<Gatherer['getArtifact']>[0]) {
    const response = await fetch(new URL('/robots.txt', context.baseArtifacts.URL.finalDisplayedUrl));
    return { status: response.status, content: await response.text() };
  }
}

// The default config with that one gatherer swapped (extending would merge into the default's).
const CONFIG: Config = {
  ...defaultConfig,
  artifacts: defaultConfig.artifacts?.map((artifact) =>
    artifact.id === 'RobotsTxt' ? { id: artifact.id, gatherer: { instance: new RobotsTxtAsCrawlersFetchIt() } } : artifact,
  ),
};

const cleanups: (() => Promise<unknown>)[] = [];
async function cleanUp(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => cleanUp().finally(() => process.exit(130)));
}

async function audit(): Promise<number> {
  const sandbox = await projectSandbox();
  cleanups.push(sandbox.remove);
  const server = await startDev(sandbox.dir, ['--no-watch']);
  cleanups.push(server.stop);
  const chrome = await launch({ chromePath: CHROMIUM, chromeFlags: CHROMIUM_FLAGS, logLevel: 'silent' });
  cleanups.push(async () => chrome.kill());

  const results: Record<string, Scores> = {};
  const failing: string[] = [];
  for (const [name, path] of Object.entries(PAGES)) {
    const url = server.url + path;
    const run = await lighthouse(url, { port: chrome.port, logLevel: 'error', onlyCategories: [...CATEGORIES] }, CONFIG);
    if (!run) throw new Error(`Lighthouse returned nothing for ${url}`);
    const { categories, audits, runtimeError } = run.lhr;
    if (runtimeError) throw new Error(`Lighthouse could not audit ${url}: ${runtimeError.code} ${runtimeError.message}`);
    const scores = Object.fromEntries(CATEGORIES.map((c) => [c, categories[c]?.score ?? 0])) as Scores;
    results[name] = scores;
    for (const category of CATEGORIES) {
      if (scores[category] >= THRESHOLD) continue;
      // Name the audits that cost points, so a low score says what to fix.
      const lost = (categories[category]?.auditRefs ?? [])
        .filter((ref) => ref.weight > 0 && (audits[ref.id]?.score ?? 1) < 1)
        .map((ref) => `${ref.id} (${audits[ref.id]?.displayValue ?? audits[ref.id]?.score})`);
      failing.push(`${name} ${category} ${scores[category]}: ${lost.join(', ') || 'no single audit'}`);
    }
  }

  const width = Math.max(...Object.keys(PAGES).map((n) => n.length));
  console.log(['page'.padEnd(width), ...CATEGORIES].join('  '));
  for (const [name, scores] of Object.entries(results)) {
    console.log([name.padEnd(width), ...CATEGORIES.map((c) => scores[c].toFixed(2).padStart(c.length))].join('  '));
  }
  await mkdir('bench', { recursive: true });
  const pages = Object.fromEntries(Object.entries(PAGES).map(([name, path]) => [name, { path, ...results[name] }]));
  await writeFile(OUT, `${JSON.stringify({ lighthouse: '12.2.3', threshold: THRESHOLD, pages }, null, 2)}\n`);
  console.log(`\nwritten to ${OUT}`);
  if (failing.length > 0) console.error(`\nbelow ${THRESHOLD}:\n${failing.join('\n')}`);
  return failing.length > 0 ? 1 : 0;
}

let status = 1;
try {
  status = await audit();
} catch (error) {
  console.error(error);
} finally {
  await cleanUp();
}
process.exit(status);
