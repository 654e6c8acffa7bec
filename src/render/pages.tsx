import type { JSX } from 'hono/jsx/jsx-runtime';
import type { ArticleEntry, ArticleSummary, PageEntry, Rendered, SeriesEntry, SeriesList, YearList } from '../content/layout';
import { readingMinutes } from './format';
import { Layout, type Site } from './layout';
import { ArticleList, DateTime, Markdown, Outline, Pager, SeriesBox } from './parts';

/** Pure page renderers: data in, an HTML document out. */

const document = (page: JSX.Element): string => `<!doctype html>${page}`;

// A table of contents helps once an essay has several sections and takes a while to read.
const wantsToc = (words: number, toc: Rendered['toc']): boolean => toc.length >= 3 && words >= 1500;

export interface ListPage {
  site: Site;
  heading?: string;
  articles: ArticleSummary[];
  newer?: string;
  older?: string;
  title?: string;
}

export function renderListPage({ site, heading, articles, newer, older, title }: ListPage): string {
  return document(
    <Layout site={site} title={title}>
      <h1>{heading ?? site.title}</h1>
      {!heading && site.description && <p class="muted">{site.description}</p>}
      {articles.length === 0 ? <p>Nothing published yet.</p> : <ArticleList articles={articles} site={site} />}
      <Pager newer={newer} older={older} />
    </Layout>,
  );
}

export interface ArticlePage {
  site: Site;
  article: ArticleEntry;
  body: Rendered;
  /** The time the page is rendered for: parts of its series dated later are not shown yet. */
  now: string;
}

export function renderArticlePage({ site, article, body, now }: ArticlePage): string {
  const { context, firstPublished: origin } = article;
  const due = context?.parts.filter((p) => p.date <= now) ?? [];
  const index = due.findIndex((p) => p.slug === article.slug);
  const previous = index > 0 ? due[index - 1] : undefined;
  const next = index >= 0 ? due[index + 1] : undefined;
  return document(
    <Layout site={site} title={article.title} description={article.summary} noindex={article.draft}>
      <article>
        {article.draft && <p class="draft-banner">Draft preview: this article is not published.</p>}
        <h1>{article.title}</h1>
        <p class="meta">
          <DateTime iso={article.date} site={site} />
          {article.updated && (
            <>
              {' · Updated '}
              <DateTime iso={article.updated} site={site} />
            </>
          )}
          {` · ${readingMinutes(article.words)} min read`}
        </p>
        {origin && (
          <p class="provenance">
            This article first appeared on {origin.url ? <a href={origin.url}>{origin.outlet}</a> : origin.outlet} on{' '}
            <DateTime iso={origin.date} site={site} />.
          </p>
        )}
        {context && <SeriesBox context={context} current={article.slug} now={now} />}
        {wantsToc(article.words, body.toc) && (
          <nav class="toc" aria-label="Contents">
            <strong>Contents</strong>
            <Outline toc={body.toc} />
          </nav>
        )}
        <Markdown html={body.html} />
        {article.corrections.length > 0 && (
          <section class="corrections" aria-labelledby="site:corrections">
            <h2 id="site:corrections">Corrections</h2>
            <ul>
              {article.corrections.map((c) => (
                <li>
                  <DateTime iso={c.date} site={site} />: {c.note}
                </li>
              ))}
            </ul>
          </section>
        )}
        {article.tags.length > 0 && (
          <ul class="tags" aria-label="Tags">
            {article.tags.map((t) => (
              <li>
                <a href={`/tags/${t}`}>#{t}</a>
              </li>
            ))}
          </ul>
        )}
      </article>
      {context && (
        <nav class="pager" aria-label="Series">
          {previous ? (
            <a href={`/articles/${previous.slug}`} rel="prev">
              ← Part {previous.part}: {previous.title}
            </a>
          ) : (
            <span />
          )}
          {next ? (
            <a href={`/articles/${next.slug}`} rel="next">
              Part {next.part}: {next.title} →
            </a>
          ) : (
            <span />
          )}
        </nav>
      )}
    </Layout>,
  );
}

export function renderSeriesPage({ site, series, synopsis }: { site: Site; series: SeriesEntry; synopsis: Rendered }): string {
  return document(
    <Layout site={site} title={series.title} description={series.summary}>
      <h1>{series.title}</h1>
      <p class="meta">
        {series.status === 'complete' ? 'Complete' : 'Ongoing'} series · {series.parts.length}{' '}
        {series.parts.length === 1 ? 'part' : 'parts'} published
      </p>
      <Markdown html={synopsis.html} />
      <h2>The parts</h2>
      <ol class="list">
        {series.parts.map((p) => (
          <li>
            <h3>
              <a href={`/articles/${p.slug}`}>
                Part {p.series?.part}: {p.title}
              </a>
            </h3>
            <p class="meta">
              <DateTime iso={p.date} site={site} /> · {readingMinutes(p.words)} min read
            </p>
            <p>{p.summary}</p>
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

export function renderSeriesIndex({ site, series }: { site: Site; series: SeriesList }): string {
  return document(
    <Layout site={site} title="Series">
      <h1>Series</h1>
      <ul class="list">
        {series.map((s) => (
          <li>
            <h2>
              <a href={`/series/${s.slug}`}>{s.title}</a>
            </h2>
            <p class="meta">
              {s.status === 'complete' ? 'Complete' : 'Ongoing'} · {s.count} {s.count === 1 ? 'part' : 'parts'}
            </p>
            <p>{s.summary}</p>
          </li>
        ))}
      </ul>
    </Layout>,
  );
}

export function renderArchive({ site, years }: { site: Site; years: { year: number; count: number }[] }): string {
  return document(
    <Layout site={site} title="Archive">
      <h1>Archive</h1>
      <ul>
        {years.map((y) => (
          <li>
            <a href={`/archive/${y.year}`}>{y.year}</a> ({y.count} {y.count === 1 ? 'article' : 'articles'})
          </li>
        ))}
      </ul>
    </Layout>,
  );
}

export function renderArchiveYear({ site, year, articles }: { site: Site; year: number; articles: YearList }): string {
  return document(
    <Layout site={site} title={`Archive ${year}`}>
      <h1>{year}</h1>
      <ul>
        {[...articles].reverse().map((a) => (
          <li>
            <DateTime iso={a.date} site={site} /> — <a href={`/articles/${a.slug}`}>{a.title}</a>
          </li>
        ))}
      </ul>
      <p>
        <a href="/archive">All years</a>
      </p>
    </Layout>,
  );
}

export function renderPage({ site, page, body }: { site: Site; page: PageEntry; body: Rendered }): string {
  return document(
    <Layout site={site} title={page.title} description={page.summary}>
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
        <a href="/">Go to the home page</a>
      </p>
    </Layout>,
  );
}
