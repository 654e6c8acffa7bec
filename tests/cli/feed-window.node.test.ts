import { describe, expect, it } from 'vitest';
import { LONG_SERIES_BYTES, withFeedWindows } from '../../src/cli/feed-window';
import { decodeFeedItems, encodeRendered } from '../../src/content/framed';
import { hashOf, keptKey, manifestKey } from '../../src/content/keys';
import { leafKeys } from '../../src/content/name-index';
import type { Release } from '../../src/content/release';
import { feedBody } from '../../src/render/feed-body';
import { rendererId, renderMarkdown } from '../../src/render/markdown';
import { compile } from '../support/compile';
import { articleFile, contentFiles, generatedSite, seriesFile } from '../support/fixtures';

const JUNE = new Date('2026-06-01T00:00:00Z');
const JULY = new Date('2026-07-02T00:00:00Z');

/** Five articles due by June and one in July; a series of two parts, the second in July. */
function site() {
  const months = ['01', '02', '03', '04', '05', '07'];
  const articles = months.map((m, i) =>
    articleFile({
      slug: `in-${m}`,
      date: `2026-${m}-01`,
      body: `Written *in* month ${m}.`,
      ...(i >= 4 ? { series: 'saga', part: i - 3 } : {}),
    }),
  );
  return compile(contentFiles({ articles, series: [seriesFile('saga')] }));
}

/** The windows kept for `release` at `now`, decoded: the articles each holds, by key. */
async function windowsAt(release: Release, now: Date, options: { has?: Set<string>; budget?: number } = {}) {
  // Every series counts as long here: the series of this site is two short parts.
  const kept = await withFeedWindows(release, new Map(), { now, longSeries: 0, ...options });
  const slugs = kept.windows.map(([key, value]) => [key, decodeFeedItems(value)?.articles.map((a) => a.slug)] as const);
  const manifest = JSON.parse(kept.release.entries.get(manifestKey(release.root.id)) ?? '[]') as string[];
  return { kept, slugs, manifest };
}

describe('feed windows kept at publish', () => {
  it("holds the site's and each series' articles due at publish, named in the manifest", async () => {
    const release = await site();
    const { slugs, manifest } = await windowsAt(release, JUNE);
    // July's article is scheduled: in neither window in June.
    expect(slugs.map(([, articles]) => articles)).toEqual([['in-05', 'in-04', 'in-03', 'in-02', 'in-01'], ['in-05']]);
    for (const [key] of slugs) {
      expect(key.startsWith(`feed/${rendererId(release.root.site)}/`)).toBe(true);
      expect(manifest).toContain(key);
    }
    // Everything else the manifest named is still there, in order.
    const before = JSON.parse(release.entries.get(manifestKey(release.root.id)) ?? '') as string[];
    expect(manifest).toEqual([...before, ...slugs.map(([key]) => key)].sort());
    // Once July's article is due, both windows are others, with other keys.
    const july = await windowsAt(release, JULY);
    expect(july.slugs.map(([, articles]) => articles?.[0])).toEqual(['in-07', 'in-05']);
    expect(july.slugs[1][1]).toEqual(['in-05', 'in-07']);
    for (const [key] of july.slugs) expect(slugs.map(([k]) => k)).not.toContain(key);
  });

  it('carries each body as a feed carries it, taking the renders this publish made', async () => {
    const release = await site();
    const { kept } = await windowsAt(release, JUNE);
    const items = decodeFeedItems(kept.windows[0][1]);
    const newest = items?.articles[0];
    if (!newest) throw new Error('no newest article');
    const markdown = release.entries.get(newest.bodyKey) ?? '';
    expect(items?.html[0]).toBe(feedBody(renderMarkdown(markdown, release.root.site).html, newest, release.root.site));
    expect(items?.html[0]).toContain('<em>in</em> month 05');
    // A body rendered by this publish is taken as it is, not rendered again.
    const renderKey = keptKey('html', rendererId(release.root.site), hashOf(newest.bodyKey));
    const rendered = new Map([[renderKey, encodeRendered({ html: '<p>as rendered</p>', toc: [] })]]);
    const fromMap = await withFeedWindows(release, rendered, { now: JUNE, longSeries: 0 });
    expect(decodeFeedItems(fromMap.windows[0][1])?.html[0]).toBe('<p>as rendered</p>');
  });

  it('builds none the target has and at most the budget, naming only those the target will have', async () => {
    const release = await site();
    const all = await windowsAt(release, JUNE);
    const [site_, series] = all.slugs.map(([key]) => key);
    const had = await windowsAt(release, JUNE, { has: new Set([site_]) });
    expect(had.slugs.map(([key]) => key)).toEqual([series]);
    expect(had.manifest).toEqual(all.manifest);
    // The budget is for series' windows: the site's is kept however little is left.
    const none = await windowsAt(release, JUNE, { budget: 0 });
    expect(none.slugs.map(([key]) => key)).toEqual([site_]);
    expect(none.manifest).toContain(site_);
    expect(none.manifest).not.toContain(series);
    expect((await windowsAt(release, JUNE, { budget: 1 })).slugs.map(([key]) => key)).toEqual([site_, series]);
  });

  it("keeps a series' window only from `longSeries` bytes of markdown in its due parts", async () => {
    const release = await site();
    // In June the series has one due part: in-05.
    const due = release.bodies.find((b) => b.article?.slug === 'in-05');
    const bytes = release.entries.get(due?.key ?? '')?.length ?? 0;
    expect(bytes).toBeGreaterThan(0);
    const short = await withFeedWindows(release, new Map(), { now: JUNE, longSeries: bytes + 1 });
    expect(short.windows.map(([, value]) => decodeFeedItems(value)?.articles.length)).toEqual([5]); // the site's alone
    const long = await withFeedWindows(release, new Map(), { now: JUNE, longSeries: bytes });
    expect(long.windows.map(([, value]) => decodeFeedItems(value)?.articles.length)).toEqual([5, 1]);
    // By default, a series of two short parts is not long.
    expect((await withFeedWindows(release, new Map(), { now: JUNE })).windows).toHaveLength(1);
    expect(bytes).toBeLessThan(LONG_SERIES_BYTES);
  });

  it('keeps none for a site with nothing due yet', async () => {
    const release = await site();
    const { kept, manifest } = await windowsAt(release, new Date('2025-12-01T00:00:00Z'));
    expect(kept.windows).toEqual([]);
    expect(manifest).toEqual(JSON.parse(release.entries.get(manifestKey(release.root.id)) ?? ''));
  });

  it('keeps a window for every long series, whichever leaf of the name index holds it', async () => {
    const files = generatedSite(3000); // a series every 50 articles: 60 of them
    const release = await compile(files);
    expect(leafKeys(release.root.names, (key) => release.entries.get(key)).length).toBeGreaterThan(10);
    const { slugs } = await windowsAt(release, new Date());
    const seriesOf = new Map(
      release.bodies.flatMap(({ article }) => (article?.series ? [[article.slug, article.series.slug]] : [])),
    );
    const covered = slugs.slice(1).map(([, articles]) => seriesOf.get(articles?.[0] ?? ''));
    expect(new Set(covered).size).toBe(files.series.length);
    expect(covered).toHaveLength(files.series.length);
    expect(covered.includes(undefined)).toBe(false);
  });
});
