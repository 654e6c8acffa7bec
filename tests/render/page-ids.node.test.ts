import { describe, expect, it } from 'vitest';
import { PAGE_IDS } from '../../src/render/links';
import { compile } from '../support/compile';
import { articleFile, contentFiles, seriesFile } from '../support/fixtures';
import { inMemory } from '../support/memory-app';

// Every id the article page puts around its body, from a page that has all its optional parts:
// a series box, corrections, related reading, the Cite block. The link check trusts PAGE_IDS.
describe('the ids of the page template', () => {
  it('are exactly the ones the link check accepts as #anchors besides the body', async () => {
    const tagged = (slug: string, extra = '') =>
      articleFile({
        slug,
        tags: ['harbours'],
        series: slug === 'a' ? 's' : undefined,
        part: 1,
        extra,
        body: 'Harbours and tides.[^1]\n\n[^1]: A note.',
      });
    const release = await compile(
      contentFiles({
        articles: [tagged('a', 'corrections:\n  - date: 2026-01-02\n    note: "A fix."'), tagged('b')],
        series: [seriesFile('s')],
      }),
    );
    const html = await (await inMemory(release, { edgeCache: false }).request('/articles/a')).text();
    // The body (notes, sidenotes, headings) is followed by the corrections on this page.
    const outside = html.slice(0, html.indexOf('<div class="body">')) + html.slice(html.indexOf('<section class="corrections"'));
    const ids = new Set(Array.from(outside.matchAll(/\sid="([^"]+)"/g), (m) => m[1]));
    expect(html).toContain('id="site:related"');
    expect([...ids].sort()).toEqual([...PAGE_IDS].sort());
  });
});
