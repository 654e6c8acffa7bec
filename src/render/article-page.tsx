import type { BodyBytes } from '../content/framed-bytes';
import { paths } from '../content/paths';
import type { PublishedArticle, Rendered } from '../content/stored';
import { citationOf } from './citation';
import { CiteThis } from './cite-this';
import { Layout, type Site } from './layout';
import { articleMeta, type CanonicalArticle } from './metadata';
import { document } from './pages';
import { Dateline, DateTime, Markdown, Outline, Provenance, SeriesBox } from './parts';
import { RelatedReading } from './related';
import { sidenoted, sidenotedPieces } from './sidenotes';

// A table of contents helps once an essay has several sections and takes a while to read.
const wantsToc = (words: number, toc: Rendered['toc']): boolean => toc.length >= 3 && words >= 1500;

export interface ArticlePage {
  site: Site;
  path: string;
  /** The article as published now: its series' parts are marked due or forthcoming. */
  article: PublishedArticle & CanonicalArticle;
  body: Rendered;
}

export function renderArticlePage({ site, path, article, body }: ArticlePage): string {
  const { context, firstPublished: origin } = article;
  const due = context?.parts.filter((p) => p.due) ?? [];
  const index = due.findIndex((p) => p.slug === article.slug);
  const previous = index > 0 ? due[index - 1] : undefined;
  const next = index >= 0 ? due[index + 1] : undefined;
  return document(
    <Layout
      site={site}
      title={article.title}
      description={article.summary}
      noindex={article.draft}
      path={path}
      meta={articleMeta(site, article, path)}
      feeds={context ? [{ title: context.title, path: paths.series(context.slug) }] : []}
    >
      <article>
        {article.draft && <p class="draft-banner">Draft preview: this article is not published.</p>}
        <h1>{article.title}</h1>
        <Dateline date={article.date} changed={article.updated} words={article.words} site={site} />
        {origin && <Provenance origin={origin} site={site} />}
        {context && <SeriesBox context={context} current={article.slug} />}
        {wantsToc(article.words, body.toc) && (
          <nav class="toc" aria-label="Contents">
            <strong>Contents</strong>
            <Outline toc={body.toc} />
          </nav>
        )}
        <Markdown html={sidenoted(body)} />
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
                <a href={paths.tag(t)}>#{t}</a>
              </li>
            ))}
          </ul>
        )}
        <CiteThis citation={citationOf(site, article)} slug={article.slug} />
      </article>
      {context && (
        <nav class="pager" aria-label="Series">
          {previous ? (
            <a href={paths.article(previous.slug)} rel="prev">
              ← Part {previous.part}: {previous.title}
            </a>
          ) : (
            <span />
          )}
          {next ? (
            <a href={paths.article(next.slug)} rel="next">
              Part {next.part}: {next.title} →
            </a>
          ) : (
            <span />
          )}
        </nav>
      )}
      <RelatedReading related={article.related} />
    </Layout>,
  );
}

// Stands for the body in the page's shell; a shell that holds it elsewhere too is rendered whole.
const BODY = '\u0000quire:body\u0000';

/**
 * The article page as pieces, in order: the page around its body, and the body (with its
 * sidenotes). The body is sent as it was read from KV, as bytes (`BodyBytes`), or as slices of
 * its text: a long body is neither copied into the page's string nor walked as part of it.
 */
export function renderArticlePieces(page: Omit<ArticlePage, 'body'> & { body: Rendered | BodyBytes }): (string | Uint8Array)[] {
  const { body } = page;
  const shell = renderArticlePage({ ...page, body: { toc: body.toc, html: BODY } });
  const at = shell.indexOf(BODY);
  if (at < 0 || shell.includes(BODY, at + 1)) return [renderArticlePage({ ...page, body: asText(body) })];
  return [shell.slice(0, at), ...('pieces' in body ? body.pieces : sidenotedPieces(body)), shell.slice(at + BODY.length)];
}

/** A body given as bytes, as text again: its sidenotes are in place already. */
function asText(body: Rendered | BodyBytes): Rendered {
  if (!('pieces' in body)) return body;
  const decoder = new TextDecoder();
  const html = body.pieces.map((piece) => decoder.decode(piece)).join('');
  return { toc: body.toc, html, sidenotes: { cuts: [], marks: [] } };
}
