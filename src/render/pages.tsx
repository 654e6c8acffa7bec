import type { JSX } from 'hono/jsx/jsx-runtime';
import { paths } from '../content/paths';
import type { ArticleSummary, PageEntry, PublishedSeries, Rendered, SeriesList, YearList } from '../content/stored';
import { readingMinutes } from './format';
import { type FeedLink, Layout, type Site } from './layout';
import { homeMeta, seriesMeta } from './metadata';
import { ArticleList, BookLinks, DateTime, Markdown, Pager } from './parts';
import { duration, isFinished, seriesState, VisitedKey, wordsFrom } from './series-progress';

/** Pure page renderers: data in, an HTML document out. `path` is the page's own address. */

export const document = (page: JSX.Element): string => `<!doctype html>${page}`;

export interface ListPage {
  site: Site;
  path: string;
  heading?: string;
  articles: ArticleSummary[];
  newer?: string;
  older?: string;
  title?: string;
  /** Feeds of this list beyond the site's own (a tag's). */
  feeds?: FeedLink[];
}

export function renderListPage({ site, path, heading, articles, newer, older, title, feeds }: ListPage): string {
  return document(
    <Layout site={site} title={title} path={path} meta={path === '/' ? homeMeta(site) : undefined} feeds={feeds}>
      <h1>{heading ?? site.title}</h1>
      {!heading && site.description && <p class="muted">{site.description}</p>}
      {articles.length === 0 ? <p>Nothing published yet.</p> : <ArticleList articles={articles} site={site} />}
      <Pager newer={newer} older={older} />
    </Layout>,
  );
}

export interface SeriesPage {
  site: Site;
  path: string;
  series: PublishedSeries;
  synopsis: Rendered;
}

export function renderSeriesPage({ site, path, series, synopsis }: SeriesPage): string {
  const forthcoming = series.scheduled + series.planned.length;
  const total = series.parts.length + forthcoming;
  const finished = isFinished(series.status, forthcoming);
  return document(
    <Layout
      site={site}
      title={series.title}
      description={series.summary}
      path={path}
      meta={seriesMeta(site, series, path)}
      feeds={[{ title: series.title, path }]}
    >
      <h1>{series.title}</h1>
      <p class="meta">
        {finished ? 'Complete' : 'Ongoing'} series · {series.parts.length} {series.parts.length === 1 ? 'part' : 'parts'}{' '}
        published
      </p>
      <Markdown html={synopsis.html} />
      {series.parts.length > 0 && (
        <>
          <p>{seriesState(finished)}</p>
          <BookLinks slug={series.slug} />
        </>
      )}
      <h2>The parts</h2>
      {series.parts.length > 0 && <VisitedKey />}
      <ol class="list parts">
        {series.parts.map((p, i) => (
          <li>
            <h3>
              <a href={paths.article(p.slug)}>
                Part {p.series?.part}: {p.title}
              </a>
            </h3>
            <p class="meta">
              Part {p.series?.part} of {total} · <DateTime iso={p.date} site={site} /> · {readingMinutes(p.words)} min read ·{' '}
              {finished && i === series.parts.length - 1
                ? 'the last part'
                : `about ${duration(wordsFrom(series.parts, i))} left from here`}
            </p>
            <p>{p.summary}</p>
          </li>
        ))}
        {Array.from({ length: series.scheduled }, () => (
          <li class="forthcoming">
            <h3>Forthcoming</h3>
          </li>
        ))}
        {series.planned.map((title) => (
          <li class="forthcoming">
            <h3>{title}</h3>
            <p>Forthcoming</p>
          </li>
        ))}
      </ol>
    </Layout>,
  );
}

export interface SeriesIndex {
  site: Site;
  path: string;
  series: SeriesList;
  /** Page `page` of the list (from 1), and the pages around it. */
  page: number;
  previous?: string;
  next?: string;
}

export function renderSeriesIndex({ site, path, series, page, previous, next }: SeriesIndex): string {
  return document(
    <Layout site={site} title={page > 1 ? `Series, page ${page}` : 'Series'} path={path}>
      <h1>Series</h1>
      <ul class="list">
        {series.map((s) => (
          <li>
            <h2>
              <a href={paths.series(s.slug)}>{s.title}</a>
            </h2>
            <p class="meta">
              {s.status === 'complete' ? 'Complete' : 'Ongoing'} · {s.count} {s.count === 1 ? 'part' : 'parts'}
            </p>
            <p>{s.summary}</p>
          </li>
        ))}
      </ul>
      <Pager newer={previous} older={next} labels={['← Previous', 'Next →']} />
    </Layout>,
  );
}

export function renderArchive({
  site,
  path,
  years,
}: {
  site: Site;
  path: string;
  years: { year: number; count: number }[];
}): string {
  return document(
    <Layout site={site} title="Archive" path={path}>
      <h1>Archive</h1>
      <ul>
        {years.map((y) => (
          <li>
            <a href={paths.archiveYear(y.year)}>{y.year}</a> ({y.count} {y.count === 1 ? 'article' : 'articles'})
          </li>
        ))}
      </ul>
    </Layout>,
  );
}

export interface ArchiveYearPage {
  site: Site;
  path: string;
  year: number;
  articles: YearList;
}

export function renderArchiveYear({ site, path, year, articles }: ArchiveYearPage): string {
  return document(
    <Layout site={site} title={`Archive ${year}`} path={path}>
      <h1>{year}</h1>
      <ul>
        {[...articles].reverse().map((a) => (
          <li>
            <DateTime iso={a.date} site={site} /> — <a href={paths.article(a.slug)}>{a.title}</a>
          </li>
        ))}
      </ul>
      <p>
        <a href={paths.archive}>All years</a>
      </p>
    </Layout>,
  );
}

export function renderPage({ site, path, page, body }: { site: Site; path: string; page: PageEntry; body: Rendered }): string {
  return document(
    <Layout site={site} title={page.title} description={page.summary} path={path}>
      <h1>{page.title}</h1>
      <Markdown html={body.html} />
    </Layout>,
  );
}

export function renderErrorPage({ site, status, message }: { site: Site; status: number; message: string }): string {
  const title = status === 404 ? 'Page not found' : status === 405 ? 'Method not allowed' : 'Temporarily unavailable';
  return document(
    <Layout site={site} title={title} noindex>
      <h1>{title}</h1>
      <p>{message}</p>
      <p>
        <a href={paths.home}>Go to the home page</a>
      </p>
    </Layout>,
  );
}
