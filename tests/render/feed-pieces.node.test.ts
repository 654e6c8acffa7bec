/**
 * Feeds are sent as pieces, each item's text a piece of its own (`renderRss`, `renderAtom`,
 * `renderJsonFeed`): what a reader gets is their concatenation, which must be the feed itself.
 */
import { describe, expect, it } from 'vitest';
import { renderAtom } from '../../src/feeds/atom';
import type { Feed, FeedItem } from '../../src/feeds/items';
import { renderJsonFeed } from '../../src/feeds/json';
import { renderRss } from '../../src/feeds/rss';

const item = (n: number, html: string, lead = ''): FeedItem => ({
  id: `https://blog.example/articles/a-${n}`,
  url: `https://blog.example/articles/a-${n}`,
  title: `“Title” ${n} <&>`,
  summary: `Summary ${n}`,
  lead,
  html,
  published: `2026-0${n}-01T00:00:00.000Z`,
  tags: ['history'],
});

const feed = (items: FeedItem[], title = 'Quire'): Feed => ({
  title,
  description: 'Essays',
  language: 'en',
  author: 'A. Writer',
  home: 'https://blog.example/',
  self: { rss: 'https://blog.example/feed.xml', atom: 'https://blog.example/atom.xml', json: 'https://blog.example/feed.json' },
  updated: '2026-02-01T00:00:00.000Z',
  items,
});

const items = [
  item(1, '<p>Code: <code>a[b[0]]>c</code> and ]]> again — “é” 🏛️</p>', '<p><em>Part 1 of <a href="x">S</a></em></p>'),
  item(2, '<p>Plain.</p>'),
];

// The text of each CDATA section, its `]]]]><![CDATA[>` splits undone.
const cdataTexts = (xml: string): string[] =>
  [...xml.matchAll(/<!\[CDATA\[([\s\S]*?)\]\]>(?!<!\[CDATA\[>)/g)].map((m) => m[1].replaceAll(']]]]><![CDATA[>', ']]>'));

describe('feeds as pieces', () => {
  it('RSS and Atom carry each text whole, `]]>` in it split across CDATA sections', () => {
    for (const render of [renderRss, renderAtom]) {
      const pieces = render(feed(items));
      // Each item's text is a piece of its own: the kept string itself when it holds no `]]>`.
      expect(pieces).toContain(items[1].html);
      const xml = pieces.join('');
      expect(cdataTexts(xml)).toEqual(items.map((i) => i.lead + i.html));
      expect(xml).toContain('<title>“Title” 1 &lt;&amp;&gt;</title>');
    }
  });

  it('the JSON Feed is one JSON document, each text escaped in a piece of its own', () => {
    const pieces = renderJsonFeed(feed(items));
    expect(pieces).toHaveLength(2 * items.length + 1);
    const parsed = JSON.parse(pieces.join(''));
    expect(parsed.items.map((i: { content_html: string }) => i.content_html)).toEqual(items.map((i) => i.lead + i.html));
    expect(parsed.items[0]).toMatchObject({ id: items[0].id, title: items[0].title, tags: ['history'] });
    expect(parsed.items[0]).not.toHaveProperty('date_modified');
    // A field that spells out the stand-in for a text is carried as written: the feed is given whole.
    const odd = feed(items, '\u0000quire:text\u0000');
    const whole = renderJsonFeed(odd);
    expect(whole).toHaveLength(1);
    expect(JSON.parse(whole[0]).title).toBe('\u0000quire:text\u0000');
    expect(JSON.parse(whole[0]).items[1].content_html).toBe(items[1].html);
  });
});
