/**
 * `npm run profile -- <path> [miss|workers-dev|renderer] [seconds]`: where workerd's isolate
 * spends its CPU on one page's miss, under load (wrk, 4 connections), sampled through workerd's
 * inspector. The site is the bench's (bench/site.ts, PROFILE_ARTICLES articles, 300 by default,
 * and the 10,000-word essay), published to local KV and served as the per-request renderer
 * comparison serves it: `miss` is Quire's miss, `workers-dev` the same with the Cache API
 * workers.dev has (bench/worker-entry.ts), `renderer` the per-request renderer (its pages: `/`
 * and `/articles/the-long-essay`). The worker is bundled unminified, so functions keep their names.
 * Prints the functions with the most samples, by self and by total time, and writes the whole
 * profile to bench/profile.cpuprofile (open it in Chrome DevTools). Needs Debian's wrk.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { bundleOptions } from '../src/cli/bundle';
import { loadSite } from '../src/content/model';
import { contender } from './contender/values';
import { inspectorSession } from './load/inspector';
import { publishedSite, serve } from './serve';
import { benchSite, LONG_ESSAY } from './site';
import { wrk } from './tools';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = resolve(ROOT, 'bench/profile.cpuprofile');
const WORKERS = { miss: '', 'workers-dev': 'no-cache-api', renderer: 'contender' } as const;

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
}

/** The `count` functions with the most samples, by self time and by total time (each function once per stack). */
function summary(profile: Profile, count = 25): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const name = (n: Node) => `${n.callFrame.functionName || '(anonymous)'}:${n.callFrame.lineNumber + 1}`;
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  for (const id of profile.samples) {
    const leaf = byId.get(id);
    if (!leaf) continue;
    self.set(name(leaf), (self.get(name(leaf)) ?? 0) + 1);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const key = name(byId.get(at) as Node);
      if (!seen.has(key)) total.set(key, (total.get(key) ?? 0) + 1);
      seen.add(key);
    }
  }
  const top = (counts: Map<string, number>) =>
    [...counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([fn, n]) => `${((100 * n) / profile.samples.length).toFixed(1).padStart(5)}%  ${fn}`)
      .join('\n');
  return `self:\n${top(self)}\n\ntotal:\n${top(total)}`;
}

async function main() {
  const [path = '/', who = 'miss', seconds = '5'] = process.argv.slice(2);
  if (!(who in WORKERS)) throw new Error(`which worker: one of ${Object.keys(WORKERS).join(', ')}, not ${who}`);
  const count = Number(process.env.PROFILE_ARTICLES ?? 300);
  const site = await publishedSite();
  try {
    await site.publish(benchSite(count));
    const loaded = loadSite(benchSite(count));
    if (!loaded.ok) throw new Error('the bench site does not load');
    const bundled = await build({ ...bundleOptions('bench/worker-entry.ts', site.releaseModule, ROOT), minify: false });
    const inspectorPort = 9229 + Math.floor(Math.random() * 1000);
    const served = await serve(bundled.outputFiles?.[0].text ?? '', {
      persist: site.persist,
      mode: 'app',
      cache: false,
      inspectorPort,
      contender: await contender(loaded.site, [LONG_ESSAY]),
    });
    try {
      const name = WORKERS[who as keyof typeof WORKERS];
      const url = { miss: served.directUrl, 'workers-dev': served.noCacheApiUrl, renderer: served.contenderUrl }[who] + path;
      for (let i = 0; i < 200; i++) await (await fetch(url)).arrayBuffer(); // warm, and compiled
      const { call, close } = await inspectorSession(inspectorPort, name);
      await call('Profiler.enable');
      await call('Profiler.setSamplingInterval', { interval: 50 }); // µs
      await call('Profiler.start');
      const load = await wrk(url, { seconds: Number(seconds), connections: 4 });
      const { profile } = (await call('Profiler.stop')) as { profile?: Profile };
      close();
      if (!profile) throw new Error('the inspector gave no profile');
      await writeFile(OUT, JSON.stringify(profile));
      console.log(`${who} ${path}: ${Math.round(load.requestsPerSecond)} requests/s, ${profile.samples.length} samples\n`);
      console.log(summary(profile));
      console.log(`\nthe whole profile: ${OUT}`);
    } finally {
      await served.dispose();
    }
  } finally {
    await site.remove();
  }
}

await main();
