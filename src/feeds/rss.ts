import { cdataText, xml } from '../content/escape';
import type { Feed } from './items';

/**
 * RSS 2.0 (https://www.rssboard.org/rss-specification) with full text in content:encoded, as
 * pieces to send in order (`send`): each item's text is the kept body itself, neither joined into
 * the feed's string nor copied. (Built with `+=` into one rope instead, a 580 KB feed cost its
 * first request in a fresh process 8.0 ms against 4.6 joined.)
 */
export function renderRss(feed: Feed): string[] {
  const pieces = [
    [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">',
      '<channel>',
      `<title>${xml(feed.title)}</title>`,
      `<link>${xml(feed.home)}</link>`,
      `<atom:link href="${xml(feed.self.rss)}" rel="self" type="application/rss+xml"/>`,
      `<description>${xml(feed.description)}</description>`,
      `<language>${xml(feed.language)}</language>`,
      `<lastBuildDate>${new Date(feed.updated).toUTCString()}</lastBuildDate>`,
    ].join('\n'),
  ];
  for (const item of feed.items) {
    pieces.push(
      '\n<item>' +
        `<title>${xml(item.title)}</title>` +
        `<link>${xml(item.url)}</link>` +
        `<guid isPermaLink="true">${xml(item.id)}</guid>` +
        `<pubDate>${new Date(item.published).toUTCString()}</pubDate>` +
        `<dc:creator>${xml(feed.author)}</dc:creator>` +
        item.tags.map((t) => `<category>${xml(t)}</category>`).join('') +
        (item.series
          ? `<category domain="${xml(item.series.url)}">${xml(`${item.series.title}, part ${item.series.position}`)}</category>`
          : '') +
        (item.origin?.url ? `<source url="${xml(item.origin.url)}">${xml(item.origin.outlet)}</source>` : '') +
        `<description>${xml(item.summary)}</description>` +
        // The lead ends with a tag, so no `]]>` can form where it meets the text.
        `<content:encoded><![CDATA[${cdataText(item.lead)}`,
      cdataText(item.html),
      ']]></content:encoded></item>',
    );
  }
  pieces.push('\n</channel>\n</rss>');
  return pieces;
}
