import type { Article, Page, Series, SiteModel } from './model';
import { CITATION_FORMATS, FEED_FILES, paths } from './paths';
import { suggest } from './problems';

/** A document an address shows, and the moment it starts to answer (absent: it always does). */
export interface Target {
  doc?: Article | Series | Page;
  from?: string;
  /** What becomes visible at `from`, for messages: `content/articles/b.md`, `the tag "x"`. */
  what?: string;
}

export type Resolution = { ok: true; target: Target } | { ok: false; reason: string; suggestion?: string };

const FEEDS: readonly string[] = FEED_FILES;
const FILES: readonly string[] = [...FEEDS, 'robots.txt', 'sitemap.xml', 'opensearch.xml'];
const SECTIONS = ['articles', 'series', 'tags', 'archive', 'page', 'assets', 'search', 'sitemaps'];
const NUMBER = /^[1-9]\d{0,6}$/;

const earliest = (a: string | undefined, b: string): string => (a === undefined || b < a ? b : a);

/**
 * Every address a site answers, worked out from the validated content as the worker's routes and
 * published view would answer them (routes/*.ts, store/published.ts), and why any other does not.
 */
export function siteAddresses(
  site: SiteModel,
  extra: { assets: readonly string[]; drafts: readonly string[]; assetsDir: string },
) {
  const articles = new Map(site.articles.map((a) => [a.slug, a]));
  const drafts = new Map(extra.drafts.map((path) => [path.replace(/^.*\/|\.md$/g, ''), path]));
  const aliases = new Map<string, Article>();
  const tags = new Map<string, { from?: string; count: number }>();
  const years = new Map<string, string>();
  const parts = new Map<string, string>();
  for (const a of site.articles) {
    for (const alias of a.front.aliases) aliases.set(alias.replace(/\/+$/, '') || '/', a);
    for (const tag of a.front.tags) {
      const t = tags.get(tag) ?? { count: 0 };
      tags.set(tag, { from: earliest(t.from, a.front.date), count: t.count + 1 });
    }
    const year = a.front.date.slice(0, 4);
    years.set(year, earliest(years.get(year), a.front.date));
    if (a.front.series) parts.set(a.front.series, earliest(parts.get(a.front.series), a.front.date));
  }
  const series = new Map(site.series.map((s) => [s.slug, s]));
  const pages = new Map(site.pages.map((p) => [p.slug, p]));
  const assets = new Set(extra.assets);
  const pageCount = (count: number) => Math.max(1, Math.ceil(count / site.config.perPage));
  const ok = (target: Target = {}): Resolution => ({ ok: true, target });
  const no = (reason: string, suggestion?: string): Resolution => ({ ok: false, reason, suggestion });
  const closest = (word: string, known: Iterable<string>, toPath: (s: string) => string) => {
    const hit = suggest(word, [...known]);
    return hit === undefined ? undefined : toPath(hit);
  };

  function article(file: string): Resolution {
    // `/articles/<slug>.bib` and `.ris` answer exactly when the article does (routes/citations.ts).
    const dot = file.lastIndexOf('.');
    const cited = dot > 0 && (CITATION_FORMATS as readonly string[]).includes(file.slice(dot + 1));
    const slug = cited ? file.slice(0, dot) : file;
    const found = articles.get(slug);
    if (found) return ok({ doc: found, from: found.front.date, what: found.path });
    const draft = drafts.get(slug);
    if (draft) return no(`${draft} is a draft, so it is not published`);
    return no(`there is no article "${slug}"`, closest(slug, articles.keys(), paths.article));
  }

  function inSeries(slug: string, rest: string[]): Resolution {
    const file = slug.endsWith('.epub') && rest.length === 0 ? slug.slice(0, -'.epub'.length) : undefined;
    const s = series.get(file ?? slug);
    if (!s)
      return no(
        `there is no series "${file ?? slug}"`,
        closest(file ?? slug, series.keys(), (x) => paths.series(x) + (file ? '.epub' : '')),
      );
    const what = `the first part of ${s.path}`;
    // The reading page and the book need a published part (routes/books.ts).
    const whole = (): Resolution => {
      const from = parts.get(s.slug);
      return from ? ok({ from, what }) : no(`${s.path} has no published part yet`);
    };
    if (file) return whole();
    if (rest.length === 0) return ok({ doc: s });
    if (rest.length === 1 && rest[0] === 'all') return whole();
    if (rest.length === 1 && FEEDS.includes(rest[0])) return ok();
    return no(`a series has no page "${rest.join('/')}"`);
  }

  function tag(name: string, rest: string[]): Resolution {
    const t = tags.get(name);
    if (!t) return no(`no published article has the tag "${name}"`, closest(name, tags.keys(), paths.tag));
    const target = ok({ from: t.from, what: `the tag "${name}"` });
    if (rest.length === 0 || (rest.length === 1 && FEEDS.includes(rest[0]))) return target;
    if (rest.length === 2 && rest[0] === 'page' && NUMBER.test(rest[1])) {
      const last = pageCount(t.count);
      return Number(rest[1]) <= last ? target : no(`the tag "${name}" has ${last} ${last === 1 ? 'page' : 'pages'}`);
    }
    return no(`a tag has no page "${rest.join('/')}"`);
  }

  /** `path`: percent-decoded, no query or fragment, duplicate and trailing slashes removed. */
  function resolve(path: string): Resolution {
    const owner = aliases.get(path);
    if (owner) return ok({ doc: owner, from: owner.front.date, what: owner.path });
    const [first, ...rest] = path.slice(1).split('/');
    const one = rest.length === 0;
    if (path === '/' || (one && FILES.includes(first))) return ok();
    switch (first) {
      case 'articles':
        return rest.length === 1 ? article(rest[0]) : no('an article\'s address is "/articles/<slug>"');
      case 'series': {
        if (one) return ok();
        // `/series/page/<n>` pages the list of series (routes/lists.ts); a series "page" keeps its other addresses.
        if (rest.length !== 2 || rest[0] !== 'page' || !NUMBER.test(rest[1])) return inSeries(rest[0], rest.slice(1));
        const last = pageCount(site.series.length);
        return Number(rest[1]) <= last ? ok() : no(`the list of series has ${last} ${last === 1 ? 'page' : 'pages'}`);
      }
      case 'tags':
        return one ? no('a tag\'s address is "/tags/<tag>"') : tag(rest[0], rest.slice(1));
      case 'archive': {
        if (one) return ok();
        const from = rest.length === 1 ? years.get(rest[0]) : undefined;
        if (from) return ok({ from, what: `the archive of ${rest[0]}` });
        return no(
          `no published article is dated in "${rest.join('/')}"`,
          closest(rest[0], years.keys(), (y) => `/archive/${y}`),
        );
      }
      case 'page': {
        const last = pageCount(site.articles.length);
        if (rest.length === 1 && NUMBER.test(rest[0]) && Number(rest[0]) <= last) return ok();
        return no(`the list of articles has ${last} ${last === 1 ? 'page' : 'pages'}`);
      }
      case 'assets':
        return assets.has(path)
          ? ok()
          : no(
              `no file ${extra.assetsDir}${path.slice('/assets'.length)}`,
              closest(path, assets, (p) => p),
            );
      case 'search':
        return one || (rest.length === 1 && rest[0] === 'atom.xml') ? ok() : no('the search page is "/search?q=…"');
      case 'sitemaps':
        return rest.length === 1 && rest[0].endsWith('.xml')
          ? ok()
          : no('sitemaps are "/sitemap.xml" and "/sitemaps/<file>.xml"');
    }
    if (one && pages.has(first)) return ok({ doc: pages.get(first) });
    // A misspelt section (`/article/x`, `/Tags/x`): suggest the address with it corrected, if that one exists.
    const section = one ? undefined : suggest(first, SECTIONS);
    if (section) {
      const fixed = `/${[section, ...rest].join('/')}`;
      const again = resolve(fixed);
      return no('there is no such page', again.ok ? fixed : again.suggestion);
    }
    const near = one ? closest(first, [...pages.keys(), ...FILES, 'series', 'archive', 'search'], (p) => `/${p}`) : undefined;
    return no('there is no such page', near);
  }

  /** As `resolve`, and a link to a markdown file (`../pages/about.md`) is pointed at its page. */
  function resolveLink(path: string): Resolution {
    const found = resolve(path);
    const file = /([^/]+)\.md$/.exec(path)?.[1];
    if (found.ok || file === undefined) return found;
    const at = articles.has(file) ? paths.article : pages.has(file) ? paths.page : series.has(file) ? paths.series : undefined;
    return no('a link names the address of a page, not its file', at ? at(file) : found.suggestion);
  }

  return { resolve: resolveLink };
}
