/**
 * Cold CPU of the first requests after a publish, in process: for each run a fresh copy of the
 * published KV (what `quire publish` uploaded, nothing kept by readers yet) and a fresh app, then
 * the first view of the 10,000-word essay, the first EPUB of a 10-part 50,000-word series and the
 * first feed. Process CPU time (user + system) of each request; p50 of the runs.
 * Run: `npx tsx bench/cold.ts [runs]`.
 */
import { createApp } from '../src/app';
import { withRenders } from '../src/cli/prerender';
import type { Root } from '../src/content/stored';
import { compile } from '../tests/support/compile';
import { articleFile, seriesFile } from '../tests/support/fixtures';
import { memoryKV } from '../tests/support/memory-app';
import { percentile } from './cpu';
import { benchSite, essay, LONG_ESSAY } from './site';

const runs = Number(process.argv[2] ?? 9);
const site = benchSite(100);
site.series.push(seriesFile('the-big-series'));
for (let p = 1; p <= 10; p++)
  site.articles.push(
    articleFile({
      slug: `big-part-${p}`,
      date: `1999-0${Math.min(p, 9)}-0${p === 10 ? 2 : 1}`,
      series: 'the-big-series',
      part: p,
      body: essay(5_000, 100 + p),
    }),
  );
const release = await compile(site);
// What `quire publish` uploads: the release, and its bodies and chapters rendered.
const published = new Map<string, string | Uint8Array>((await withRenders(release)).entries);

const ctx = { waitUntil: () => {}, passThroughOnException: () => {}, props: {} } as unknown as ExecutionContext;
const cpuMs = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

// A fresh app's first answer of any kind (the router is built on the first request): the floor.
const paths = { robots: '/robots.txt', essay: `/articles/${LONG_ESSAY}`, epub: '/series/the-big-series.epub', feed: '/feed.xml' };
const samples: Record<string, number[]> = Object.fromEntries(Object.keys(paths).map((name) => [name, []]));
const statuses: Record<string, Set<number>> = Object.fromEntries(Object.keys(paths).map((name) => [name, new Set()]));
for (let i = 0; i < runs; i++) {
  for (const [name, path] of Object.entries(paths)) {
    const env = { CONTENT: memoryKV(new Map(published)).binding } as Env;
    const app = createApp(release.root as Root, { edgeCache: false });
    const start = process.cpuUsage();
    const res = await app.fetch(new Request(`https://bench.example${path}`), env, ctx);
    await res.arrayBuffer();
    samples[name].push(cpuMs(start));
    statuses[name].add(res.status);
  }
}
for (const [name, list] of Object.entries(samples)) {
  const sorted = list.sort((a, b) => a - b);
  console.log(
    `${name} ${paths[name as keyof typeof paths]}: cold CPU p50 ${percentile(sorted, 50).toFixed(2)} ms (min ${sorted[0].toFixed(2)}, max ${sorted.at(-1)?.toFixed(2)}; ${runs} fresh apps; status ${[...statuses[name]].join('/')})`,
  );
}
