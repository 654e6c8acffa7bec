import { cdataText, xml } from '../content/escape';
import type { Feed } from './items';

/**
 * Atom 1.0 (RFC 4287), as pieces to send in order (`send`): each entry's text is the kept body
 * itself, neither joined into the feed's string nor copied (a feed is 20 bodies).
 */
export function renderAtom(feed: Feed): string[] {
  const pieces = [
    [
      '<?xml version="1.0" encoding="UTF-8"?>',
      `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${xml(feed.language)}">`,
      `<id>${xml(feed.self.atom)}</id>`,
      `<title>${xml(feed.title)}</title>`,
      `<subtitle>${xml(feed.description)}</subtitle>`,
      `<link rel="self" type="application/atom+xml" href="${xml(feed.self.atom)}"/>`,
      `<link rel="alternate" type="text/html" href="${xml(feed.home)}"/>`,
      `<updated>${feed.updated}</updated>`,
      `<author><name>${xml(feed.author)}</name></author>`,
    ].join('\n'),
  ];
  for (const item of feed.items) {
    pieces.push(
      [
        '\n<entry>',
        `<id>${xml(item.id)}</id>`,
        `<title>${xml(item.title)}</title>`,
        `<link rel="alternate" type="text/html" href="${xml(item.url)}"/>`,
        `<published>${item.published}</published>`,
        `<updated>${item.modified ?? item.published}</updated>`,
        ...item.tags.map((t) => `<category term="${xml(t)}"/>`),
        item.series
          ? `<category term="${xml(item.series.url)}" label="${xml(`${item.series.title}, part ${item.series.position}`)}"/>`
          : '',
        // RFC 4287 §4.2.7.2: "via" names the resource the entry's content came from.
        item.origin?.url ? `<link rel="via" href="${xml(item.origin.url)}" title="${xml(item.origin.outlet)}"/>` : '',
        `<summary>${xml(item.summary)}</summary>`,
        // The lead ends with a tag, so no `]]>` can form where it meets the text.
        `<content type="html"><![CDATA[${cdataText(item.lead)}`,
      ].join(''),
      cdataText(item.html),
      ']]></content></entry>',
    );
  }
  pieces.push('\n</feed>');
  return pieces;
}
