import { encodeRendered } from '../content/framed';
import { contentHash } from '../content/hash';
import { chapterKeyHash, hashOf, keptKey, manifestKey, type RenderedKind, releaseKey } from '../content/keys';
import { type Release, sealRelease } from '../content/release';
import type { ArticleSummary, Root } from '../content/stored';
import { buildChapter, chapterCodec, chapterName } from '../ebook/chapter';
import { rendererId, renderMarkdown } from '../render/markdown';
import { withFeedWindows } from './feed-window';

/**
 * Rendering at publish: every body (articles, series synopses, pages) as HTML and every series
 * part's e-book chapter, once per content hash and renderer version, uploaded beside the release
 * under the keys the worker reads (`html/<renderer>/…`, `chapter/<renderer>/…`). The worker
 * renders nothing. A new renderer version is rolled out within a write budget: bodies with only
 * an older render keep being served from it (the root names every version in use, newest first)
 * and are rendered again a budget at a time, by later publishes.
 */

type Site = Root['site'];

/** A value to render: a body's HTML or a part's chapter, named by `hash` under a renderer. */
interface Item {
  kind: RenderedKind;
  hash: string;
  body: Release['bodies'][number];
}

/** A body to render now, and which of its values to keep (by key). */
export interface BodyToRender {
  markdown: string;
  htmlKey?: string;
  chapter?: { key: string; part: ArticleSummary; parts: Map<string, number> };
}

/** The one CPU-heavy step of publishing, pure: each body rendered once, and its values encoded for KV. */
export function renderBodies(list: BodyToRender[], site: Site): [string, string][] {
  const out: [string, string][] = [];
  for (const { markdown, htmlKey, chapter } of list) {
    const rendered = renderMarkdown(markdown, site);
    if (htmlKey) out.push([htmlKey, encodeRendered(rendered)]);
    if (chapter?.part.series) {
      const part = { ...chapter.part, series: chapter.part.series };
      const built = buildChapter({ site, part, html: rendered.html, parts: chapter.parts });
      out.push([chapter.key, chapterCodec.encode(built) as string]);
    }
  }
  return out;
}

// `r4s`: version 4, safe mode (rendererId). Only a render of the same mode can stand in for another.
const VERSION = /^r(\d+)([a-z]*)$/;

function olderThan(current: string): (other: string) => boolean {
  const [, number, mode] = VERSION.exec(current) ?? [];
  return (other) => {
    const [, n, m] = VERSION.exec(other) ?? [];
    return n !== undefined && m === mode && Number(n) < Number(number);
  };
}

const byNewest = (a: string, b: string) => Number(VERSION.exec(b)?.[1]) - Number(VERSION.exec(a)?.[1]);

export interface RenderPlan {
  /** The release to publish: its root names the renderers in use when more than the current one. */
  release: Release;
  /** What to render now. */
  bodies: BodyToRender[];
  /** Values to write: one per key of `bodies`. */
  writes: number;
  /** Bodies still served from an older render after this publish, and those renders' versions. */
  behind: { bodies: number; total: number; versions: string[] };
}

export interface PlanOptions {
  /** The renderer version to render with; the worker's own by default (tests inject another). */
  renderer?: string;
  /** Writes this publish may spend on rendering: new values first, then ones an older renderer made. */
  budget?: number;
}

/**
 * What `release` needs rendered on a target holding `existing` keys: every value missing under
 * every renderer; then, while `budget` lasts, values only an older renderer made, oldest body
 * first in release order.
 */
export async function planRenders(release: Release, existing: Set<string>, options: PlanOptions = {}): Promise<RenderPlan> {
  const site = release.root.site;
  const renderer = options.renderer ?? rendererId(site);
  const budget = options.budget ?? Number.POSITIVE_INFINITY;
  const parts = new Map<string, Map<string, number>>();
  for (const { article } of release.bodies) {
    if (!article?.series) continue;
    const series = parts.get(article.series.slug) ?? new Map<string, number>();
    series.set(article.slug, article.series.part);
    parts.set(article.series.slug, series);
  }
  // Two bodies with the same text share their values.
  const items = new Map<string, Item>();
  for (const body of release.bodies) {
    const add = (item: Item) => items.has(`${item.kind}/${item.hash}`) || items.set(`${item.kind}/${item.hash}`, item);
    add({ kind: 'html', hash: hashOf(body.key), body });
    if (body.article?.series)
      add({ kind: 'chapter', hash: chapterKeyHash(body.key, await contentHash(chapterName(site, body.article))), body });
  }
  // Which renderers each kept value exists under on the target.
  const older = olderThan(renderer);
  const renders = new Map<string, string[]>();
  for (const key of existing) {
    // Most keys are neither (a large site has hundreds of thousands): no split for those.
    if (!key.startsWith('html/') && !key.startsWith('chapter/')) continue;
    const [kind, version, hash] = key.split('/');
    if ((kind === 'html' || kind === 'chapter') && hash && older(version)) {
      const name = `${kind}/${hash}`;
      renders.set(name, [...(renders.get(name) ?? []), version]);
    }
  }
  const fresh: Item[] = [];
  const stale: { item: Item; version: string }[] = [];
  for (const item of items.values()) {
    if (existing.has(keptKey(item.kind, renderer, item.hash))) continue;
    const versions = renders.get(`${item.kind}/${item.hash}`);
    if (versions) stale.push({ item, version: versions.sort(byNewest)[0] });
    else fresh.push(item);
  }
  const again = stale.slice(0, Math.max(0, budget - fresh.length));
  const left = stale.slice(again.length);
  const toRender = [...fresh, ...again.map((s) => s.item)];
  const versions = [...new Set(left.map((s) => s.version))].sort(byNewest);
  const bodies = new Map<string, BodyToRender>();
  for (const { kind, hash, body } of toRender) {
    const task = bodies.get(body.key) ?? { markdown: release.entries.get(body.key) ?? '' };
    const key = keptKey(kind, renderer, hash);
    if (kind === 'html') task.htmlKey = key;
    else if (body.article?.series)
      task.chapter = { key, part: body.article, parts: parts.get(body.article.series.slug) ?? new Map() };
    bodies.set(body.key, task);
  }
  const behind = { bodies: new Set(left.map((s) => s.item.body.key)).size, total: release.bodies.length, versions };
  return {
    release: await naming(release, [renderer, ...versions]),
    bodies: [...bodies.values()],
    writes: toRender.length,
    behind,
  };
}

/** The release with its root naming `renderers`, unless they are the worker's own version alone. */
async function naming(release: Release, renderers: string[]): Promise<Release> {
  const { id, renderers: _, ...root } = release.root;
  const own = renderers.length === 1 && renderers[0] === rendererId(root.site);
  if (own && release.root.renderers === undefined) return release;
  const entries = new Map([...release.entries].filter(([key]) => key !== releaseKey(id) && key !== manifestKey(id)));
  return sealRelease(own ? root : { ...root, renderers }, entries, release.bodies);
}

/**
 * A release with every value rendered and its feed windows kept, as a publish to an empty
 * namespace uploads it: for the test support and the benchmark, which put a release's entries in
 * KV themselves.
 */
export async function withRenders(release: Release, options: PlanOptions = {}): Promise<Release> {
  const plan = await planRenders(release, new Set(), options);
  const rendered = renderBodies(plan.bodies, release.root.site);
  const kept = await withFeedWindows(plan.release, new Map(rendered));
  return { ...kept.release, entries: new Map([...kept.release.entries, ...rendered, ...kept.windows]) };
}
