import type { Feed } from './items';

/** JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/); `_quire` carries the series position. */
export function renderJsonFeed(feed: Feed): string {
  return JSON.stringify({
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
      content_html: item.lead + item.html,
      summary: item.summary,
      date_published: item.published,
      date_modified: item.modified,
      tags: item.tags,
      _quire: item.series
        ? { series: item.series.title, series_url: item.series.url, position: item.series.position }
        : undefined,
    })),
  });
}
