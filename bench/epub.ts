/**
 * CPU of a cache-miss EPUB, measured in Node over the pure functions the worker runs once the
 * series' kept window is read (one KV value): parse it, then build and zip the book.
 * Run: `npx tsx bench/epub.ts [--out FILE]` (writes the sample book with --out).
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { readContent } from '../src/cli/files';
import { loadSite } from '../src/content/model';
import type { ArticleSummary } from '../src/content/stored';
import { bookIdentifier, buildEpub, DEFLATE_LEVEL } from '../src/ebook/epub';
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

async function measure(
  label: string,
  site: Parameters<typeof buildEpub>[0]['site'],
  series: Parameters<typeof buildEpub>[0]['series'],
  window: Window,
) {
  const kept = JSON.stringify(window);
  const runs: number[] = [];
  let size = 0;
  let book: Uint8Array = new Uint8Array();
  for (let i = 0; i < 60; i++) {
    const start = performance.now();
    const { articles, html } = JSON.parse(kept) as Window;
    book = buildEpub({
      site,
      series,
      parts: articles,
      bodies: html,
      identifier: await bookIdentifier(site.baseUrl, series.slug),
    });
    runs.push(performance.now() - start);
    size = book.length;
  }
  const sorted = runs.slice(10).sort((a, b) => a - b);
  const words = window.articles.reduce((n, a) => n + a.words, 0);
  console.log(
    `${label}: ${window.articles.length} parts, ${words} words, kept window ${(kept.length / 1024).toFixed(0)} KiB → book ${(size / 1024).toFixed(0)} KiB; ` +
      `CPU p50 ${sorted[Math.floor(sorted.length / 2)].toFixed(2)} ms, p90 ${sorted[Math.floor(sorted.length * 0.9)].toFixed(2)} ms (deflate level ${DEFLATE_LEVEL})`,
  );
  return book;
}

const sample = await sampleWindow('the-long-peace');
const book = await measure('sample series the-long-peace', sample.site, sample.series, sample.window);
const out = process.argv.indexOf('--out');
if (out > 0) writeFileSync(process.argv[out + 1], book);
const big = { slug: 'generated', title: 'Generated', summary: 'Ten generated parts.', planned: ['A part to come'] };
await measure('generated series', sample.site, big, generatedWindow(10, 50_000));
