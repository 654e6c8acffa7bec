import { chunkList } from './chunk';
import { contentHash } from './hash';
import { contentKey, entryName, type KeyKind, manifestKey, releaseKey, SHARD_COUNT, shardOf } from './keys';
import type { Article, SiteModel } from './model';
import { paths } from './paths';
import { SCHEDULE_WINDOW } from './schedule';
import type {
  ArticleSummary,
  ChunkRef,
  Entry,
  RelatedRef,
  Root,
  SearchMeta,
  SeriesContext,
  SeriesList,
  TagList,
  YearList,
} from './stored';

/** The search index of a site (src/search builds it; the release only carries it). */
export interface ReleaseSearch {
  meta: SearchMeta;
  /** Content-addressed KV entries of the index. */
  entries: Map<string, string>;
  /** Path → search document id, so the worker can hide a scheduled article's document. */
  docIds: Map<string, string>;
  /** Article slug → related articles' slugs, best first (src/search/related.ts); drafts have none. */
  related: Map<string, string[]>;
}

/** A compiled release: the root the worker is deployed with, and every KV entry it may read. */
export interface Release {
  root: Root;
  /** KV key → value. Every key is content-addressed, so uploading is "put what is missing". */
  entries: Map<string, string>;
  /** Every markdown body's key (articles, series, pages), with the article's summary: what publishing renders. */
  bodies: { key: string; article?: ArticleSummary }[];
}

const WORDS = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;

export const countWords = (markdown: string): number => markdown.match(WORDS)?.length ?? 0;

/**
 * Compile a validated site into a release. Pure and deterministic: the same content always
 * gives the same keys and the same release id (the hash of the root).
 */
export async function buildRelease(site: SiteModel, search: ReleaseSearch): Promise<Release> {
  const entries = new Map<string, string>(search.entries);
  const put = async (kind: KeyKind, value: string): Promise<string> => {
    const key = contentKey(kind, await contentHash(value));
    entries.set(key, value);
    return key;
  };
  const putJson = (kind: KeyKind, value: unknown) => put(kind, JSON.stringify(value));
  const putChunks = (items: ArticleSummary[]): Promise<ChunkRef[]> =>
    Promise.all(chunkList(items, (a) => a.slug).map(async (c) => ({ key: await putJson('list', c), count: c.length })));

  const bodies = await Promise.all(site.articles.map((a) => put('md', a.body)));
  const summaries = site.articles.map((a, i) => summarize(site, a, bodies[i]));
  const contexts = seriesContexts(site, summaries);
  const bySlug = new Map(summaries.map((a) => [a.slug, a]));
  // Slug and title only: a renamed title rewrites the lists that show it, and nothing else does.
  const relatedTo = (slug: string): RelatedRef[] =>
    (search.related.get(slug) ?? []).flatMap((s) => {
      const found = bySlug.get(s);
      return found ? [{ slug: s, title: found.title }] : [];
    });
  const index = new Map<string, Entry>();
  const otherBodies: string[] = [];

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
  for (const series of site.series) {
    const parts = summaries
      .filter((a) => a.series?.slug === series.slug)
      .sort((a, b) => (a.series?.part ?? 0) - (b.series?.part ?? 0));
    const { title, summary, status, planned } = series.front;
    const bodyKey = await put('md', series.body);
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
    const bodyKey = await put('md', page.body);
    otherBodies.push(bodyKey);
    index.set(entryName.page(page.slug), { kind: 'page', slug: page.slug, title, summary, bodyKey });
  }
  const tagList: TagList = [];
  for (const [tag, tagged] of groupBy(summaries, (a) => a.tags)) {
    index.set(entryName.tag(tag), { kind: 'tag', tag, count: tagged.length, chunks: await putChunks(tagged) });
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
    years.push({ year: Number(year), count: list.length, key: await putJson('year', compact) });
  }
  const seriesList: SeriesList = site.series.map((s) => ({
    slug: s.slug,
    title: s.front.title,
    summary: s.front.summary,
    status: s.front.status,
    count: contexts.get(s.slug)?.parts.length ?? 0,
  }));

  const root: Omit<Root, 'id'> = {
    layout: 1,
    site: site.config,
    count: summaries.length,
    articles: await putChunks(summaries),
    years: years.sort((a, b) => b.year - a.year),
    series: await putJson('series', seriesList),
    tags: await putJson('tags', tagList),
    pages: site.pages.map((p) => ({ slug: p.slug, title: p.front.title })),
    shards: await buildShards(index, putJson),
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
  const all = new Map(entries);
  const id = (await contentHash(JSON.stringify(root))).slice(0, 20);
  all.set(releaseKey(id), JSON.stringify({ ...root, id }));
  all.set(manifestKey(id), JSON.stringify([...all.keys(), manifestKey(id)].sort()));
  const sorted = new Map([...all].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { root: { ...root, id }, entries: sorted, bodies };
}

/** The search document of an article the schedule may hide; a draft (in a preview) has none. */
function searchDoc(search: ReleaseSearch, slug: string, draft: true | undefined): string | undefined {
  const id = search.docIds.get(paths.article(slug));
  if (id === undefined && !draft) throw new Error(`the search index has no document for ${paths.article(slug)}`);
  return id;
}

async function buildShards(index: Map<string, Entry>, putJson: (kind: KeyKind, value: unknown) => Promise<string>) {
  const shards: Record<string, Entry>[] = Array.from({ length: SHARD_COUNT }, () => ({}));
  for (const name of [...index.keys()].sort()) {
    shards[shardOf(name)][name] = index.get(name) as Entry;
  }
  return Promise.all(shards.map((shard) => putJson('shard', shard)));
}

function summarize(site: SiteModel, article: Article, bodyKey: string): ArticleSummary {
  const { front } = article;
  const series = site.series.find((s) => s.slug === front.series);
  const changes = [front.updated, ...front.corrections.map((c) => c.date)].filter((d): d is string => d !== undefined);
  return {
    slug: article.slug,
    title: front.title,
    date: front.date,
    summary: front.summary,
    tags: front.tags,
    words: countWords(article.body),
    series: series && front.part ? { slug: series.slug, title: series.front.title, part: front.part } : undefined,
    bodyKey,
    modified: changes.length > 0 ? changes.sort().at(-1) : undefined,
    firstPublished: front.firstPublished,
    draft: front.draft ? true : undefined,
  };
}

function seriesContexts(site: SiteModel, summaries: ArticleSummary[]): Map<string, SeriesContext> {
  const contexts = new Map<string, SeriesContext>();
  for (const series of site.series) {
    const parts = site.articles
      .map((a, i) => ({ a, words: summaries[i].words }))
      .filter(({ a }) => a.front.series === series.slug)
      .map(({ a, words }) => ({ slug: a.slug, title: a.front.title, part: a.front.part ?? 0, date: a.front.date, words }))
      .sort((a, b) => a.part - b.part);
    const { title, status, planned } = series.front;
    contexts.set(series.slug, { slug: series.slug, title, status, parts, planned });
  }
  return contexts;
}

function groupBy<T>(items: T[], keysOf: (item: T) => string[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    for (const key of keysOf(item)) {
      const group = groups.get(key);
      if (group) group.push(item);
      else groups.set(key, [item]);
    }
  }
  return groups;
}
