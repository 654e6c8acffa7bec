import * as v from 'valibot';
import { decodeRendered, encodeFeedItems } from '../content/framed';
import { contentHash } from '../content/hash';
import { entryName, hashOf, keptKey, manifestKey } from '../content/keys';
import { leafKeyOf, leafKeys } from '../content/name-index';
import type { Release } from '../content/release';
import { scheduleAt } from '../content/schedule';
import { type ArticleSummary, type ChunkRef, entrySchema } from '../content/stored';
import { FEED_SIZE, feedWindowText, windowOf } from '../content/window';
import { feedBody } from '../render/feed-body';
import { renderersOf, renderMarkdown } from '../render/markdown';

/**
 * Feed windows kept at publish, as the worker would keep them on a feed's first request
 * (routes/parts/kept.ts): the site feed's newest articles and the parts of each long series, due
 * at `now`, with their bodies ready for a feed. A fresh release's first feed then reads one key
 * and builds nothing, within the free plan's CPU however long the bodies are (a 50,000-word
 * series' first Atom feed cost 11.7 ms to build, 4.7 ms kept). The release's manifest names them,
 * so prune and rollback treat them as the release's own. A shorter series' window costs its first
 * request about a millisecond to build, less than a KV write is worth (one article may write 25
 * keys at most): it is built then, as are tag feeds and a window that changes later (a scheduled
 * article falls due).
 */

/** Characters of markdown in a series' due parts (about 10,000 words) from which publish keeps its feed window. */
export const LONG_SERIES_BYTES = 64 * 1024;

interface Planned {
  key: string;
  articles: () => ArticleSummary[];
  /** The site feed's window: always kept, as the release's own entries are. */
  site?: true;
}

/** Every feed window `release` has at `now`, by key, and the articles each holds (read when asked). */
async function plannedWindows(release: Release, now: Date, longSeries: number): Promise<Planned[]> {
  const { root, entries } = release;
  const text = (key: string): string => {
    const value = entries.get(key);
    if (value === undefined) throw new Error(`release ${root.id} names ${key} but does not hold it`);
    return value;
  };
  const json = <T>(key: string): T => JSON.parse(text(key)) as T;
  const renderer = renderersOf(root).join('+');
  const keyOf = async (name: unknown) => keptKey('feed', renderer, await contentHash(feedWindowText(name)));
  const planned: Planned[] = [];
  const total = root.count - scheduleAt(root, now).hidden;
  if (total > 0) {
    const { refs, offset, name } = await windowOf(root.articles, total, FEED_SIZE, (keys) =>
      keys.map((k) => json<ChunkRef[]>(k)),
    );
    const articles = () =>
      refs
        .flatMap((r) => json<ArticleSummary[]>(r.key))
        .slice(offset, offset + name.count)
        .reverse();
    planned.push({ key: await keyOf(name), articles, site: true });
  }
  // A series' window is named by its due parts as the worker reads them: the entry checked by the
  // same schema (which sets the order of its fields), its parts due at `now` (published.ts). Which
  // series are long is known from the release's bodies: only the leaves holding those are read.
  const due = now.toISOString();
  const dueBytes = new Map<string, number>();
  for (const { key, article } of release.bodies) {
    if (!article?.series || article.date > due) continue;
    dueBytes.set(article.series.slug, (dueBytes.get(article.series.slug) ?? 0) + (entries.get(key)?.length ?? 0));
  }
  const read = (key: string) => entries.get(key);
  const holding = new Set(
    [...dueBytes].filter(([, bytes]) => bytes >= longSeries).map(([slug]) => leafKeyOf(root.names, entryName.series(slug), read)),
  );
  for (const leaf of leafKeys(root.names, read)) {
    if (!holding.has(leaf)) continue;
    for (const [name, raw] of Object.entries(JSON.parse(text(leaf)) as Record<string, unknown>)) {
      if (!name.startsWith('series:')) continue;
      const entry = v.parse(entrySchema, raw);
      if (entry.kind !== 'series') continue;
      const parts = entry.parts.filter((p) => p.date <= due);
      const bytes = parts.reduce((n, p) => n + (entries.get(p.bodyKey)?.length ?? 0), 0);
      if (parts.length > 0 && bytes >= longSeries) planned.push({ key: await keyOf({ parts }), articles: () => parts });
    }
  }
  return planned;
}

/**
 * The feed windows of `release` the target lacks (`has` holds its keys), built: the site's always
 * (one write, counted with the release's own), then those of series with `longSeries` bytes of
 * markdown or more, at most `budget` of them (the rest are built by their first request). And the
 * release, its manifest naming every window it will have. `rendered` holds the values this publish
 * rendered (key → encoded); a body an earlier publish rendered is rendered again here, as it was
 * then: the renderer is pure.
 */
export async function withFeedWindows(
  release: Release,
  rendered: ReadonlyMap<string, string>,
  { now = new Date(), has = new Set<string>(), budget = Number.POSITIVE_INFINITY, longSeries = LONG_SERIES_BYTES } = {},
): Promise<{ release: Release; windows: [string, string][] }> {
  const { root, entries } = release;
  const planned = await plannedWindows(release, now, longSeries);
  const renderer = renderersOf(root)[0];
  // A body's feed form depends on its article's address too (links are made absolute against it).
  const bodies = new Map<string, string>();
  const bodyOf = (article: ArticleSummary): string => {
    const id = `${article.slug} ${article.bodyKey}`;
    let body = bodies.get(id);
    if (body === undefined) {
      const kept = decodeRendered(rendered.get(keptKey('html', renderer, hashOf(article.bodyKey))));
      const html = kept?.html ?? renderMarkdown(entries.get(article.bodyKey) ?? '', root.site).html;
      body = feedBody(html, article, root.site);
      bodies.set(id, body);
    }
    return body;
  };
  const windows: [string, string][] = [];
  const kept = new Set<string>();
  let spent = 0;
  for (const { key, articles, site } of planned) {
    if (kept.has(key)) continue;
    if (!has.has(key)) {
      if (!site && spent >= budget) continue;
      if (!site) spent++;
      const list = articles();
      windows.push([key, encodeFeedItems({ articles: list, html: list.map(bodyOf) })]);
    }
    kept.add(key);
  }
  const manifest = manifestKey(root.id);
  const named = withKeys(JSON.parse(entries.get(manifest) ?? '[]') as string[], kept);
  const withManifest = new Map(entries).set(manifest, JSON.stringify(named));
  return { release: { ...release, entries: withManifest }, windows };
}

/** A manifest's keys with `more`, sorted and each once; a release's manifest comes sorted, and few are added. */
function withKeys(listed: string[], more: Iterable<string>): string[] {
  if (!listed.every((key, i) => i === 0 || listed[i - 1] < key)) return [...new Set([...listed, ...more])].sort();
  const at = (key: string) => {
    let [lo, hi] = [0, listed.length];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (listed[mid] < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const added = [...new Set(more)].filter((key) => listed[at(key)] !== key).sort();
  if (added.length === 0) return listed;
  const out: string[] = [];
  let from = 0;
  for (const key of added) {
    const to = at(key);
    for (let i = from; i < to; i++) out.push(listed[i]);
    out.push(key);
    from = to;
  }
  for (let i = from; i < listed.length; i++) out.push(listed[i]);
  return out;
}
