import type { ContentFiles } from '../../src/content/model';
import type { SourceFile } from '../../src/content/source';

/** Build content in memory, so tests in Node and in workerd share one way of making sites. */

export const SITE_YAML = `title: Test Site
description: A site made by a test.
baseUrl: https://blog.example
author: Ada Tester
language: en
perPage: 10
`;

export interface ArticleSpec {
  slug: string;
  title?: string;
  date?: string;
  tags?: string[];
  series?: string;
  part?: number;
  extra?: string;
  body?: string;
}

export function articleFile({ slug, title, date, tags, series, part, extra, body }: ArticleSpec): SourceFile {
  const lines = [
    '---',
    `title: ${JSON.stringify(title ?? `Article ${slug}`)}`,
    `date: ${date ?? '2026-01-01'}`,
    `summary: ${JSON.stringify(`Summary of ${slug}.`)}`,
    tags ? `tags: [${tags.join(', ')}]` : '',
    series ? `series: ${series}\npart: ${part}` : '',
    extra ?? '',
    '---',
    body ?? `Body of ${slug}, with "quotes" -- and a dash.`,
  ];
  return { path: `content/articles/${slug}.md`, text: `${lines.filter(Boolean).join('\n')}\n` };
}

/** An article whose corrections were written down out of order (newest last). */
export const correctedArticle = (): SourceFile =>
  articleFile({
    slug: 'corrected',
    date: '2026-02-01',
    extra: 'corrections:\n  - date: 2026-02-03\n    note: "Second fix."\n  - date: 2026-02-05\n    note: "Third fix."',
  });

export const seriesFile = (slug: string, front = 'status: ongoing'): SourceFile => ({
  path: `content/series/${slug}.md`,
  text: `---\ntitle: "Series ${slug}"\nsummary: "About ${slug}."\n${front}\n---\nThe synopsis of ${slug}.\n`,
});

export const pageFile = (slug: string, body = 'A page.'): SourceFile => ({
  path: `content/pages/${slug}.md`,
  text: `---\ntitle: "Page ${slug}"\n---\n${body}\n`,
});

export function contentFiles(parts: Partial<ContentFiles> = {}): ContentFiles {
  return {
    site: { path: 'content/site.yaml', text: SITE_YAML },
    articles: [],
    series: [],
    pages: [],
    assets: [],
    ...parts,
  };
}

const TAGS = ['history', 'politics', 'europe', 'economics', 'war', 'cities', 'law', 'labour'];

export interface GeneratedOptions {
  /** The markdown body of article `i`. */
  body?: (i: number) => string;
  /** Tags every article carries besides its two generated ones. */
  tags?: string[];
  /** Articles a day (two by default, so 730 a year). */
  perDay?: number;
}

const shortBody = (i: number) => `## Section\n\nParagraph ${i} of a generated essay.[^1]\n\n[^1]: A note on ${i}.\n`;

/**
 * A generated site of `count` articles over several years, with tags and a series every 50.
 * Every article depends only on its index, so `generatedSite(n + 1)` is `generatedSite(n)` plus one.
 */
export function generatedSite(count: number, { body = shortBody, tags = [], perDay = 2 }: GeneratedOptions = {}): ContentFiles {
  const articles: SourceFile[] = [];
  const series: SourceFile[] = [];
  const start = Date.UTC(2000, 0, 1);
  for (let i = 0; i < count; i++) {
    const date = new Date(start + Math.floor((i * 86_400_000) / perDay)).toISOString().slice(0, 10); // all in the past
    const inSeries = i % 50 < 5;
    const seriesSlug = `series-${Math.floor(i / 50)}`;
    if (inSeries && i % 50 === 0) series.push(seriesFile(seriesSlug));
    articles.push(
      articleFile({
        slug: `article-${i}`,
        date,
        tags: [...tags, TAGS[i % TAGS.length], TAGS[(i * 7 + 3) % TAGS.length]].filter((t, j, all) => all.indexOf(t) === j),
        ...(inSeries ? { series: seriesSlug, part: (i % 50) + 1 } : {}),
        body: body(i),
      }),
    );
  }
  return contentFiles({ articles, series, pages: [pageFile('about')] });
}

/**
 * A small site with every feature: a three-part series with a planned part, a republished
 * article, a correction, an alias, tags, a page, and enough articles for two home pages.
 */
export function featureSite(marker = 'one'): ContentFiles {
  const articles = Array.from({ length: 12 }, (_, i) =>
    articleFile({ slug: `note-${i + 1}`, date: `2025-0${(i % 9) + 1}-1${i % 10}`, tags: ['notes'] }),
  );
  articles.push(
    articleFile({ slug: 'part-one', title: 'The First Part', date: '2026-03-01', series: 'saga', part: 1, tags: ['history'] }),
    articleFile({ slug: 'part-two', title: 'The Second Part', date: '2026-03-08', series: 'saga', part: 2, tags: ['history'] }),
    articleFile({
      slug: 'part-three',
      title: 'The Third Part',
      date: '2026-03-15',
      series: 'saga',
      part: 3,
      tags: ['history'],
      extra: 'firstPublished:\n  outlet: "The Review"\n  url: https://review.example/third\n  date: 2025-12-01',
    }),
    articleFile({
      slug: 'essay',
      title: `Essay ${marker}`,
      date: '2026-04-01',
      tags: ['politics', 'history'],
      extra: 'updated: 2026-04-03\ncorrections:\n  - date: 2026-04-03\n    note: "Fixed a date."\naliases: [/2019/old-essay]',
      body: `## First\n\nThe essay says "${marker}" -- twice.[^n]\n\n## Second\n\nMore.\n\n[^n]: A footnote.\n`,
    }),
  );
  return contentFiles({
    articles,
    series: [seriesFile('saga', 'status: ongoing\nplanned: ["The Fourth Part"]')],
    pages: [pageFile('about', 'About this site.')],
  });
}
