import type { Schedule } from '../content/schedule';
import type {
  ArticleSummary,
  ChunkRef,
  ChunkTable,
  PageEntry,
  PublishedArticle,
  PublishedSeries,
  Root,
  SeriesList,
  TagList,
  YearList,
} from '../content/stored';
import { pageOfChunk, refsFor, tableChunkCount } from '../content/table';
import { type WindowName, windowOf } from '../content/window';
import type { ReleaseStore } from './release-store';

/** A page of a newest-first list; `more` when an older page follows. */
export interface ListPage {
  articles: ArticleSummary[];
  more: boolean;
}

/** The newest articles of a list, as a feed carries them: `name` identifies the window for keeping. */
export interface Window {
  name: WindowName;
  load: () => Promise<ArticleSummary[]>;
}

/** A list kept oldest first in chunks, and how many of its items a reader may see now. */
interface Visible {
  table: ChunkTable;
  total: number;
}

/** A tag as its pages name it: the tag and how many articles it has. */
export interface TagInfo {
  tag: string;
  count: number;
}

/** A page of the series list; `more` when another page follows. */
export interface SeriesPage {
  series: SeriesList;
  more: boolean;
}

/**
 * The release as a reader may see it at this moment: the one place that applies the schedule
 * (property 6, docs/architecture.md). Lists are kept oldest first, so the articles not yet due are always the
 * last ones of each list: hiding them is arithmetic, and no list is read twice. Routes and
 * renderers get values from here and never see the clock.
 */
export function publishedView(store: ReleaseStore, schedule: Schedule) {
  const { root } = store;
  const due = (date: string): boolean => date <= schedule.now;
  // Worked out when a page asks, not for every request (a Cache API hit needs no years).
  let visibleYears: Root['years'] | undefined;
  // Only the root's `upcoming` articles can be scheduled (schedule.ts), so this names every article not yet due.
  let pendingSlugs: Set<string> | undefined;
  const pending = (): Set<string> => {
    pendingSlugs ??= new Set(root.upcoming.filter((a) => !due(a.date)).map((a) => a.slug));
    return pendingSlugs;
  };

  /** The chunk refs of items [start, end): one bulk read of table pages, none when the inline refs hold them. */
  const refsOf = (table: ChunkTable, start: number, end: number) => refsFor(table, start, end, store.tablePages);

  async function newestFirst(refs: ChunkRef[], offset: number, count: number): Promise<ArticleSummary[]> {
    const chunks = await store.chunks(refs.map((r) => r.key));
    return chunks
      .flat()
      .slice(offset, offset + count)
      .reverse();
  }

  async function pageOf({ table, total }: Visible, page: number): Promise<ListPage | null> {
    const { perPage } = root.site;
    const end = total - (page - 1) * perPage;
    if (page < 1 || (end <= 0 && page > 1)) return null;
    const start = Math.max(0, end - perPage);
    const { refs, offset } = await refsOf(table, start, end);
    return { articles: await newestFirst(refs, offset, end - start), more: page * perPage < total };
  }

  async function windowIn({ table, total }: Visible, size: number): Promise<Window> {
    const { refs, offset, name } = await windowOf(table, total, size, store.tablePages);
    return { name, load: () => newestFirst(refs, offset, name.count) };
  }

  const everything: Visible = { table: root.articles, total: root.count - schedule.hidden };

  async function visibleTag(name: string): Promise<{ tag: TagInfo; visible: Visible } | null> {
    // A long tag's table is in the root; a short one is inline in its entry.
    const paged = Object.hasOwn(root.tagTables, name) ? root.tagTables[name] : undefined;
    const entry = paged ? null : await store.entry('tag', name);
    const found = paged ?? (entry && { count: entry.count, table: { pages: [], chunks: entry.chunks } });
    if (!found) return null;
    const visible = { table: found.table, total: found.count - schedule.hiddenWithTag(name) };
    // A tag whose articles are all still scheduled has no page yet.
    return visible.total > 0 ? { tag: { tag: name, count: found.count }, visible } : null;
  }

  /** Items [start, end) of a list kept by name (series, tags): one chunk's worth is one bulk read or two. */
  async function namedSlice<T>(table: ChunkTable, start: number, end: number, read: (keys: string[]) => Promise<T[][]>) {
    const { refs, offset } = await refsOf(table, start, end);
    return (await read(refs.map((r) => r.key))).flat().slice(offset, offset + end - start);
  }

  /** The `n`-th chunk (from 0) of a list kept by name; null past the end. */
  async function namedChunk<T>(table: ChunkTable, n: number, read: (keys: string[]) => Promise<T[][]>): Promise<T[] | null> {
    const at = pageOfChunk(table, n);
    if (!at) return null;
    const refs = at.page ? (await store.tablePages([at.page.key]))[0] : table.chunks;
    return (await read([refs[at.index].key]))[0];
  }

  const withDueCounts = (series: SeriesList): SeriesList =>
    series.map((s) => ({ ...s, count: s.count - schedule.hiddenInSeries(s.slug) }));
  const withDueTags = (tags: TagList): TagList => tags.filter((t) => t.count > schedule.hiddenWithTag(t.tag));

  return {
    /** Part of every cache key: it changes exactly when a scheduled article comes due. */
    edition: schedule.edition,

    /** Search documents a reader may not find yet (scheduled articles). */
    hiddenDocs: schedule.hiddenDocs,

    /** Page `page` (from 1) of every published article, newest first; null past the end. */
    listPage: (page: number): Promise<ListPage | null> => pageOf(everything, page),

    /** Page `page` of a tag's published articles; null for an unknown tag or past the end. */
    async tagPage(name: string, page: number): Promise<(ListPage & { tag: TagInfo }) | null> {
      const found = await visibleTag(name);
      const list = found && (await pageOf(found.visible, page));
      return found && list ? { ...list, tag: found.tag } : null;
    },

    /** The newest `size` published articles, newest first. */
    siteWindow: (size: number): Promise<Window> => windowIn(everything, size),

    async tagWindow(name: string, size: number): Promise<(Window & { tag: TagInfo }) | null> {
      const found = await visibleTag(name);
      return found && { ...(await windowIn(found.visible, size)), tag: found.tag };
    },

    /** An article that is published now, its series' parts marked due or forthcoming, its related reading due. */
    async article(slug: string): Promise<PublishedArticle | null> {
      const article = await store.entry('article', slug);
      if (!article || !due(article.date)) return null;
      const { context, ...entry } = article;
      // A related article not yet due is skipped: the entry keeps spares to stand in for it.
      const rest = { ...entry, related: entry.related.filter((r) => !pending().has(r.slug)) };
      if (!context) return rest;
      return { ...rest, context: { ...context, parts: context.parts.map((p) => ({ ...p, due: due(p.date) })) } };
    },

    /** Where an old address redirects to, once the article it names is published. */
    async alias(path: string): Promise<string | null> {
      const alias = await store.entry('alias', path);
      return alias && due(alias.date) ? alias.to : null;
    },

    /** A series with its published parts, in part order, and how many more are scheduled. */
    async series(slug: string): Promise<PublishedSeries | null> {
      const series = await store.entry('series', slug);
      if (!series) return null;
      const parts = series.parts.filter((p) => due(p.date));
      return { ...series, parts, scheduled: series.parts.length - parts.length };
    },

    /** Page `page` (from 1) of every series, by slug, `perPage` at a time; null past the end. */
    async seriesPage(page: number): Promise<SeriesPage | null> {
      const { perPage } = root.site;
      const { count, table } = root.series;
      const start = (page - 1) * perPage;
      if (page < 1 || (start >= count && page > 1)) return null;
      const end = Math.min(count, start + perPage);
      return { series: withDueCounts(await namedSlice(table, start, end, store.seriesChunks)), more: end < count };
    },

    /** How many chunks the series list and the tag list have: one sitemap each. */
    seriesChunkCount: tableChunkCount(root.series.table),
    tagChunkCount: tableChunkCount(root.tags.table),

    /** The `n`-th chunk (from 0) of the series list, for its sitemap; null past the end. */
    async seriesChunk(n: number): Promise<SeriesList | null> {
      const found = await namedChunk(root.series.table, n, store.seriesChunks);
      return found && withDueCounts(found);
    },

    /** The `n`-th chunk (from 0) of the tag list: its tags with at least one published article. */
    async tagChunk(n: number): Promise<TagList | null> {
      const found = await namedChunk(root.tags.table, n, store.tagChunks);
      return found && withDueTags(found);
    },

    page: (slug: string): Promise<PageEntry | null> => store.entry('page', slug),
    pages: root.pages,

    /** Years with published articles, newest first, and how many each has. */
    get years(): Root['years'] {
      visibleYears ??= root.years
        .map((y) => ({ ...y, count: y.count - schedule.hiddenInYear(y.year) }))
        .filter((y) => y.count > 0);
      return visibleYears;
    },

    /** A year's published articles, oldest first; null for a year with none. */
    async year(year: number): Promise<YearList | null> {
      const found = root.years.find((y) => y.year === year);
      const articles = found ? (await store.yearList(found.keys)).filter((a) => due(a.date)) : [];
      return articles.length > 0 ? articles : null;
    },
  };
}

export type PublishedView = ReturnType<typeof publishedView>;
