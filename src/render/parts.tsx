import { raw } from 'hono/html';
import { paths } from '../content/paths';
import type { ArticleSummary, PublishedContext, Rendered } from '../content/stored';
import { formatDate, machineDate, readingMinutes } from './format';
import { kept } from './kept';
import type { Site } from './layout';
import { duration, isFinished, seriesState, VisitedKey, wordsFrom } from './series-progress';

/** Markdown already rendered by `renderMarkdown`: marked output, raw HTML escaped unless the site allows it. */
export function Markdown({ html }: { html: string }) {
  // raw() for markdown: this HTML comes from our configured marked instance, not from a request
  // (the other, in kept.ts, sets hono/jsx's own escaped output).
  return <div class="body">{raw(html)}</div>;
}

export function DateTime({ iso, site }: { iso: string; site: Site }) {
  return <time datetime={machineDate(iso)}>{formatDate(iso, site.language)}</time>;
}

function ArticleEntry({ a, site }: { a: ArticleSummary; site: Site }) {
  return (
    <li>
      <h2>
        <a href={paths.article(a.slug)}>{a.title}</a>
      </h2>
      <p class="meta">
        {a.draft && <strong class="draft">Draft · </strong>}
        <DateTime iso={a.date} site={site} /> · {readingMinutes(a.words)} min read
        {a.series && (
          <>
            {' · '}Part {a.series.part} of <a href={paths.series(a.series.slug)}>{a.series.title}</a>
          </>
        )}
      </p>
      <p>{a.summary}</p>
    </li>
  );
}

/**
 * Entries are kept once rendered (`kept`, by their frozen summaries): they are most of a list page's
 * elements, so a list page whose lists the isolate holds costs its shell and a kept string an entry.
 */
export function ArticleList({ articles, site }: { articles: ArticleSummary[]; site: Site }) {
  return <ul class="list">{articles.map((a) => kept(site, a, () => <ArticleEntry a={a} site={site} />))}</ul>;
}

export function Pager({
  newer,
  older,
  labels = ['← Newer', 'Older →'],
}: {
  newer?: string;
  older?: string;
  labels?: [string, string];
}) {
  if (!newer && !older) return null;
  return (
    <nav class="pager" aria-label="Pages">
      {newer ? <a href={newer}>{labels[0]}</a> : <span />}
      {older ? <a href={older}>{labels[1]}</a> : <span />}
    </nav>
  );
}

/**
 * "Part 2 of 5 of <series>", the time left from here, the parts in order and the ones still to
 * come. Parts not yet due are shown only as forthcoming, without their title, until their time.
 */
export function SeriesBox({ context, current }: { context: PublishedContext; current: string }) {
  const index = context.parts.findIndex((p) => p.slug === current);
  const total = context.parts.length + context.planned.length;
  const forthcoming = context.parts.filter((p) => !p.due).length + context.planned.length;
  const finished = isFinished(context.status, forthcoming);
  const left = duration(wordsFrom(context.parts, index));
  return (
    <aside class="series-box" aria-labelledby="series-box-title">
      <p id="series-box-title">
        <strong>
          Part {context.parts[index]?.part} of {total}
        </strong>{' '}
        of <a href={paths.series(context.slug)}>{context.title}</a>
      </p>
      <p class="meta">
        {finished && index === context.parts.length - 1
          ? `The last part: about ${left} to the end.`
          : `About ${left} left from here.`}{' '}
        {seriesState(finished)}
      </p>
      <ol class="parts">
        {context.parts.map((p) =>
          p.slug === current ? (
            <li aria-current="page">{p.title}</li>
          ) : !p.due ? (
            <li class="forthcoming">Forthcoming</li>
          ) : (
            <li>
              <a href={paths.article(p.slug)}>{p.title}</a>
            </li>
          ),
        )}
        {context.planned.map((title) => (
          <li class="forthcoming">{title} (forthcoming)</li>
        ))}
      </ol>
      {context.parts.some((p) => p.due && p.slug !== current) && <VisitedKey />}
      <BookLinks slug={context.slug} />
    </aside>
  );
}

/** The whole series as an e-book, and on one page. */
export function BookLinks({ slug }: { slug: string }) {
  return (
    <p class="book-links">
      <a href={paths.book(slug)}>Download the e-book</a> · <a href={paths.seriesAll(slug)}>Read all parts on one page</a>
    </p>
  );
}

/** Sections (h2) with their subsections (h3) nested beneath, as a reader scans them. */
export function Outline({ toc }: { toc: Rendered['toc'] }) {
  const sections: { id: string; text: string; children: Rendered['toc'] }[] = [];
  for (const heading of toc) {
    const parent = sections.at(-1);
    if (heading.level > 2 && parent) parent.children.push(heading);
    else sections.push({ ...heading, children: [] });
  }
  return (
    <ol>
      {sections.map((section) => (
        <li>
          <a href={`#${section.id}`}>{section.text}</a>
          {section.children.length > 0 && (
            <ol>
              {section.children.map((child) => (
                <li>
                  <a href={`#${child.id}`}>{child.text}</a>
                </li>
              ))}
            </ol>
          )}
        </li>
      ))}
    </ol>
  );
}

/** Published date, the latest change if any, and the reading time: the line under a title. */
export function Dateline({ date, changed, words, site }: { date: string; changed?: string; words: number; site: Site }) {
  return (
    <p class="meta">
      <DateTime iso={date} site={site} />
      {changed && (
        <>
          {' · Updated '}
          <DateTime iso={changed} site={site} />
        </>
      )}
      {` · ${readingMinutes(words)} min read`}
    </p>
  );
}

/** "This article first appeared on <outlet> on <date>", linked when the original has a URL. */
export function Provenance({ origin, site }: { origin: { outlet: string; url?: string; date: string }; site: Site }) {
  return (
    <p class="provenance">
      This article first appeared on {origin.url ? <a href={origin.url}>{origin.outlet}</a> : origin.outlet} on{' '}
      <DateTime iso={origin.date} site={site} />.
    </p>
  );
}
