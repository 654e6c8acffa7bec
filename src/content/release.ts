import { jsonPartsBySize } from './chunk';
import { contentHash } from './hash';
import { contentKey, entryName, manifestKey, releaseKey } from './keys';
import { INDEX_VALUE_LIMIT } from './limits';
import type { Article, SiteModel } from './model';
import { buildNameIndex, OversizedEntries } from './name-index';
import { oversizedEntries } from './oversized';
import { paths } from './paths';
import { SCHEDULE_WINDOW } from './schedule';
import type { ArticleSummary, Entry, RelatedRef, Root, SearchMeta, SeriesList, TagList, YearList } from './stored';
import { groupBy, seriesContexts, summarize } from './summaries';
import { INLINE_REFS } from './table';
import { EntryWriter } from './writer';

/** A year's list part, under property 9's limit with room to spare. */
const YEAR_PART_BYTES = INDEX_VALUE_LIMIT - 4096;

/** The search index of a site (src/search builds it; the release only carries it). */
export interface ReleaseSearch {
  meta: SearchMeta;
  /** Content-addressed KV entries of the index. */
  entries: Map<string, string>;
  /** Path → search document id, so the worker can hide a scheduled article's document. */
  docIds: Map<string, string>;
  /**
   * Article slug → related articles' slugs, best first (src/search/related.ts); drafts have none.
   * May still be coming (the CLI makes it on another thread): the release waits for it only where
   * the articles' entries are made, after its lists.
   */
  related: Map<string, string[]> | Promise<Map<string, string[]>>;
}

/** A compiled release: the root the worker is deployed with, and every KV entry it may read. */
export interface Release {
  root: Root;
  /** KV key → value. Every key is content-addressed, so uploading is "put what is missing". */
  entries: Map<string, string>;
  /** Every markdown body's key (articles, series, pages), with the article's summary: what publishing renders. */
  bodies: { key: string; article?: ArticleSummary }[];
}

/**
 * What a build already knows of its articles, so a large site is not read through again: each
 * body's content hash and word count (the same as `contentHash` and `countWords` give).
 */
export interface KnownArticles {
  bodyHashes?: ReadonlyMap<Article, string>;
  words?: ReadonlyMap<Article, number>;
}

/**
 * Compile a validated site into a release. Pure and deterministic: the same content always
 * gives the same keys and the same release id (the hash of the root).
 */
export async function buildRelease(site: SiteModel, search: ReleaseSearch, known: KnownArticles = {}): Promise<Release> {
  const out = new EntryWriter(new Map(search.entries));
  const { entries } = out;

  const bodies = await Promise.all(
    site.articles.map(async (a) => {
      const hash = known.bodyHashes?.get(a);
      if (hash === undefined) return out.put('md', a.body);
      const key = contentKey('md', hash);
      entries.set(key, a.body);
      return key;
    }),
  );
  const seriesBySlug = new Map(site.series.map((s) => [s.slug, s]));
  const summaries = site.articles.map((a, i) => summarize(seriesBySlug, a, bodies[i], known.words?.get(a)));
  const summaryJson = new Map(summaries.map((a) => [a, JSON.stringify(a)]));
  const jsonOfSummary = (a: ArticleSummary) => summaryJson.get(a) as string;
  const inSeries = groupBy(summaries, (a) => (a.series ? [a.series.slug] : []));
  const contexts = seriesContexts(site, inSeries);
  const index = new Map<string, Entry>();
  const otherBodies: string[] = [];

  for (const series of site.series) {
    const parts = [...(inSeries.get(series.slug) ?? [])].sort((a, b) => (a.series?.part ?? 0) - (b.series?.part ?? 0));
    const { title, summary, status, planned } = series.front;
    const bodyKey = await out.put('md', series.body);
    otherBodies.push(bodyKey);
    index.set(entryName.series(series.slug), {
      kind: 'series',
      slug: series.slug,
      ...{ title, summary, status, planned },
      parts,
      bodyKey,
    });
  }
  for (const page of site.pages) {
    const { title, summary } = page.front;
    const bodyKey = await out.put('md', page.body);
    otherBodies.push(bodyKey);
    index.set(entryName.page(page.slug), { kind: 'page', slug: page.slug, title, summary, bodyKey });
  }
  const tagList: TagList = [];
  const tagTables: Root['tagTables'] = {};
  for (const [tag, tagged] of groupBy(summaries, (a) => a.tags)) {
    const chunks = await out.putChunks('list', tagged, (a) => a.slug, jsonOfSummary);
    // A long table goes to the root (bounded in docs/architecture.md, property 9): its pages then
    // cost a table page and chunks, with no name lookup.
    if (chunks.length > INLINE_REFS) tagTables[tag] = { count: tagged.length, table: await out.putTable(chunks) };
    else index.set(entryName.tag(tag), { kind: 'tag', tag, count: tagged.length, chunks });
    tagList.push({ tag, count: tagged.length });
  }
  tagList.sort((a, b) => (a.tag < b.tag ? -1 : 1));

  // Articles whose canonical page is the original elsewhere stay out of the sitemaps.
  const canonicalElsewhere = new Set(site.articles.filter((a) => a.front.canonical === 'original').map((a) => a.slug));
  const years = [];
  for (const [year, list] of groupBy(summaries, (a) => [a.date.slice(0, 4)])) {
    const compact: YearList = list.map(({ slug, title, date, modified }) => ({
      slug,
      title,
      date,
      modified,
      canonical: canonicalElsewhere.has(slug) ? ('original' as const) : undefined,
    }));
    // Most years are one value; a year too long for one (property 9) is cut into parts read together.
    const parts = jsonPartsBySize(
      compact.map((item) => JSON.stringify(item)),
      YEAR_PART_BYTES,
    );
    const keys = await Promise.all(parts.map((part) => out.put('year', part)));
    years.push({ year: Number(year), count: list.length, keys });
  }
  const seriesList: SeriesList = site.series.map((s) => ({
    slug: s.slug,
    title: s.front.title,
    summary: s.front.summary,
    status: s.front.status,
    count: contexts.get(s.slug)?.parts.length ?? 0,
  }));

  const articles = await out.putTable(await out.putChunks('list', summaries, (a) => a.slug, jsonOfSummary));
  // The articles' entries last: only they need related reading, which may still be coming.
  const bySlug = new Map(summaries.map((a) => [a.slug, a]));
  // Slug and title only: a renamed title rewrites the lists that show it, and nothing else does.
  const related = await search.related;
  const relatedTo = (slug: string): RelatedRef[] =>
    (related.get(slug) ?? []).flatMap((s) => {
      const found = bySlug.get(s);
      return found ? [{ slug: s, title: found.title }] : [];
    });
  for (const [i, article] of site.articles.entries()) {
    const { front } = article;
    index.set(entryName.article(article.slug), {
      kind: 'article',
      ...summaries[i],
      updated: front.updated,
      corrections: [...front.corrections].sort((a, b) => b.date.localeCompare(a.date)),
      context: front.series ? contexts.get(front.series) : undefined,
      canonical: front.canonical === 'original' ? 'original' : undefined,
      related: relatedTo(article.slug),
    });
    for (const alias of front.aliases) {
      index.set(entryName.alias(alias.replace(/\/+$/, '') || '/'), {
        kind: 'alias',
        to: paths.article(article.slug),
        date: front.date,
      });
    }
  }
  const root: Omit<Root, 'id'> = {
    layout: 2,
    site: site.config,
    count: summaries.length,
    articles,
    years: years.sort((a, b) => b.year - a.year),
    series: await out.putList('series', seriesList, (s) => s.slug),
    tags: await out.putList('tags', tagList, (t) => t.tag),
    tagTables,
    pages: site.pages.map((p) => ({ slug: p.slug, title: p.front.title })),
    names: await nameIndex(site, index, entries),
    upcoming: summaries.slice(-SCHEDULE_WINDOW).map(({ slug, date, tags, series, draft }) => ({
      slug,
      date,
      tags,
      series: series?.slug,
      doc: searchDoc(search, slug, draft),
    })),
    search: search.meta,
  };
  const bodyList = [...summaries.map((article) => ({ key: article.bodyKey, article })), ...otherBodies.map((key) => ({ key }))];
  return sealRelease(root, entries, bodyList);
}

/**
 * A release of `root` and its entries: the id is the hash of the root, and the root and the list
 * of every key (the manifest) are kept in KV too, so publishing tools can list, roll back to and
 * prune releases. `entries` holds no root or manifest yet.
 */
export async function sealRelease(
  root: Omit<Root, 'id'>,
  entries: Map<string, string>,
  bodies: Release['bodies'],
): Promise<Release> {
  const id = (await contentHash(JSON.stringify(root))).slice(0, 20);
  const rootKey = releaseKey(id);
  const manifest = manifestKey(id);
  // Every key in order (the default sort's, by UTF-16 code unit): the manifest, and the entries in it.
  const keys = [...entries.keys(), rootKey, manifest].sort();
  const values = new Map([
    [rootKey, JSON.stringify({ ...root, id })],
    [manifest, JSON.stringify(keys)],
  ]);
  const sorted = new Map(keys.map((key) => [key, values.get(key) ?? (entries.get(key) as string)]));
  return { root: { ...root, id }, entries: sorted, bodies };
}

/** The search document of an article the schedule may hide; a draft (in a preview) has none. */
function searchDoc(search: ReleaseSearch, slug: string, draft: true | undefined): string | undefined {
  const id = search.docIds.get(paths.article(slug));
  if (id === undefined && !draft) throw new Error(`the search index has no document for ${paths.article(slug)}`);
  return id;
}

/** The name index's leaves and pages join the release's entries; an entry no leaf can hold is the author's to fix. */
async function nameIndex(site: SiteModel, index: Map<string, Entry>, entries: Map<string, string>) {
  try {
    return await buildNameIndex(index, (key, value) => entries.set(key, value));
  } catch (error) {
    throw error instanceof OversizedEntries ? oversizedEntries(site, error.sizes) : error;
  }
}
