import { beforeAll, describe, expect, it } from 'vitest';
import type { Release } from '../../src/content/release';
import { articleFile, contentFiles, featureSite } from '../support/fixtures';
import { type App, createApp, publish, request, useSite } from '../support/worker';

let release: Release;
let app: App;

beforeAll(async () => {
  release = await publish(featureSite());
  app = createApp(release.root);
});

const get = async (path: string) => {
  const res = await request(app, path);
  return { status: res.status, location: res.headers.get('Location'), html: await res.text(), res };
};

const titlesIn = (html: string): string[] => [...html.matchAll(/<h2><a href="\/articles\/([^"]+)">/g)].map((m) => m[1]);

describe('routes', () => {
  it('serves the newest articles first on the home page, and the rest on /page/2', async () => {
    const home = await get('/');
    expect(home.status).toBe(200);
    expect(titlesIn(home.html).slice(0, 4)).toEqual(['essay', 'part-three', 'part-two', 'part-one']);
    expect(titlesIn(home.html)).toHaveLength(10);
    expect(home.html).toContain('href="/page/2"');
    const second = await get('/page/2');
    expect(second.status).toBe(200);
    expect(titlesIn(second.html)).toHaveLength(6);
    expect(new Set([...titlesIn(home.html), ...titlesIn(second.html)]).size).toBe(16);
    expect(second.html).not.toContain('href="/page/3"');
  });

  it('redirects /page/1 to / and answers 404 past the last page or for a non-number', async () => {
    expect(await get('/page/1')).toMatchObject({ status: 301, location: '/' });
    expect((await get('/page/3')).status).toBe(404);
    expect((await get('/page/0')).status).toBe(404);
    expect((await get('/page/two')).status).toBe(404);
  });

  it('renders an article with dates, provenance, series position and previous/next', async () => {
    const { status, html } = await get('/articles/part-three');
    expect(status).toBe(200);
    expect(html).toContain('<h1>The Third Part</h1>');
    expect(html).toContain('<time datetime="2026-03-15">March 15, 2026</time>');
    expect(html).toMatch(
      /This article first appeared on <a href="https:\/\/review.example\/third">The Review<\/a> on <time[^>]*>December 1, 2025/,
    );
    expect(html).toContain('Part 3 of 4');
    expect(html).toContain('The Fourth Part (forthcoming)');
    expect(html).toContain('<a href="/articles/part-two" rel="prev">');
    expect(html).not.toContain('rel="next"');
    const first = await get('/articles/part-one');
    expect(first.html).toContain('<a href="/articles/part-two" rel="next">');
  });

  it('renders markdown with typographic punctuation, footnotes, corrections and tags', async () => {
    const { html } = await get('/articles/essay');
    expect(html).toContain('<h2 id="first">First</h2>');
    expect(html).toContain('class="footnotes"');
    expect(html).toContain('The essay says &#8220;one&#8221; &#8211; twice.');
    expect(html).toContain('Updated <time datetime="2026-04-03">');
    expect(html).toContain('Fixed a date.');
    expect(html).toContain('<a href="/tags/politics">#politics</a>');
  });

  it('puts each footnote beside its reference as a popover, and keeps the numbered list with its back-links', async () => {
    const { html } = await get('/articles/essay');
    expect(html).toContain(
      'twice.<sup><button class="fn" id="fn:ref-n" popovertarget="sn:n" aria-describedby="fn:label">1</button></sup>' +
        '<span class="sn" id="sn:n" popover>A footnote.</span></p>',
    );
    expect(html).toContain(
      '<li id="fn:n">\n<p>A footnote. <a href="#fn:ref-n" data-fn:backref aria-label="Back to reference n">',
    );
  });

  it('gives a long article a nested table of contents, and a short one none', async () => {
    const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');
    const body = `## One\n\n${words(600)}\n\n### One A\n\n${words(400)}\n\n## Two\n\n${words(600)}\n`;
    const long = articleFile({ slug: 'long', body });
    const site = await publish(contentFiles({ articles: [long, articleFile({ slug: 'short' })] }));
    const longApp = createApp(site.root);
    const html = await (await request(longApp, '/articles/long')).text();
    expect(html).toContain(
      '<nav class="toc" aria-label="Contents"><strong>Contents</strong><ol><li><a href="#one">One</a><ol><li><a href="#one-a">One A</a></li></ol></li><li><a href="#two">Two</a></li></ol></nav>',
    );
    expect(html).toContain('7 min read');
    expect(await (await request(longApp, '/articles/short')).text()).not.toContain('class="toc"');
  });

  it('lists series, and a series with its parts in order and its planned part', async () => {
    const index = await get('/series');
    expect(index.status).toBe(200);
    expect(index.html).toContain('<a href="/series/saga">Series saga</a>');
    const { status, html } = await get('/series/saga');
    expect(status).toBe(200);
    expect(html).toContain('The synopsis of saga.');
    const order = [...html.matchAll(/Part (\d): The (\w+) Part/g)].map((m) => m[2]);
    expect(order).toEqual(['First', 'Second', 'Third']);
    expect(html).toContain('The Fourth Part');
    expect(html).toContain('Forthcoming');
  });

  it('serves tag pages, the archive by year and pages', async () => {
    const tag = await get('/tags/history');
    expect(tag.status).toBe(200);
    expect(titlesIn(tag.html)).toEqual(['essay', 'part-three', 'part-two', 'part-one']);
    const archive = await get('/archive');
    expect(archive.html).toContain('<a href="/archive/2026">2026</a> (4 articles)');
    const year = await get('/archive/2025');
    expect(year.status).toBe(200);
    expect(year.html.match(/href="\/articles\/note-/g)).toHaveLength(12);
    const about = await get('/about');
    expect(about.status).toBe(200);
    expect(about.html).toContain('About this site.');
  });

  it('answers 404 with a real page for anything unknown', async () => {
    for (const path of ['/articles/nope', '/series/nope', '/tags/nope', '/archive/1999', '/nope', '/a/b/c']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.html).toContain('<h1>Page not found</h1>');
      expect(res.res.headers.get('Content-Type')).toBe('text/html; charset=UTF-8');
    }
  });

  it('marks drafts in a preview built with them, and keeps them out of search engines', async () => {
    const files = contentFiles({
      articles: [articleFile({ slug: 'ready' }), articleFile({ slug: 'wip', title: 'Work in Progress', extra: 'draft: true' })],
    });
    const preview = (await useSite(files, { drafts: true })).app;
    const html = await (await request(preview, '/articles/wip')).text();
    expect(html).toContain('Draft preview: this article is not published.');
    expect(html).toContain('<meta name="robots" content="noindex"/>');
    expect(await (await request(preview, '/')).text()).toMatch(/<strong class="draft">Draft · <\/strong>/);
    const published = (await useSite(files)).app;
    expect((await request(published, '/articles/wip')).status).toBe(404);
    expect(await (await request(published, '/articles/ready')).text()).not.toContain('Draft');
  });

  it('redirects the old address of a renamed article', async () => {
    const renamed = articleFile({ slug: 'new-name', extra: 'aliases: [/articles/old-name]' });
    const site = (await useSite(contentFiles({ articles: [renamed] }))).app;
    const res = await request(site, '/articles/old-name');
    expect(res.status).toBe(301);
    expect(res.headers.get('Location')).toBe('/articles/new-name');
  });

  it('answers malformed paths with 404, never a 500', async () => {
    for (const path of [
      '/tags/a%0D%0Ab/page/1',
      '/tags/%00/page/1',
      '/tags/%25/page/1',
      '/articles/%E0%A4%A',
      '/%',
      `/${'x'.repeat(5000)}`,
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.html).toContain('Page not found');
    }
  });

  it('keeps heading ids from colliding with the page layout', async () => {
    const body = '## Main\n\nText.[^1]\n\n## Site main\n\n## Footnote label\n\n## Fn 1\n\n[^1]: A note.';
    const site = (await useSite(contentFiles({ articles: [articleFile({ slug: 'ids', body })] }))).app;
    const html = await (await request(site, '/articles/ids')).text();
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toContain('fn:1');
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('redirects an alias and a trailing slash with 301, never off-site', async () => {
    expect(await get('/2019/old-essay')).toMatchObject({ status: 301, location: '/articles/essay' });
    expect(await get('/articles/essay/')).toMatchObject({ status: 301, location: '/articles/essay' });
    expect(await get('//evil.example/')).toMatchObject({ status: 301, location: '/evil.example' });
  });
});
