import { beforeAll, describe, expect, it } from 'vitest';
import { STYLE } from '../../src/render/style';
import { articleFile, featureSite, seriesFile } from '../support/fixtures';
import { type App, request, useSite } from '../support/worker';

let app: App;

beforeAll(async () => {
  const site = featureSite('all');
  // Every part has a footnote `[^1]` and a section "Notes on sources": the same ids in each body.
  const body = (n: string) =>
    `Part ${n} text, see [part one](/articles/part-one).[^1]\n\n## Notes on sources\n\nMore.\n\n[^1]: Note of part ${n}.\n`;
  site.articles = site.articles.map((a) => {
    const slug = /articles\/(part-\w+)\.md$/.exec(a.path)?.[1];
    return slug ? { ...a, text: a.text.replace(/Body of part-\w+[^\n]*/, body(slug)) } : a;
  });
  site.articles.push(articleFile({ slug: 'part-later', title: 'Not Yet', date: '2031-01-01', series: 'saga', part: 4 }));
  site.series.push(seriesFile('empty'));
  app = (await useSite(site)).app;
});

const page = async (path: string) => {
  const res = await request(app, path);
  return { status: res.status, html: await res.text() };
};

describe('the whole-series reading view', () => {
  it('shows every published part in order, each with its heading, dates and provenance', async () => {
    const { status, html } = await page('/series/saga/all');
    expect(status).toBe(200);
    const titles = [...html.matchAll(/<h2 id="part-\d:title"><a href="\/articles\/([^"]+)">/g)].map((m) => m[1]);
    expect(titles).toEqual(['part-one', 'part-two', 'part-three']);
    expect(html).not.toContain('Not Yet');
    expect(html).toContain('<time datetime="2026-03-08">March 8, 2026</time>');
    expect(html).toContain('This article first appeared on <a href="https://review.example/third">The Review</a>');
    expect(html).toContain('<li class="forthcoming">The Fourth Part (forthcoming)</li>');
    const contents = [...html.matchAll(/<li><a href="#(part-\d)">/g)].map((m) => m[1]);
    expect(contents).toEqual(['part-1', 'part-2', 'part-3']);
  });

  it('keeps every id distinct, footnotes and headings of each part included, with links that follow them', async () => {
    const { html } = await page('/series/saga/all');
    const ids = [...html.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(12);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    for (const n of [1, 2, 3]) {
      expect(html).toContain(`<button class="fn" id="p${n}-fn.ref-1" popovertarget="p${n}-sn.1"`);
      expect(html).toContain(`<span class="sn" id="p${n}-sn.1" popover>Note of part part-`);
      expect(html).toContain(`<h3 id="p${n}-notes-on-sources">Notes on sources</h3>`);
    }
    // Every in-page link lands on an id of the page.
    for (const [, target] of html.matchAll(/(?:href="#|popovertarget=")([^"]+)"/g)) expect(ids, target).toContain(target);
    // A link to a part goes to that part on this page.
    expect(html).toContain('<a href="#part-1">part one</a>');
  });

  it('starts each part on a new page when printed, and prints link targets', async () => {
    const { html } = await page('/series/saga/all');
    expect(html).toContain(STYLE);
    const print = /@media print\{(.*)\}$/.exec(STYLE)?.[1] ?? '';
    expect(print).toContain('.part{break-before:page}');
    expect(print).toMatch(/a\[href\^="\/"\]::after\{content:" \(" attr\(href\) "\)"/);
    expect(print).toMatch(/a\[href\^="http"\]::after\{content:" \(" attr\(href\) "\)"/);
  });

  it('is linked from the series page and from every part, with the e-book', async () => {
    for (const path of ['/series/saga', '/articles/part-two']) {
      const { html } = await page(path);
      expect(html).toContain('<a href="/series/saga.epub">Download the e-book</a>');
      expect(html).toContain('<a href="/series/saga/all">Read all parts on one page</a>');
    }
  });

  it('answers 404 for a series with no published parts, and for an unknown one', async () => {
    expect((await page('/series/empty/all')).status).toBe(404);
    expect((await page('/series/nothing-here/all')).status).toBe(404);
    expect((await page('/series/empty')).html).not.toContain('Download the e-book');
  });
});
