import type { Child } from 'hono/jsx';
import { MAX_QUERY_LENGTH, paths } from '../content/paths';
import type { Root } from '../content/stored';
import { HeadLink, HeadMeta, type PageMeta } from './head';
import { kept } from './kept';
import { STYLE } from './style';

export type Site = Root['site'];

export interface LayoutProps {
  site: Site;
  title?: string;
  description?: string;
  children: Child;
  /** Set on drafts and other pages that search engines should not index. */
  noindex?: boolean;
  /** The page's own path (`/articles/essay`), for its canonical link and previews; error pages have none. */
  path?: string;
  /** Canonical override, Open Graph article dates and JSON-LD (see head.tsx). */
  meta?: PageMeta;
  /** Feeds of what the page shows (a series, a tag), announced beside the site's own. */
  feeds?: FeedLink[];
  /** The query to show in the search box (on a results page). */
  query?: string;
}

/** A feed family: `<path>/feed.xml`, `/atom.xml` and `/feed.json`; or only an Atom feed at `atom`. */
export interface FeedLink {
  title: string;
  path: string;
  atom?: string;
}

const FEED_FORMATS = [
  ['feed.xml', 'application/rss+xml', 'RSS'],
  ['atom.xml', 'application/atom+xml', 'Atom'],
  ['feed.json', 'application/feed+json', 'JSON Feed'],
] as const;

/** `<link>`s announcing feeds: the site's own on every page, then a page's own. */
const feedLinks = (feeds: FeedLink[]) =>
  feeds.flatMap((feed) =>
    feed.atom
      ? [<HeadLink rel="alternate" type="application/atom+xml" title={`${feed.title} (Atom)`} href={feed.atom} />]
      : FEED_FORMATS.map(([file, type, name]) => (
          <HeadLink rel="alternate" type={type} title={`${feed.title} (${name})`} href={paths.feed(feed.path, file)} />
        )),
  );

// The parts of the shell that depend on the site alone, the same on every page: rendered once per
// isolate and site (`kept`), keyed by their component.
const SiteFeeds = ({ site }: { site: Site }) => <>{feedLinks([{ title: site.title, path: '' }])}</>;

function HeadEnd({ site }: { site: Site }) {
  return (
    <>
      <HeadLink rel="search" type="application/opensearchdescription+xml" title={site.title} href={paths.openSearch} />
      {/* Our own constant stylesheet, not content: set as is, since <style> text is not HTML-escaped. */}
      <style dangerouslySetInnerHTML={{ __html: STYLE }} />
    </>
  );
}

function SiteHeader({ site, query }: { site: Site; query?: string }) {
  return (
    <>
      <a class="skip" href="#site:main">
        Skip to content
      </a>
      <header class="site">
        <a class="name" href={paths.home}>
          {site.title}
        </a>
        <nav aria-label="Site">
          <ul>
            <li>
              <a href={paths.home}>Articles</a>
            </li>
            <li>
              <a href={paths.seriesIndex}>Series</a>
            </li>
            <li>
              <a href={paths.archive}>Archive</a>
            </li>
          </ul>
        </nav>
        {/* A plain GET form: search works with no script at all (the CSP allows none). */}
        <search>
          <form class="search" action={paths.searchPage} method="get">
            <label for="site:q">Search</label>
            <input id="site:q" type="search" name="q" value={query} maxlength={MAX_QUERY_LENGTH} />
            <button type="submit">Search</button>
          </form>
        </search>
      </header>
    </>
  );
}

function SiteFooter({ site }: { site: Site }) {
  return (
    <footer class="site">
      <p>
        © {site.author} · {site.description}
      </p>
    </footer>
  );
}

/**
 * The document shell shared by every page: no script that runs, one inline stylesheet. Its own
 * ids contain a colon (`site:main`), which the heading slugger never produces, so `## Main` cannot
 * collide.
 */
export function Layout({ site, title, description, children, noindex, path, meta, feeds = [], query }: LayoutProps) {
  return (
    <html lang={site.language}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title ? `${title} — ${site.title}` : site.title}</title>
        <meta name="description" content={description ?? site.description} />
        <meta name="color-scheme" content="light dark" />
        {/* No icon: otherwise every browser asks for /favicon.ico, which no site has, and logs the 404. */}
        <HeadLink rel="icon" href="data:," />
        {noindex && <meta name="robots" content="noindex" />}
        {path !== undefined && <HeadMeta site={site} path={path} title={title} description={description} meta={meta} />}
        {kept(site, SiteFeeds, () => (
          <SiteFeeds site={site} />
        ))}
        {feedLinks(feeds)}
        {kept(site, HeadEnd, () => (
          <HeadEnd site={site} />
        ))}
      </head>
      <body>
        {/* Only a results page shows a query in the box; every other page has the same header. */}
        {query === undefined ? (
          kept(site, SiteHeader, () => <SiteHeader site={site} />)
        ) : (
          <SiteHeader site={site} query={query} />
        )}
        <main id="site:main">{children}</main>
        {kept(site, SiteFooter, () => (
          <SiteFooter site={site} />
        ))}
      </body>
    </html>
  );
}
