import type { Feed, FeedItem } from './items';

/** JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/); `_quire` carries the series position. */
const feedJson = (feed: Feed, text: (item: FeedItem) => string): string =>
  JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: feed.title,
    home_page_url: feed.home,
    feed_url: feed.self.json,
    description: feed.description,
    language: feed.language,
    authors: [{ name: feed.author }],
    items: feed.items.map((item) => ({
      id: item.id,
      url: item.url,
      external_url: item.origin?.url,
      title: item.title,
      content_html: text(item),
      summary: item.summary,
      date_published: item.published,
      date_modified: item.modified,
      tags: item.tags,
      _quire: item.series
        ? { series: item.series.title, series_url: item.series.url, position: item.series.position }
        : undefined,
    })),
  });

// Stands for each item's text in the feed's JSON (a field that holds it too: the feed is given whole).
const TEXT = '\u0000quire:text\u0000';

/**
 * The JSON Feed as pieces to send in order (`send`): each item's text is escaped into a piece of
 * its own, not joined with the others into the feed's string (a feed is 20 bodies). A feed whose
 * fields spell out the stand-in is given whole.
 */
export function renderJsonFeed(feed: Feed): string[] {
  const around = feedJson(feed, () => TEXT).split(JSON.stringify(TEXT));
  if (around.length !== feed.items.length + 1) return [feedJson(feed, (item) => item.lead + item.html)];
  const pieces = [around[0]];
  feed.items.forEach((item, i) => {
    pieces.push(JSON.stringify(item.lead + item.html), around[i + 1]);
  });
  return pieces;
}
