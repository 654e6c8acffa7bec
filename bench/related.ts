/**
 * Related reading's stability at 10,000 articles: for each of several articles added to the
 * generated site, how many other articles' related lists change, and how many keys the new
 * release adds. Run: npx tsx bench/related.ts [count] [additions]
 */
import { loadSite } from '../src/content/model';
import type { Entry } from '../src/content/stored';
import { relatedReading } from '../src/search/site';
import { compile } from '../tests/support/compile';
import { articleFile, generatedSite } from '../tests/support/fixtures';

const count = Number(process.argv[2] ?? 10_000);
const additions = Number(process.argv[3] ?? 20);
const TAGS = ['history', 'politics', 'europe', 'economics', 'war', 'cities', 'law', 'labour'];

const relatedOf = (entries: Map<string, string>, shardKeys: string[]): Map<string, string> => {
  const out = new Map<string, string>();
  for (const key of shardKeys) {
    const shard = JSON.parse(entries.get(key) ?? '{}') as Record<string, Entry>;
    for (const [name, entry] of Object.entries(shard)) {
      if (entry.kind === 'article') out.set(name, JSON.stringify((entry as { related?: unknown }).related ?? []));
    }
  }
  return out;
};

const base = generatedSite(count);
// The day after the newest generated article: a new article is usually the newest.
const newest = base.articles.at(-1)?.text.match(/^date: (\S+)$/m)?.[1] ?? '2026-01-01';
const nextDay = new Date(Date.parse(newest) + 86_400_000).toISOString().slice(0, 10);
const loaded = loadSite(base);
if (!loaded.ok) throw new Error('the generated site does not load');
for (let run = 0; run < 3; run++) {
  const t = performance.now();
  relatedReading(loaded.site);
  console.log(`related reading alone, ${count} articles: ${Math.round(performance.now() - t)} ms`);
}
let started = performance.now();
const before = await compile(base);
console.log(`build of ${count}: ${Math.round(performance.now() - started)} ms`);
const lists = relatedOf(before.entries, before.root.shards);
const changed: number[] = [];
const added: number[] = [];
for (let n = 0; n < additions; n++) {
  const slug = `one-more-${n}`;
  // Even additions are what the generator gives article `count + n` (so they tie with hundreds
  // of articles on tags and terms); odd ones take a pair of tags and words of their own.
  const i = count + n;
  const pair = n % 2 === 0 ? [TAGS[i % 8], TAGS[(i * 7 + 3) % 8]] : [TAGS[n % 8], TAGS[(n * 3 + 1) % 8]];
  const tags = pair.filter((t, j, all) => all.indexOf(t) === j);
  const body =
    n % 2 === 0
      ? `## Section\n\nParagraph ${i} of a generated essay.[^1]\n\n[^1]: A note on ${i}.\n`
      : `A new essay about ${TAGS[n % 8]} and paragraph ${n * 37} of a generated essay, with a section.`;
  const more = { ...base, articles: [...base.articles, articleFile({ slug, date: nextDay, tags, body })] };
  started = performance.now();
  const after = await compile(more);
  const ms = Math.round(performance.now() - started);
  const now = relatedOf(after.entries, after.root.shards);
  let differ = 0;
  for (const [name, list] of lists) {
    if (now.get(name) === list) continue;
    differ++;
    if (n === 0) console.log(`  ${name}: ${list} → ${now.get(name)}`);
  }
  const fresh = [...after.entries.keys()].filter((k) => !before.entries.has(k));
  changed.push(differ);
  added.push(fresh.length);
  console.log(`+${slug} [${tags.join(', ')}]: ${differ} other lists change, ${fresh.length} keys added, build ${ms} ms`);
}
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `min ${s[0]}, median ${s[Math.floor(s.length / 2)]}, max ${s.at(-1)}`;
};
console.log(`other lists changed: ${stats(changed)}; keys added: ${stats(added)}`);
