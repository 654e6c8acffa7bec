/**
 * What the render layer keeps per isolate (render/parts.tsx's list entries, render/layout.tsx's
 * parts of the shell that depend on the site alone) must never show in a page: a page composed
 * from kept parts is byte for byte the page rendered afresh, and nothing that can still change is kept.
 */
import { jsx } from 'hono/jsx';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ArticleSummary, Root } from '../../src/content/stored';
import { Layout } from '../../src/render/layout';
import { document, renderListPage } from '../../src/render/pages';
import { deepFreeze } from '../../src/store/parse';
import { compile } from '../support/compile';
import { contentFiles } from '../support/fixtures';

type Site = Root['site'];

let realSite: Site;
beforeAll(async () => {
  realSite = (await compile(contentFiles())).root.site;
});

/** The test site's settings, with a title and author that need escaping. */
const site = (): Site => ({ ...realSite, title: 'Kept & <Shown>', author: 'Ada <Tester>' });

const summaries = (): ArticleSummary[] =>
  Array.from({ length: 12 }, (_, i) => ({
    slug: `article-${i}`,
    title: `Article ${i} <b>&</b> "quoted"`,
    date: `2026-0${1 + (i % 9)}-1${i % 10}T00:00:00.000Z`,
    summary: `What article ${i} says, <i>escaped</i>.`,
    tags: ['history'],
    words: 230 * (i + 1),
    bodyKey: `body/${i}`,
    ...(i % 3 === 0 ? { series: { slug: 'the-war', title: 'The <War>', part: i / 3 + 1 } } : {}),
  }));

const listPage = (s: Site, articles: ArticleSummary[]) => renderListPage({ site: s, path: '/', articles, older: '/page/2' });
const shell = (s: Site, query?: string) => document(jsx(Layout, { site: s, path: '/search', query }, '') as never);

describe('parts kept per isolate', () => {
  it('composes a list page from kept entries and shell parts byte for byte as a fresh render', () => {
    const fresh = listPage(site(), summaries());
    const frozenSite = deepFreeze(site());
    const frozen = deepFreeze(summaries());
    expect(listPage(frozenSite, frozen), 'the first render, which keeps the parts').toBe(fresh);
    expect(listPage(frozenSite, frozen), 'the second, from what was kept').toBe(fresh);
    expect(fresh).toContain('Article 3 &lt;b&gt;&amp;&lt;/b&gt; &quot;quoted&quot;');
    expect(fresh).toContain('© Ada &lt;Tester&gt;');
    expect(fresh).not.toContain('<b>');
  });

  it('keeps nothing that can still change: a summary or site changed in place renders as changed', () => {
    const s = site();
    const articles = summaries();
    listPage(s, articles);
    articles[0].title = 'A new title';
    s.author = 'Someone Else';
    const again = listPage(s, articles);
    expect(again).toContain('A new title');
    expect(again).toContain('© Someone Else');
    expect(again).not.toContain('Ada &lt;Tester&gt;');
  });

  it('gives the query to the results page alone, never to the header other pages share', () => {
    const s = deepFreeze(site());
    const plain = shell(s);
    const withQuery = shell(s, 'war <and> peace');
    expect(withQuery).toContain('value="war &lt;and&gt; peace"');
    expect(shell(s), 'a page after a results page').toBe(plain);
    expect(plain).not.toContain('value=');
    expect(withQuery.replace(' value="war &lt;and&gt; peace"', '')).toBe(plain);
  });
});
