/**
 * Sizes at 1,000,000 articles, built in memory (no upload): the release the bench's sites would
 * make at that size (bench/site.ts: two a day by benchDate, the tag `essays` and two of eight others,
 * a five-part series every 50, the 10,000-word essay), through `buildRelease` itself. Bodies are
 * short placeholders and search an empty index: only the values a cache miss reads are measured.
 * Run: node --max-old-space-size=10240 --import tsx bench/million.ts [count=1000000] (about 155 s of CPU
 * and 5.3 GB resident at 1,000,000; 10 s at 100,000).
 */
import { pathToFileURL } from 'node:url';
import * as v from 'valibot';
import { isSourceKey } from '../src/content/keys';
import type { Article, Series, SiteModel } from '../src/content/model';
import { paths } from '../src/content/paths';
import { buildRelease, type ReleaseSearch } from '../src/content/release';
import { siteSchema } from '../src/content/schema';
import { benchDate, LONG_ESSAY, LONG_ESSAY_DATE } from './site';

const TAGS = ['history', 'politics', 'europe', 'economics', 'war', 'cities', 'law', 'labour'];
/** What a miss never reads, or reads outside the index: bodies, search, the release's own records. */
const NOT_READ_BY_A_MISS = /^(md|sd|sx|release|manifest|html|feed|book)\//;

const locate = () => ({ line: 1, col: 1 });

function article(slug: string, date: string, tags: string[], series?: { slug: string; part: number }): Article {
  const front = {
    title: `Article ${slug}`,
    // As the schema normalizes a front matter date: the lists hold it so, and their sizes count.
    date: new Date(date.length === 10 ? `${date}T00:00:00Z` : date).toISOString(),
    summary: `Summary of ${slug}.`,
    tags,
    series: series?.slug,
    part: series?.part,
    draft: false,
    corrections: [],
    aliases: [],
  };
  return { slug, path: `content/articles/${slug}.md`, front, body: `Body of ${slug}.`, bodyLine: 6, locate };
}

function seriesOf(slug: string): Series {
  const front = { title: `Series ${slug}`, summary: `About ${slug}.`, status: 'ongoing' as const, planned: [] };
  return { slug, path: `content/series/${slug}.md`, front, body: `The synopsis of ${slug}.`, bodyLine: 5, locate };
}

/** The bench's site of `count` essays plus the long one, as loadSite would give it (oldest first). */
function millionSite(count: number): SiteModel {
  const config = v.parse(siteSchema, {
    title: 'Bench',
    description: 'A generated site.',
    baseUrl: 'https://blog.example',
    author: 'Ada Tester',
  });
  const articles = [article(LONG_ESSAY, LONG_ESSAY_DATE, ['history'])];
  const series: Series[] = [];
  for (let i = 0; i < count; i++) {
    const date = benchDate(i);
    const inSeries = i % 50 < 5 ? { slug: `series-${Math.floor(i / 50)}`, part: (i % 50) + 1 } : undefined;
    if (inSeries?.part === 1) series.push(seriesOf(inSeries.slug));
    const tags = ['essays', TAGS[i % TAGS.length], TAGS[(i * 7 + 3) % TAGS.length]].filter((t, j, all) => all.indexOf(t) === j);
    articles.push(article(`article-${i}`, date, tags, inSeries));
  }
  series.sort((a, b) => (a.slug < b.slug ? -1 : 1));
  return { config, articles, series, pages: [] };
}

/** An empty search index, and five related articles each (the nearest older ones), as the real one carries. */
function emptySearch(site: SiteModel): ReleaseSearch {
  const docIds = new Map<string, string>();
  const related = new Map<string, string[]>();
  site.articles.forEach((a, i) => {
    docIds.set(paths.article(a.slug), `doc${i}`);
    related.set(
      a.slug,
      [1, 2, 3, 4, 5].flatMap((d) => (i - d >= 0 ? [site.articles[i - d].slug] : [])),
    );
  });
  return { meta: { version: 'none', docs: 0, avgdl: 0, segments: [] }, entries: new Map(), docIds, related };
}

export async function millionRelease(count: number) {
  const site = millionSite(count);
  return buildRelease(site, emptySearch(site));
}

export interface MillionFigures {
  articles: number;
  /** KV entries of the release. */
  entries: number;
  /** Bytes of the root bundled into the worker. */
  rootBytes: number;
  /** The largest value a cache miss reads (bodies, feed windows and books aside). */
  largestMissValue: { key: string; kind: string; bytes: number };
  /** The largest value of each key kind, in bytes. */
  largestByKind: Record<string, number>;
  /** Wall seconds to build the release in memory. */
  seconds: number;
}

export async function millionFigures(count = 1_000_000): Promise<MillionFigures> {
  const site = millionSite(count);
  const search = emptySearch(site);
  const started = performance.now();
  const release = await buildRelease(site, search);
  const seconds = (performance.now() - started) / 1000;
  const encoder = new TextEncoder();
  const largestByKind: Record<string, number> = {};
  let largestMissValue = { key: '', kind: '', bytes: 0 };
  for (const [key, value] of release.entries) {
    if (NOT_READ_BY_A_MISS.test(key)) continue;
    const kind = key.slice(0, key.indexOf('/'));
    const bytes = encoder.encode(value).length;
    largestByKind[kind] = Math.max(largestByKind[kind] ?? 0, bytes);
    if (bytes > largestMissValue.bytes) largestMissValue = { key, kind, bytes };
  }
  return {
    articles: release.root.count,
    // What a publish would upload: markdown is not (isSourceKey).
    entries: [...release.entries.keys()].filter((key) => !isSourceKey(key)).length,
    rootBytes: encoder.encode(JSON.stringify(release.root)).length,
    largestMissValue,
    largestByKind,
    seconds: Math.round(seconds * 10) / 10,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const count = Number(process.argv[2] ?? 1_000_000);
  console.log(JSON.stringify(await millionFigures(count), null, 2));
}
