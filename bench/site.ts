/**
 * The benchmark's sites: `count` generated essays of about 500 words each (two a day, benchDate,
 * the tag `essays` and two of eight others, a five-part series every 50 articles) plus one
 * 10,000-word essay. Every article depends only on its index, so `benchSite(n)` is a prefix of
 * `benchSite(n + 1)`; `withOneMore(n)` is `benchSite(n)` plus one new essay, as an author adds one.
 */
import type { ContentFiles } from '../src/content/model';
import { articleFile, generatedSite, seriesFile } from '../tests/support/fixtures';

export const LONG_ESSAY = 'the-long-essay';
export const LONG_SERIES = 'the-long-series';

function randomFrom(seed: number) {
  let state = seed % 2147483646 || 1;
  return () => {
    state = (state * 16807) % 2147483647;
    return state / 2147483647;
  };
}

// One vocabulary for every essay; skewed picks read (and compress) more like prose than noise.
const VOCABULARY = (() => {
  const random = randomFrom(7);
  return Array.from({ length: 3000 }, () =>
    Array.from({ length: 2 + Math.floor(random() * 9) }, () => String.fromCharCode(97 + Math.floor(random() * 26))).join(''),
  );
})();

function wordsFrom(seed: number) {
  const random = randomFrom(seed * 7919 + 1);
  return (n: number) => Array.from({ length: n }, () => VOCABULARY[Math.floor(random() ** 2 * VOCABULARY.length)]);
}

/** An essay of about `wordCount` words with headings, emphasis, quotes, links and footnotes. */
export function essay(wordCount: number, seed: number): string {
  const words = wordsFrom(seed);
  const out: string[] = [];
  for (let written = 0, i = 1; written < wordCount; written += 100, i++) {
    if (i % 6 === 1) out.push(`## ${words(4).join(' ')}`);
    const w = words(100);
    w[10] = `*${w[10]}*`;
    w[40] = `"${w[40]}"`;
    // Paragraphs past the fifth link back to the first five, so the links lead somewhere in a site of 10.
    w[70] = `[${w[70]}](/articles/article-${((i - 1) % 5) + 1})`;
    out.push(`${w.join(' ')} -- the end of a paragraph.[^${i}]`);
    out.push(`[^${i}]: A note on paragraph ${i}.`);
  }
  return out.join('\n\n');
}

/**
 * The front matter date of article `i`: two a day from 1870, so that 100,000 end in 2006 and about
 * 114,000 fit before 2026 (publish refuses more than 50 articles scheduled for later). Two a day
 * keeps each year's list at 730 articles at every size: a year is one value, read whole
 * (docs/architecture.md, "Years"), and a denser calendar would grow it past 64 KB.
 */
export function benchDate(i: number): string {
  return new Date(Date.UTC(1870, 0, 1) + i * 43_200_000).toISOString().slice(0, 10);
}

/** The 10,000-word essay's date: before every generated one. */
export const LONG_ESSAY_DATE = '1869-12-31';

export function benchSite(count: number): ContentFiles {
  // Every article is an essay: that tag's page is full at any size, and at 10,000 it is the
  // largest tag there is.
  const site = generatedSite(count, { body: (i) => essay(500, i + 1), tags: ['essays'] });
  // generatedSite dates its articles two a day from 2000: the same calendar, started earlier.
  const dated = site.articles.map((file, i) => ({ ...file, text: file.text.replace(/^date: .*$/m, `date: ${benchDate(i)}`) }));
  const long = articleFile({ slug: LONG_ESSAY, date: LONG_ESSAY_DATE, tags: ['history'], body: essay(10_000, 0) });
  return { ...site, articles: [long, ...dated] };
}

/**
 * `benchSite(count)` plus one new essay dated after the rest, in no series: one new file, as an
 * author adds an article (`benchSite(count + 1)` would also start a series when count is a
 * multiple of 50, as 10,000 and 100,000 are).
 */
export function withOneMore(count: number): ContentFiles {
  const site = benchSite(count);
  const added = articleFile({
    slug: `new-essay-${count}`,
    date: benchDate(count),
    tags: ['essays', 'history', 'politics'],
    body: essay(500, count + 1),
  });
  return { ...site, articles: [...site.articles, added] };
}

/**
 * The site of the cold requests: 30 essays (a feed's worth and more), the 10,000-word essay, and
 * a ten-part series of 50,000 words (as bench/epub.ts's generated one), both older than the essays.
 */
export function coldSite(): ContentFiles {
  const site = benchSite(30);
  const parts = Array.from({ length: 10 }, (_, i) =>
    articleFile({
      slug: `${LONG_SERIES}-part-${i + 1}`,
      date: `1868-${String(i + 1).padStart(2, '0')}-01`,
      tags: ['history'],
      series: LONG_SERIES,
      part: i + 1,
      body: essay(5000, 100 + i),
    }),
  );
  return { ...site, articles: [...parts, ...site.articles], series: [seriesFile(LONG_SERIES), ...site.series] };
}
