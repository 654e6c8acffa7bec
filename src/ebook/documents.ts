import { xml } from '../content/escape';
import { paths } from '../content/paths';
import type { ArticleSummary } from '../content/stored';
import { formatDate } from '../render/format';
import type { Book } from './epub';

/** The XHTML documents of a book: title page, navigation, one chapter per part, and its stylesheet. */

export const partFile = (n: number): string => `part-${n}.xhtml`;

/** A part's number in its series: its chapter's file is named by it, whichever other parts are due. */
export const partNumber = (part: ArticleSummary, i: number): number => part.series?.part ?? i + 1;

export const BOOK_STYLE = `body{font-family:serif;line-height:1.5;margin:0 1em}
h1,h2,h3{font-family:sans-serif;line-height:1.25}
.title{text-align:center;margin-top:20%}
.meta,.kicker{color:#555;font-size:.9em}
.provenance{border-left:2px solid #888;padding-left:.75em;font-style:italic}
.forthcoming{color:#555;font-style:italic}
.footnotes{border-top:1px solid #888;margin-top:2em;font-size:.9em}
.sr-only{font-size:1em}
img{max-width:100%}
blockquote{margin:1em 1.5em}
pre{white-space:pre-wrap}
`;

function xhtmlDocument(lang: string, title: string, body: string, epubNamespace = false): string {
  const ns = epubNamespace ? ' xmlns:epub="http://www.idpf.org/2007/ops"' : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml"${ns} lang="${xml(lang)}" xml:lang="${xml(lang)}">
<head>
<meta charset="UTF-8"/>
<title>${xml(title)}</title>
<link rel="stylesheet" type="text/css" href="style.css"/>
</head>
<body>
${body}
</body>
</html>
`;
}

/** The navigation document (EPUB 3.3 §7): every part; planned ones only as a note, never a link. */
export function navDocument({ site, series, parts }: Book): string {
  const items = parts.map(
    (p, i) => `<li><a href="${partFile(partNumber(p, i))}">Part ${partNumber(p, i)}: ${xml(p.title)}</a></li>`,
  );
  const planned = series.planned.map((t) => `<li>${xml(t)} (forthcoming)</li>`);
  const body = `<nav epub:type="toc" id="toc">
<h1>Contents</h1>
<ol>
<li><a href="title.xhtml">${xml(series.title)}</a></li>
${items.join('\n')}
</ol>
</nav>${planned.length > 0 ? `\n<section class="forthcoming">\n<h2>Forthcoming</h2>\n<ul>\n${planned.join('\n')}\n</ul>\n</section>` : ''}`;
  return xhtmlDocument(site.language, `Contents — ${series.title}`, body, true);
}

export function titlePage({ site, series }: Pick<Book, 'site' | 'series'>, edition: string): string {
  const url = `${site.baseUrl}${paths.series(series.slug)}`;
  const body = `<section class="title">
<h1>${xml(series.title)}</h1>
<p>${xml(site.author)}</p>
<p class="meta">Edition of ${xml(edition)}</p>
<p class="meta">From <a href="${xml(url)}">${xml(site.title)}</a></p>
</section>`;
  return xhtmlDocument(site.language, series.title, body);
}

/** One part: its heading, dates and provenance, then its body (already XHTML). */
export function chapter(site: Book['site'], part: ArticleSummary, n: number, body: string): string {
  const date = (iso: string) => xml(formatDate(iso, site.language));
  const origin = part.firstPublished;
  const where = origin && (origin.url ? `<a href="${xml(origin.url)}">${xml(origin.outlet)}</a>` : xml(origin.outlet));
  const url = `${site.baseUrl}${paths.article(part.slug)}`;
  const lines = [
    `<p class="kicker">Part ${part.series?.part ?? n}</p>`,
    `<h1>${xml(part.title)}</h1>`,
    `<p class="meta">Published ${date(part.date)}${part.modified ? ` · Updated ${date(part.modified)}` : ''} · <a href="${xml(url)}">Online</a></p>`,
    origin ? `<p class="provenance">This article first appeared on ${where} on ${date(origin.date)}.</p>` : '',
    body,
  ];
  return xhtmlDocument(site.language, part.title, `<section>\n${lines.filter(Boolean).join('\n')}\n</section>`);
}
