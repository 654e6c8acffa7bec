/**
 * Search figures for `npm run bench`: uncached query CPU in process, KV reads and bytes per
 * query, index size against text size, and the keys each added article writes to the index.
 */
import { performance } from 'node:perf_hooks';
import { createApp } from '../src/app';
import type { SiteModel } from '../src/content/model';
import type { Release } from '../src/content/release';
import { buildCache, buildSearchIndex, parseQuery } from '../src/search';
import { articleTexts, searchDocs } from '../src/search/site';
import { percentile } from './cpu';
import { essay } from './site';

/** Queries over the bench vocabulary: words of essay 1, at fixed places. */
export function benchQueries(): Record<string, string> {
  const words = essay(500, 1)
    .replace(/\[\^\d+\]:.*$/gm, '')
    .split(/\s+/)
    .map((w) => w.replace(/[^a-z]/g, ''))
    .filter((w) => w.length >= 5 && !parseQuery(w, 'en').empty);
  return {
    oneTerm: words[3],
    twoTerms: `${words[3]} ${words[11]}`,
    fourTerms: `${words[3]} ${words[11]} ${words[23]} ${words[37]}`,
    stopWords: `the ${words[3]} of the ${words[11]} and a`,
    phrase: `"${essay(500, 1).split(/\s+/).slice(20, 22).join(' ')}"`,
  };
}

export const searchPath = (query: string): string => `/search?q=${encodeURIComponent(query)}`;

/** A Map standing in for KV that counts calls, keys and bytes of every read. */
function countingMemoryKV(entries: Map<string, string>) {
  // Counting is switched on for one request at a time, so the timed runs pay nothing for it.
  const count = { on: false, calls: 0, keys: 0, bytes: 0 };
  const value = (key: string) => {
    const found = entries.get(key) ?? null;
    if (!count.on) return found;
    count.keys++;
    count.bytes += found === null ? 0 : Buffer.byteLength(found);
    return found;
  };
  const get = async (key: string | string[]) => {
    if (count.on) count.calls++;
    return Array.isArray(key) ? new Map(key.map((k) => [k, value(k)])) : value(key);
  };
  return { binding: { get, put: async () => {} } as unknown as KVNamespace, count };
}

/** p50/p99 ms of uncached queries in process (no cache layer: every request ranks and reads). */
export async function queryCpu(release: Release, queries: Record<string, string>, runs = 300) {
  const kv = countingMemoryKV(release.entries);
  const env = { CONTENT: kv.binding } as Env;
  const app = createApp(release.root, { edgeCache: false });
  const out: Record<string, number> = {};
  for (const [name, query] of Object.entries(queries)) {
    const path = searchPath(query);
    const first = await app.request(path, {}, env);
    const html = await first.text();
    if (first.status !== 200 || !html.includes('<ol class="list results"')) throw new Error(`${name}: ${path} found nothing`);
    Object.assign(kv.count, { on: true, calls: 0, keys: 0, bytes: 0 });
    await (await app.request(path, {}, env)).arrayBuffer();
    kv.count.on = false;
    Object.assign(out, {
      [`search.${name}.kvRounds`]: kv.count.calls,
      [`search.${name}.kvKeys`]: kv.count.keys,
      [`search.${name}.kvKiB`]: Math.round(kv.count.bytes / 1024),
    });
    for (let i = 0; i < 5; i++) await (await app.request(path, {}, env)).arrayBuffer();
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      await (await app.request(path, {}, env)).arrayBuffer();
      samples.push(performance.now() - start);
    }
    samples.sort((a, b) => a - b);
    out[`search.${name}.cpu.p50Ms`] = Number(percentile(samples, 50).toFixed(3));
    out[`search.${name}.cpu.p99Ms`] = Number(percentile(samples, 99).toFixed(3));
  }
  return out;
}

/** Index bytes (term shards and tables; document records) against the plain text they index. */
export function indexSize(release: Release) {
  let shards = 0;
  let records = 0;
  let text = 0;
  let largest = 0;
  for (const [key, value] of release.entries) {
    const bytes = Buffer.byteLength(value);
    if (key.startsWith('sx/')) shards += bytes;
    if (key.startsWith('sd/')) {
      records += bytes;
      for (const line of value.split('\n')) text += Buffer.byteLength((JSON.parse(line) as { text: string }).text);
    }
    if (/^s[dx]\//.test(key)) largest = Math.max(largest, bytes);
  }
  return {
    'search.index.shardsOverText': Number((shards / text).toFixed(2)),
    'search.index.recordsOverText': Number((records / text).toFixed(2)),
    'search.index.largestValueKiB': Math.round(largest / 1024),
    'search.index.largestValueBytes': largest,
    'search.index.segments': release.root.search.segments.length,
  };
}

/**
 * Keys the index adds for each of `steps` successive one-article publishes from `from` articles:
 * the documents are cut to the first n articles (the newest are last), so each step is exactly
 * one article more, as a real publish would be.
 */
export async function indexKeysPerArticle(site: SiteModel, from: number, steps: number) {
  const cache = buildCache();
  const { articles, others } = searchDocs(site, await articleTexts(site));
  const at = async (n: number) => {
    const shown = articles.slice(0, n);
    const series = new Set(shown.flatMap((a) => (a.series ? [`/series/${a.series.slug}`] : [])));
    const kept = others.filter((d) => d.kind !== 'series' || series.has(d.path));
    return new Set((await buildSearchIndex(shown, kept, site.config.language, { cache })).entries.keys());
  };
  let before = await at(from);
  const added: number[] = [];
  for (let n = from + 1; n <= from + steps; n++) {
    const keys = await at(n);
    added.push([...keys].filter((k) => !before.has(k)).length);
    before = keys;
  }
  return {
    'search.keysPerArticle.mean': Number((added.reduce((a, b) => a + b, 0) / added.length).toFixed(2)),
    'search.keysPerArticle.max': Math.max(...added),
    'search.keysPerArticle.steps': steps,
  };
}
