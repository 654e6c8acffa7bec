import type { Article, Series, SiteModel } from './model';
import type { ArticleSummary, SeriesContext } from './stored';

/** A word: a letter or digit, then letters, digits, apostrophes and hyphens (`[\p{L}\p{N}][\p{L}\p{N}'’-]*`, Unicode). */
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const ASCII_WORD = new Uint8Array(128);
for (let c = 0; c < 128; c++) if (LETTER_OR_DIGIT.test(String.fromCharCode(c))) ASCII_WORD[c] = 1;
// Beyond ASCII, each code point is asked of the expression once.
const OTHER_WORD = new Map<number, boolean>();
const APOSTROPHE = 0x27;
const RIGHT_QUOTE = 0x2019;
const HYPHEN = 0x2d;

/**
 * Words in a text, as that expression counts them, in one pass over char codes: a build counts
 * every body of the site, and matching collected an array of every word of 100,000 articles.
 */
export function countWords(markdown: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < markdown.length; i++) {
    const code = markdown.charCodeAt(i);
    let wordChar: boolean;
    if (code < 128) wordChar = ASCII_WORD[code] === 1;
    else {
      const point = markdown.codePointAt(i) ?? code;
      if (point > 0xffff) i++;
      let known = OTHER_WORD.get(point);
      if (known === undefined) {
        known = LETTER_OR_DIGIT.test(String.fromCodePoint(point));
        OTHER_WORD.set(point, known);
      }
      wordChar = known;
    }
    if (wordChar) {
      if (!inWord) words++;
      inWord = true;
    } else inWord = inWord && (code === APOSTROPHE || code === RIGHT_QUOTE || code === HYPHEN);
  }
  return words;
}

/** What every list, index entry and feed says of an article, with its body's key. */
export function summarize(
  seriesBySlug: Map<string, Series>,
  article: Article,
  bodyKey: string,
  words = countWords(article.body),
): ArticleSummary {
  const { front } = article;
  const series = front.series === undefined ? undefined : seriesBySlug.get(front.series);
  const changes = [front.updated, ...front.corrections.map((c) => c.date)].filter((d): d is string => d !== undefined);
  return {
    slug: article.slug,
    title: front.title,
    date: front.date,
    summary: front.summary,
    tags: front.tags,
    words,
    series: series && front.part ? { slug: series.slug, title: series.front.title, part: front.part } : undefined,
    bodyKey,
    modified: changes.length > 0 ? changes.sort().at(-1) : undefined,
    firstPublished: front.firstPublished,
    draft: front.draft ? true : undefined,
  };
}

export // Parts come grouped by series (`inSeries`): one pass over the site, not one per series.
function seriesContexts(site: SiteModel, inSeries: Map<string, ArticleSummary[]>): Map<string, SeriesContext> {
  const contexts = new Map<string, SeriesContext>();
  for (const series of site.series) {
    const parts = (inSeries.get(series.slug) ?? [])
      .map(({ slug, title, series: s, date, words }) => ({ slug, title, part: s?.part ?? 0, date, words }))
      .sort((a, b) => a.part - b.part);
    const { title, status, planned } = series.front;
    contexts.set(series.slug, { slug: series.slug, title, status, parts, planned });
  }
  return contexts;
}

/** Items by each of their keys (an article under each of its tags), in the items' order. */
export function groupBy<T>(items: T[], keysOf: (item: T) => string[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    for (const key of keysOf(item)) {
      const group = groups.get(key);
      if (group) group.push(item);
      else groups.set(key, [item]);
    }
  }
  return groups;
}
