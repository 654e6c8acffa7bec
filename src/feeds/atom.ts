import { cdata, xml } from '../content/escape';
import type { Feed } from './items';

/** Atom 1.0 (RFC 4287). */
export function renderAtom(feed: Feed): string {
  const entries = feed.items.map((item) =>
    [
      '<entry>',
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
      `<content type="html">${cdata(item.html)}</content>`,
      '</entry>',
    ].join(''),
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${xml(feed.language)}">`,
    `<id>${xml(feed.self.atom)}</id>`,
    `<title>${xml(feed.title)}</title>`,
    `<subtitle>${xml(feed.description)}</subtitle>`,
    `<link rel="self" type="application/atom+xml" href="${xml(feed.self.atom)}"/>`,
    `<link rel="alternate" type="text/html" href="${xml(feed.home)}"/>`,
    `<updated>${feed.updated}</updated>`,
    `<author><name>${xml(feed.author)}</name></author>`,
    ...entries,
    '</feed>',
  ].join('\n');
}
