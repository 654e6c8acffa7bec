import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Release } from '../../src/content/release';
import { renderArticlePage } from '../../src/render/article-page';
import { releaseStore } from '../../src/store/release-store';
import { articleFile, contentFiles, correctedArticle, featureSite } from '../support/fixtures';
import { type App, createApp, publish, request, useSite } from '../support/worker';

// featureSite, plus an article whose corrections were written down out of order.
const files = featureSite('discovery');
files.articles.push(correctedArticle());

let release: Release;
let app: App;

beforeAll(async () => {
  release = await publish(files);
  app = createApp(release.root);
});

const get = async (path: string) => {
  const res = await request(app, path);
  return { status: res.status, text: await res.text() };
};
const property = (html: string, name: string): string | undefined =>
  new RegExp(`<meta (?:property|name)="${name}" content="([^"]*)"/>`).exec(html)?.[1];
const canonical = (html: string): string | undefined => /<link rel="canonical" href="([^"]*)"\/>/.exec(html)?.[1];
const jsonLd = (html: string): Record<string, unknown> | undefined => {
  const text = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)?.[1];
  return text === undefined ? undefined : JSON.parse(text);
};

const BASE = 'https://blog.example';

describe('canonical links, Open Graph and Twitter cards', () => {
  it('points an article at itself, even a republished one that does not ask otherwise', async () => {
    expect(canonical((await get('/articles/essay')).text)).toBe(`${BASE}/articles/essay`);
    expect(canonical((await get('/articles/part-three')).text)).toBe(`${BASE}/articles/part-three`);
    expect(canonical((await get('/')).text)).toBe(`${BASE}/`);
    expect(canonical((await get('/page/2')).text)).toBe(`${BASE}/page/2`);
    expect(canonical((await get('/tags/history')).text)).toBe(`${BASE}/tags/history`);
    expect(canonical((await get('/no-such-page')).text)).toBeUndefined();
  });

  it('points a republished article at the original when it sets canonical: original', async () => {
    const entry = await releaseStore(env.CONTENT, release.root, { renderers: ['test'] }).entry('article', 'part-three');
    if (!entry) throw new Error('part-three is missing');
    const path = '/articles/part-three';
    const body = { html: '<p>Text.</p>', toc: [] };
    const args = { site: release.root.site, path, body };
    const { context: _, ...article } = entry;
    const html = renderArticlePage({ ...args, article: { ...article, canonical: 'original' } });
    expect(canonical(html)).toBe('https://review.example/third');
    expect(property(html, 'og:url')).toBe('https://review.example/third');
    expect(jsonLd(html)?.url).toBe(`${BASE}${path}`);
    // Without a URL to credit there is nothing else to point at.
    const noUrl = { ...article, canonical: 'original' as const, firstPublished: { outlet: 'Print', date: '2025-12-01' } };
    expect(canonical(renderArticlePage({ ...args, article: noUrl }))).toBe(`${BASE}${path}`);
  });

  it('takes canonical: original from front matter', async () => {
    const reprint = articleFile({
      slug: 'reprint',
      extra:
        'canonical: original\nfirstPublished:\n  outlet: "The Review"\n  url: https://review.example/reprint\n  date: 2025-01-01',
    });
    const own = articleFile({ slug: 'own' });
    const site = (await useSite(contentFiles({ articles: [reprint, own] }))).app;
    expect(canonical(await (await request(site, '/articles/reprint')).text())).toBe('https://review.example/reprint');
    // Sitemaps list canonical URLs only.
    const year = await (await request(site, '/sitemaps/2026.xml')).text();
    expect(year).toContain('/articles/own</loc>');
    expect(year).not.toContain('/articles/reprint');
  });

  it('describes an article for link previews', async () => {
    const { text } = await get('/articles/essay');
    expect(property(text, 'og:type')).toBe('article');
    expect(property(text, 'og:title')).toBe('Essay discovery');
    expect(property(text, 'og:description')).toBe('Summary of essay.');
    expect(property(text, 'og:url')).toBe(`${BASE}/articles/essay`);
    expect(property(text, 'og:site_name')).toBe('Test Site');
    expect(property(text, 'article:published_time')).toBe('2026-04-01');
    expect(property(text, 'article:modified_time')).toBe('2026-04-03');
    expect(property(text, 'twitter:card')).toBe('summary');
    const home = (await get('/')).text;
    expect(property(home, 'og:type')).toBe('website');
    expect(property(home, 'og:title')).toBe('Test Site');
    expect(property(home, 'og:description')).toBe('A site made by a test.');
    expect(property(home, 'article:published_time')).toBeUndefined();
  });

  it('escapes titles and summaries in meta tags and JSON-LD', async () => {
    const hostile = articleFile({ slug: 'hostile', title: `Fish & "Chips" </script><script>alert(1)</script>` });
    hostile.text = hostile.text.replace('summary: "Summary of hostile."', `summary: "<b>'quoted'</b> & more"`);
    const site = (await useSite(contentFiles({ articles: [hostile] }))).app;
    const html = await (await request(site, '/articles/hostile')).text();
    expect(property(html, 'og:title')).toBe('Fish &amp; &quot;Chips&quot; &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(property(html, 'og:description')).toBe('&lt;b&gt;&#39;quoted&#39;&lt;/b&gt; &amp; more');
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html.match(/<\/script>/g)).toHaveLength(1);
    expect(jsonLd(html)).toMatchObject({
      headline: `Fish & "Chips" </script><script>alert(1)</script>`,
      description: `<b>'quoted'</b> & more`,
    });
  });
});

describe('JSON-LD', () => {
  it('describes an article as a BlogPosting', async () => {
    expect(jsonLd((await get('/articles/essay')).text)).toEqual({
      '@context': 'https://schema.org',
      '@type': 'BlogPosting',
      headline: 'Essay discovery',
      description: 'Summary of essay.',
      datePublished: '2026-04-01',
      dateModified: '2026-04-03',
      author: { '@type': 'Person', name: 'Ada Tester' },
      url: `${BASE}/articles/essay`,
      mainEntityOfPage: { '@type': 'WebPage', '@id': `${BASE}/articles/essay` },
      inLanguage: 'en',
      keywords: 'politics, history',
    });
  });

  it('places a series part in its series, and credits where a republished article first appeared', async () => {
    const part = jsonLd((await get('/articles/part-two')).text);
    expect(part).toMatchObject({
      '@type': 'BlogPosting',
      dateModified: '2026-03-08',
      isPartOf: { '@type': 'CreativeWorkSeries', name: 'Series saga', url: `${BASE}/series/saga` },
      position: 2,
    });
    expect(part).not.toHaveProperty('isBasedOn');
    expect(jsonLd((await get('/articles/part-three')).text)).toMatchObject({
      position: 3,
      isBasedOn: {
        '@type': 'CreativeWork',
        url: 'https://review.example/third',
        publisher: { '@type': 'Organization', name: 'The Review' },
        datePublished: '2025-12-01',
      },
    });
  });

  it('describes a series page as a CreativeWorkSeries with its parts in order', async () => {
    const series = jsonLd((await get('/series/saga')).text);
    expect(series).toMatchObject({
      '@type': 'CreativeWorkSeries',
      name: 'Series saga',
      description: 'About saga.',
      url: `${BASE}/series/saga`,
    });
    expect(series?.hasPart).toEqual(
      [
        ['one', 'The First Part', '2026-03-01'],
        ['two', 'The Second Part', '2026-03-08'],
        ['three', 'The Third Part', '2026-03-15'],
      ].map(([n, headline, date], i) => ({
        '@type': 'BlogPosting',
        headline,
        url: `${BASE}/articles/part-${n}`,
        position: i + 1,
        datePublished: date,
      })),
    );
  });

  it('describes the site as a WebSite on the home page only', async () => {
    expect(jsonLd((await get('/')).text)).toEqual({
      '@context': 'https://schema.org',
      '@type': 'WebSite',
      name: 'Test Site',
      url: `${BASE}/`,
      description: 'A site made by a test.',
      inLanguage: 'en',
      author: { '@type': 'Person', name: 'Ada Tester' },
    });
    for (const path of ['/page/2', '/tags/history', '/archive', '/about', '/no-such-page']) {
      expect(jsonLd((await get(path)).text), path).toBeUndefined();
    }
  });
});

describe('corrections log', () => {
  it('lists corrections newest first, each dated', async () => {
    const { text } = await get('/articles/corrected');
    const log = /<section class="corrections"[\s\S]*?<\/section>/.exec(text)?.[0] ?? '';
    expect([...log.matchAll(/<li><time datetime="([^"]+)">[^<]+<\/time>: ([^<]+)<\/li>/g)].map((m) => [m[1], m[2]])).toEqual([
      ['2026-02-05', 'Third fix.'],
      ['2026-02-03', 'Second fix.'],
    ]);
  });
});
