import type { Context } from 'hono';
import * as v from 'valibot';
import { renderedKey } from '../content/keys';
import { type Rendered, renderedSchema } from '../content/layout';
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
 * Many rendered bodies at once, for feeds: one KV operation for the rendered copies, one more
 * for any markdown never rendered yet (those are rendered here and kept, as for a page).
 */
export async function renderedBodies(c: Context<AppEnv>, bodyKeys: string[]): Promise<string[]> {
  const { store, release } = c.var;
  const renderer = rendererId(release.site);
  const kept = await store.many(bodyKeys.map((k) => renderedKey(renderer, k)));
  const html = new Map<string, string>();
  for (const key of bodyKeys) {
    const parsed = v.safeParse(renderedSchema, jsonOrNull(kept.get(renderedKey(renderer, key))));
    if (parsed.success) html.set(key, parsed.output.html);
  }
  const missing = bodyKeys.filter((k) => !html.has(k));
  if (missing.length > 0) {
    const sources = await store.many(missing);
    for (const key of missing) {
      const markdown = sources.get(key);
      if (markdown == null) throw new StoreError(`release ${release.id} names ${key}, but KV does not have it`);
      const rendered = renderMarkdown(markdown, release.site);
      html.set(key, rendered.html);
      later(c, store.saveRendered(renderer, key, rendered));
    }
  }
  return bodyKeys.map((k) => html.get(k) ?? '');
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

/** A rendered copy that is missing or damaged is simply rendered again. */
function jsonOrNull(text: string | null | undefined): unknown {
  try {
    return text == null ? null : JSON.parse(text);
  } catch {
    return null;
  }
}
