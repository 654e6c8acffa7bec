import { paths } from '../content/paths';
import type { ArticleSummary } from '../content/stored';
import { Layout, type Site } from './layout';
import { document } from './pages';
import { Dateline, Markdown, Provenance } from './parts';
import { placeBody } from './place';
import { withSidenotes } from './sidenotes';

export interface ReadingPage {
  site: Site;
  path: string;
  series: { slug: string; title: string; summary: string; planned: string[] };
  /** The published parts in part order, with their rendered bodies. */
  parts: ArticleSummary[];
  bodies: string[];
}

const ARTICLE_HREF = new RegExp(`^${paths.article('')}([^/?#]+)$`);

/** The section of part `n` on the page; part-to-part links land on it. */
export const partAnchor = (n: number): string => `part-${n}`;

/**
 * Every part's ids get the prefix `p<n>-`, so two parts' footnotes (`fn:1`) or headings never
 * collide on one page; links between parts stay on the page.
 */
function placed(parts: ArticleSummary[], bodies: string[]): string[] {
  const index = new Map(parts.map((p, i) => [p.slug, i + 1]));
  const link = (href: string): string => {
    const n = index.get(ARTICLE_HREF.exec(href)?.[1] ?? '');
    return n === undefined ? href : `#${partAnchor(n)}`;
  };
  // A part's title is this page's h2, so its own sections move one level down.
  const demoted = (html: string) =>
    html.replace(/<(\/?)h([1-5])\b/g, (_, close: string, level: string) => `<${close}h${Number(level) + 1}`);
  return bodies.map((html, i) => placeBody(demoted(withSidenotes(html)), { prefix: `p${i + 1}-`, link }));
}

export function renderReadingPage({ site, path, series, parts, bodies }: ReadingPage): string {
  const html = placed(parts, bodies);
  return document(
    <Layout site={site} title={`${series.title}: all parts`} description={series.summary} path={path}>
      <h1>{series.title}</h1>
      <p class="meta">
        Every published part on one page, by {site.author} · <a href={paths.series(series.slug)}>About the series</a> ·{' '}
        <a href={paths.book(series.slug)}>Download the e-book</a>
      </p>
      <nav class="toc" aria-labelledby="all:contents">
        <h2 id="all:contents">Contents</h2>
        <ol>
          {parts.map((p, i) => (
            <li>
              <a href={`#${partAnchor(i + 1)}`}>
                Part {p.series?.part ?? i + 1}: {p.title}
              </a>
            </li>
          ))}
          {series.planned.map((title) => (
            <li class="forthcoming">{title} (forthcoming)</li>
          ))}
        </ol>
      </nav>
      {parts.map((p, i) => (
        <article class="part" id={partAnchor(i + 1)} aria-labelledby={`${partAnchor(i + 1)}:title`}>
          <p class="meta">Part {p.series?.part ?? i + 1}</p>
          <h2 id={`${partAnchor(i + 1)}:title`}>
            <a href={paths.article(p.slug)}>{p.title}</a>
          </h2>
          <Dateline date={p.date} changed={p.modified} words={p.words} site={site} />
          {p.firstPublished && <Provenance origin={p.firstPublished} site={site} />}
          <Markdown html={html[i]} />
        </article>
      ))}
    </Layout>,
  );
}
