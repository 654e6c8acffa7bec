import { paths } from '../content/paths';
import type { ArticleEntry } from '../content/stored';
import { absoluteUrl, formatDate } from './format';
import type { Site } from './layout';

/**
 * An article as a reference manager sees it, and its BibTeX, RIS and Highwire Press forms. Every
 * form is a function of the release alone: no access date, since a cached file cannot know when
 * its reader read it (the reference manager stamps its own when it saves from the page).
 */
export interface Citation {
  /** A BibTeX key, ASCII and stable: author's surname, year, slug. */
  key: string;
  /** The site's author as written; empty when there is none. */
  author: string;
  title: string;
  /** The calendar date of publication (UTC, as the page shows it), `YYYY-MM-DD`. */
  date: string;
  /** The site's title: the blog the article appeared in. */
  container: string;
  url: string;
  summary: string;
  tags: string[];
  language: string;
  /** Where a republished article first appeared. */
  origin?: { outlet: string; date: string };
}

interface Name {
  family: string;
  given?: string;
  suffix?: string;
  /** An organization, or a name joined by "and": never inverted, one name to BibTeX. */
  whole?: boolean;
}

const SUFFIX = /^(?:Jr\.?|Sr\.?|II|III|IV)$/;

/** Line breaks and controls become single spaces: one RIS line per field, whatever the input. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: controls are exactly what it removes
export const oneLine = (s: string): string => s.replace(/[\s\x00-\x1f\x7f\u0085]+/g, ' ').trim();

/** "Ada Tester", "Tester, Ada" or "Martin Luther King Jr." read as family, given and suffix. */
export function nameOf(author: string): Name | null {
  const name = oneLine(author);
  if (!name) return null;
  if (/ and |&/i.test(name)) return { family: name, whole: true };
  if (name.includes(',')) {
    const [family, given, suffix] = name.split(',').map((s) => s.trim());
    return { family, given: given || undefined, suffix: suffix || undefined };
  }
  const words = name.split(' ');
  const suffix = words.length > 2 && SUFFIX.test(words[words.length - 1]) ? words.pop() : undefined;
  const family = words.pop() ?? name;
  return { family, given: words.join(' ') || undefined, suffix };
}

/** "Family, Given, Suffix": how RIS, Chicago and Google Scholar want a name. */
export const invertedName = ({ family, given, suffix }: Name): string => [family, given, suffix].filter(Boolean).join(', ');

/** The surname folded to ASCII (accents dropped, other scripts left out): `Gödel` → `godel`. */
const keyPart = (name: Name | null): string =>
  (name?.whole ? '' : (name?.family ?? ''))
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

export function citationOf(site: Site, article: ArticleEntry): Citation {
  const date = article.date.slice(0, 10);
  const origin = article.firstPublished;
  return {
    key: `${keyPart(nameOf(site.author))}${date.slice(0, 4)}-${article.slug}`,
    author: site.author,
    title: article.title,
    date,
    container: site.title,
    url: absoluteUrl(site, paths.article(article.slug)),
    summary: article.summary,
    tags: article.tags,
    language: site.language,
    ...(origin ? { origin: { outlet: origin.outlet, date: origin.date.slice(0, 10) } } : {}),
  };
}

/** "Originally published in The Review, December 1, 2025", the note a republished piece carries. */
export const originNote = (c: Citation): string | undefined =>
  c.origin && `Originally published in ${oneLine(c.origin.outlet)}, ${formatDate(c.origin.date, c.language)}`;

// LaTeX's special characters. `\{` would still count as a brace to BibTeX and biber, which must
// see balanced braces in a field, so braces are written as commands.
const LATEX: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\textbraceleft{}',
  '}': '\\textbraceright{}',
  '%': '\\%',
  '&': '\\&',
  _: '\\_',
  '#': '\\#',
  $: '\\$',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
};

/**
 * Text as a BibTeX field value. Non-ASCII stays UTF-8: biber reads it, LaTeX has read UTF-8 by
 * default since 2018, and reference managers import it; LaTeX accent commands would cover only
 * Latin letters and need decoding again by every tool but LaTeX.
 */
export const bibtexText = (s: string): string => oneLine(s).replace(/[\\{}%&_#$~^]/g, (ch) => LATEX[ch]);

/** A URL is verbatim to biblatex, so only what would end the field or the line is encoded. */
const bibtexUrl = (url: string): string => url.replace(/[{}\\\s]/g, (ch) => encodeURIComponent(ch));

function bibtexName(name: Name): string {
  if (name.whole) return `{${bibtexText(name.family)}}`;
  const parts = [name.family, name.suffix, name.given].filter((part) => part !== undefined);
  return parts.map(bibtexText).join(', ');
}

/** A biblatex `@online` entry; the title is braced twice so no style changes its case. */
export function bibtex(c: Citation): string {
  const name = nameOf(c.author);
  const note = originNote(c);
  const fields: [string, string | undefined][] = [
    ['author', name ? bibtexName(name) : undefined],
    ['title', `{${bibtexText(c.title)}}`],
    ['date', c.date],
    ['organization', bibtexText(c.container)],
    ['url', bibtexUrl(c.url)],
    ['abstract', bibtexText(c.summary)],
    ['keywords', c.tags.length > 0 ? bibtexText(c.tags.join(', ')) : undefined],
    ['note', note && bibtexText(note)],
  ];
  const lines = fields.filter(([, value]) => value !== undefined).map(([field, value]) => `  ${field} = {${value}}`);
  return `@online{${c.key},\n${lines.join(',\n')}\n}\n`;
}

/** A RIS record (`BLOG`): `XX  - value` lines ending in CRLF, as the RIS specification has them. */
export function ris(c: Citation): string {
  const name = nameOf(c.author);
  const note = originNote(c);
  const fields: [string, string | undefined][] = [
    ['TY', 'BLOG'],
    ['AU', name ? invertedName(name) : undefined],
    ['TI', oneLine(c.title)],
    ['T2', oneLine(c.container)],
    ['PY', c.date.slice(0, 4)],
    ['DA', c.date.replace(/-/g, '/')],
    ['UR', c.url],
    ['AB', oneLine(c.summary)],
    ...c.tags.map((tag): [string, string] => ['KW', tag]),
    ['N1', note && `${note}.`],
    ['LA', c.language],
  ];
  const lines = fields.filter(([, value]) => value).map(([tag, value]) => `${tag}  - ${value}`);
  return [...lines, 'ER  - ', ''].join('\r\n');
}

/**
 * Highwire Press tags, which Zotero and Google Scholar read from the page: name, content pairs.
 */
export function citationMeta(c: Citation): [string, string][] {
  const name = nameOf(c.author);
  return [
    ['citation_title', oneLine(c.title)],
    ...(name ? [['citation_author', invertedName(name)] as [string, string]] : []),
    ['citation_publication_date', c.date.replace(/-/g, '/')],
    ['citation_public_url', c.url],
  ];
}
