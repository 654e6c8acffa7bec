import type { Context } from 'hono';
import { decodeRendered } from '../content/framed';
import { renderedKey } from '../content/keys';
import type { Rendered } from '../content/layout';
import { rendererId, renderMarkdown } from '../render/markdown';
import { StoreError } from '../store/release-store';
import type { AppEnv } from './env';

/**
 * A markdown body as HTML. Rendering a long essay costs most of a free-plan request, so it is
 * done once per body and renderer anywhere in the world, then kept in KV for every later miss.
 */
export async function renderedBody(c: Context<AppEnv>, bodyKey: string): Promise<Rendered> {
  const { store, release } = c.var;
  const renderer = rendererId(release.site);
  const kept = await store.rendered(renderer, bodyKey);
  if (kept) return kept;
  const rendered = renderMarkdown(await store.markdown(bodyKey), release.site);
  later(c, store.saveRendered(renderer, bodyKey, rendered));
  return rendered;
}

/** `Cache-Tag` names what a page shows, so a purge by tag can be exact. */
export function cacheTags(c: Context<AppEnv>, tags: string[]): void {
  c.header('Cache-Tag', [`release:${c.var.release.id}`, ...tags].join(','));
}

/**
 * A feed needs bodies that were never rendered (a fresh release, before readers visited them):
 * rendering is about 1 ms per 1,000 words, so one request renders at most this many words, keeps
 * them, and asks the client to come back; the next request finds them rendered.
 */
export const RENDER_BUDGET_WORDS = 6000;

/** Thrown when a request has rendered its share; the app answers 503 with Retry-After. */
export class StillRendering extends Error {
  override name = 'StillRendering';
}

/**
 * Many rendered bodies at once, for feeds: one KV operation for the rendered copies, one more
 * for any markdown never rendered yet (rendered here within the budget, and kept, as for a page).
 */
export async function renderedBodies(c: Context<AppEnv>, bodies: { body: string; words: number }[]): Promise<string[]> {
  const { store, release } = c.var;
  const renderer = rendererId(release.site);
  const kept = store.keeps ? await store.many(bodies.map((b) => renderedKey(renderer, b.body))) : new Map();
  const html = new Map<string, string>();
  for (const { body } of bodies) {
    const rendered = decodeRendered(kept.get(renderedKey(renderer, body)));
    if (rendered) html.set(body, rendered.html);
  }
  const missing = bodies.filter((b) => !html.has(b.body));
  if (missing.length === 0) return bodies.map((b) => html.get(b.body) ?? '');
  const sources = await store.many(missing.map((b) => b.body));
  let words = 0;
  for (const { body, words: count } of missing) {
    // The budget is there because rendered bodies are kept; a store that keeps nothing renders all.
    if (store.keeps && words > 0 && words + count > RENDER_BUDGET_WORDS)
      throw new StillRendering(`${missing.length} bodies to render`);
    const markdown = sources.get(body);
    if (markdown == null) throw new StoreError(`release ${release.id} names ${body}, but KV does not have it`);
    const rendered = renderMarkdown(markdown, release.site);
    html.set(body, rendered.html);
    later(c, store.saveRendered(renderer, body, rendered));
    words += count;
  }
  return bodies.map((b) => html.get(b.body) ?? '');
}

/** Work that may finish after the response (a KV write-back); it never fails the request. */
export function later(c: Context<AppEnv>, work: Promise<unknown>): void {
  const quiet = work.catch(() => undefined);
  try {
    c.executionCtx.waitUntil(quiet);
  } catch {
    // Without an execution context the work still runs; nothing waits for it.
  }
}
