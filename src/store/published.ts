import { chunksFor } from '../content/chunk';
import type { Schedule } from '../content/schedule';
import type {
  ArticleSummary,
  ChunkRef,
  PageEntry,
  PublishedArticle,
  PublishedSeries,
  Root,
  SeriesList,
  TagEntry,
  TagList,
  YearList,
} from '../content/stored';
import type { ReleaseStore } from './release-store';

/** A page of a newest-first list; `more` when an older page follows. */
export interface ListPage {
  articles: ArticleSummary[];
  more: boolean;
}

/** The newest articles of a list, as a feed carries them: `name` identifies the window for keeping. */
export interface Window {
  name: { chunks: string[]; offset: number; count: number };
  load: () => Promise<ArticleSummary[]>;
}

/** A list kept oldest first in chunks, and how many of its items a reader may see now. */
interface Visible {
  refs: ChunkRef[];
  total: number;
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

  async function newestFirst(refs: ChunkRef[], offset: number, count: number): Promise<ArticleSummary[]> {
    const chunks = await Promise.all(refs.map((r) => store.chunk(r.key)));
    return chunks
      .flat()
      .slice(offset, offset + count)
      .reverse();
  }

  async function pageOf({ refs, total }: Visible, page: number): Promise<ListPage | null> {
    const { perPage } = root.site;
    const end = total - (page - 1) * perPage;
    if (page < 1 || (end <= 0 && page > 1)) return null;
    const start = Math.max(0, end - perPage);
    const { refs: picked, offset } = chunksFor(refs, start, end);
    return { articles: await newestFirst(picked, offset, end - start), more: page * perPage < total };
  }

  function windowOf({ refs, total }: Visible, size: number): Window {
    const start = Math.max(0, total - size);
    const { refs: picked, offset } = chunksFor(refs, start, total);
    const count = total - start;
    return { name: { chunks: picked.map((r) => r.key), offset, count }, load: () => newestFirst(picked, offset, count) };
  }

  const everything: Visible = { refs: root.articles, total: root.count - schedule.hidden };
  const tagged = (tag: TagEntry): Visible => ({ refs: tag.chunks, total: tag.count - schedule.hiddenWithTag(tag.tag) });

  async function visibleTag(name: string): Promise<{ tag: TagEntry; visible: Visible } | null> {
    const tag = await store.entry('tag', name);
    if (!tag) return null;
    const visible = tagged(tag);
    // A tag whose articles are all still scheduled has no page yet.
    return visible.total > 0 ? { tag, visible } : null;
  }

  return {
    /** Part of every cache key: it changes exactly when a scheduled article comes due. */
    edition: schedule.edition,

    /** Search documents a reader may not find yet (scheduled articles). */
    hiddenDocs: schedule.hiddenDocs,

    /** Page `page` (from 1) of every published article, newest first; null past the end. */
    listPage: (page: number): Promise<ListPage | null> => pageOf(everything, page),

    /** Page `page` of a tag's published articles; null for an unknown tag or past the end. */
    async tagPage(name: string, page: number): Promise<(ListPage & { tag: TagEntry }) | null> {
      const found = await visibleTag(name);
      const list = found && (await pageOf(found.visible, page));
      return found && list ? { ...list, tag: found.tag } : null;
    },

    /** The newest `size` published articles, newest first. */
    siteWindow: (size: number): Window => windowOf(everything, size),

    async tagWindow(name: string, size: number): Promise<(Window & { tag: TagEntry }) | null> {
      const found = await visibleTag(name);
      return found && { ...windowOf(found.visible, size), tag: found.tag };
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

    async seriesList(): Promise<SeriesList> {
      return (await store.seriesList()).map((s) => ({ ...s, count: s.count - schedule.hiddenInSeries(s.slug) }));
    },

    /** Tags with at least one published article. */
    async tagList(): Promise<TagList> {
      return (await store.tagList()).filter((t) => t.count > schedule.hiddenWithTag(t.tag));
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
      const articles = found ? (await store.yearList(found.key)).filter((a) => due(a.date)) : [];
      return articles.length > 0 ? articles : null;
    },
  };
}

export type PublishedView = ReturnType<typeof publishedView>;
