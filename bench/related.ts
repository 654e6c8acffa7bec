/**
 * Related reading's stability at scale: for each of several articles added, one at a time, to a
 * generated site, how many other articles' related lists change and how many keys the new release
 * adds; and what computing the lists costs. Each added article is the generator's next one, so it
 * ties with hundreds of others on tags (the worst case for related lists).
 * Run: npx tsx bench/related.ts [count=10000] [additions=20] [short|essays]
 */
import { loadSite } from '../src/content/model';
import { leafKeys } from '../src/content/name-index';
import type { Release } from '../src/content/release';
import type { Entry } from '../src/content/stored';
import { termWeights } from '../src/search/related';
import { articleTexts, relatedReading, searchDocs } from '../src/search/site';
import { analyzer } from '../src/search/text';
import { compile } from '../tests/support/compile';
import { generatedSite } from '../tests/support/fixtures';
import { benchSite } from './site';

const count = Number(process.argv[2] ?? 10_000);
const additions = Number(process.argv[3] ?? 20);
const essays = process.argv[4] === 'essays';

const pool = essays ? benchSite(count + additions) : generatedSite(count + additions);
const extra = essays ? 1 : 0; // benchSite puts its long essay first
const base = { ...pool, articles: pool.articles.slice(0, count + extra) };

function relatedOf(release: Release): Map<string, string> {
  const out = new Map<string, string>();
  for (const key of leafKeys(release.root.names, (k) => release.entries.get(k))) {
    const shard = JSON.parse(release.entries.get(key) ?? '{}') as Record<string, Entry>;
    for (const [name, entry] of Object.entries(shard)) {
      if (entry.kind === 'article') out.set(name, JSON.stringify(entry.related));
    }
  }
  return out;
}

const loaded = loadSite(base);
if (!loaded.ok) throw new Error(loaded.problems.map((p) => `${p.path}:${p.line}: ${p.message}`).join('\n'));
// What `quire build` adds for related reading: term weights and lists (the documents are the search index's).
const docs = searchDocs(loaded.site, await articleTexts(loaded.site)).articles;
for (let run = 0; run < 3; run++) {
  const started = performance.now();
  relatedReading(
    loaded.site,
    docs.map((doc) => termWeights(doc, analyzer(loaded.site.config.language))),
  );
  console.log(`related reading, ${count} articles, no cache: ${Math.round(performance.now() - started)} ms`);
}
let started = performance.now();
const before = await compile(base);
console.log(`whole build of ${count}: ${Math.round(performance.now() - started)} ms`);
const lists = relatedOf(before);
const changed: number[] = [];
const added: number[] = [];
for (let n = 0; n < additions; n++) {
  const article = pool.articles[count + extra + n];
  started = performance.now();
  const after = await compile({ ...base, articles: [...base.articles, article] });
  const ms = Math.round(performance.now() - started);
  const now = relatedOf(after);
  const differ = [...lists].filter(([name, list]) => now.get(name) !== list).length;
  // A new body's markdown is not uploaded; it counts here for the render publish writes instead.
  const fresh = [...after.entries.keys()].filter((key) => !before.entries.has(key)).length;
  changed.push(differ);
  added.push(fresh);
  console.log(`+${article.path}: ${differ} other lists change, ${fresh} keys added, build ${ms} ms`);
}
const spread = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return `min ${sorted[0]}, median ${sorted[Math.floor(sorted.length / 2)]}, max ${sorted.at(-1)}`;
};
if (additions > 0) console.log(`other lists changed: ${spread(changed)}; keys added: ${spread(added)}`);
