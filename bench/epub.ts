/**
 * CPU of a cache-miss EPUB, measured in Node over the pure functions the worker runs once the
 * series' chapters are read (one bulk KV read of values `quire publish` made): decode them, then
 * write the small documents and the zip around them. Also the publish-time cost of making the
 * chapters (XHTML conversion and deflate), which the worker no longer pays.
 * Run: `npx tsx bench/epub.ts [--out FILE]` (writes the sample book with --out).
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { readContent } from '../src/cli/files';
import { loadSite } from '../src/content/model';
import type { ArticleSummary } from '../src/content/stored';
import { buildChapter, chapterCodec } from '../src/ebook/chapter';
import { assembleEpub, type Book, bookIdentifier, DEFLATE_LEVEL } from '../src/ebook/epub';
import { renderMarkdown } from '../src/render/markdown';

type Window = { articles: ArticleSummary[]; html: string[] };

async function sampleWindow(slug: string) {
  const loaded = loadSite(await readContent('content'));
  if (!loaded.ok) throw new Error('the sample content does not load');
  const site = loaded.site.config;
  const series = loaded.site.series.find((s) => s.slug === slug);
  const parts = loaded.site.articles
    .filter((a) => a.front.series === slug)
    .sort((a, b) => (a.front.part ?? 0) - (b.front.part ?? 0));
  if (!series) throw new Error(`no series ${slug}`);
  const articles: ArticleSummary[] = parts.map((a) => ({
    slug: a.slug,
    title: a.front.title,
    date: a.front.date,
    summary: a.front.summary,
    tags: a.front.tags ?? [],
    words: a.body.split(/\s+/).length,
    series: { slug, title: series.front.title, part: a.front.part ?? 0 },
    bodyKey: `md/${a.slug}`,
    ...(a.front.firstPublished ? { firstPublished: a.front.firstPublished } : {}),
  }));
  const html = parts.map((a) => renderMarkdown(a.body, site).html);
  return {
    site,
    series: { slug, title: series.front.title, summary: series.front.summary, planned: series.front.planned ?? [] },
    window: { articles, html },
  };
}

// Seeded, so every run measures the same book; a skewed vocabulary compresses like prose.
let seed = 1;
const random = () => {
  seed = (seed * 16807) % 2147483647;
  return seed / 2147483647;
};
const VOCABULARY = Array.from({ length: 3000 }, (_, i) =>
  Array.from({ length: 2 + (i % 9) }, () => String.fromCharCode(97 + Math.floor(random() * 26))).join(''),
);
const prose = (n: number) => Array.from({ length: n }, () => VOCABULARY[Math.floor(random() ** 2 * VOCABULARY.length)]).join(' ');

function generatedWindow(partsCount: number, words: number): Window {
  const paragraph = (i: number) => `${prose(90)}, and "quoted" -- dashed.[^${i}]`;
  const perPart = Math.round(words / partsCount);
  const articles: ArticleSummary[] = [];
  const html: string[] = [];
  for (let p = 1; p <= partsCount; p++) {
    const paras: string[] = [];
    for (let w = 0, i = 1; w < perPart; w += 90, i++) {
      if (i % 8 === 1) paras.push(`## Section ${i}`);
      paras.push(paragraph(i));
      paras.push(`[^${i}]: A note on paragraph ${i}, with [a link](/articles/part-${(p % partsCount) + 1}).`);
    }
    articles.push({
      slug: `part-${p}`,
      title: `Part number ${p}`,
      date: `2026-0${Math.min(p, 9)}-01T00:00:00.000Z`,
      summary: 'A generated part.',
      tags: ['history'],
      words: perPart,
      series: { slug: 'generated', title: 'Generated', part: p },
      bodyKey: `md/${p}`,
    });
    html.push(renderMarkdown(paras.join('\n\n'), { allowHtml: false }).html);
  }
  return { articles, html };
}

const p50 = (runs: number[]) => runs.slice(10).sort((a, b) => a - b)[Math.floor((runs.length - 10) / 2)];
const p90 = (runs: number[]) => runs.slice(10).sort((a, b) => a - b)[Math.floor((runs.length - 10) * 0.9)];

async function measure(label: string, site: Book['site'], series: Book['series'], window: Window) {
  const parts = new Map(window.articles.map((a) => [a.slug, a.series?.part ?? 0]));
  const sources = window.articles.map((a, i) => ({
    site,
    part: { ...a, series: a.series ?? { slug: series.slug, title: series.title, part: i + 1 } },
    html: window.html[i],
    parts,
  }));
  const publishRuns: number[] = [];
  let kept: string[] = [];
  for (let i = 0; i < 30; i++) {
    const start = performance.now();
    kept = sources.map((source) => chapterCodec.encode(buildChapter(source)) as string);
    publishRuns.push(performance.now() - start);
  }
  const identifier = await bookIdentifier(site.baseUrl, series.slug);
  const runs: number[] = [];
  let book: Uint8Array = new Uint8Array();
  for (let i = 0; i < 60; i++) {
    const start = performance.now();
    const chapters = kept.map((text) => {
      const chapter = chapterCodec.decode(text);
      if (!chapter) throw new Error('a damaged chapter');
      return chapter;
    });
    book = assembleEpub({ site, series, parts: window.articles, identifier }, chapters, []);
    runs.push(performance.now() - start);
  }
  const words = window.articles.reduce((n, a) => n + a.words, 0);
  const keptBytes = kept.reduce((n, t) => n + t.length, 0);
  console.log(
    `${label}: ${window.articles.length} parts, ${words} words, kept chapters ${(keptBytes / 1024).toFixed(0)} KiB → book ${(book.length / 1024).toFixed(0)} KiB; ` +
      `worker CPU p50 ${p50(runs).toFixed(2)} ms, p90 ${p90(runs).toFixed(2)} ms; ` +
      `chapters made at publish p50 ${p50(publishRuns).toFixed(1)} ms (deflate level ${DEFLATE_LEVEL})`,
  );
  return book;
}

const sample = await sampleWindow('the-long-peace');
const book = await measure('sample series the-long-peace', sample.site, sample.series, sample.window);
const out = process.argv.indexOf('--out');
if (out > 0) writeFileSync(process.argv[out + 1], book);
const big = { slug: 'generated', title: 'Generated', summary: 'Ten generated parts.', planned: ['A part to come'] };
await measure('generated series', sample.site, big, generatedWindow(10, 50_000));
