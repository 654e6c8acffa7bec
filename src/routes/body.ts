import type { Context } from 'hono';
import type { Rendered } from '../content/layout';
import { rendererId, renderMarkdown } from '../render/markdown';
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
  const saving = store.saveRendered(renderer, bodyKey, rendered).catch(() => undefined);
  try {
    c.executionCtx.waitUntil(saving);
  } catch {
    // Without an execution context the write still runs; nothing waits for it.
  }
  return rendered;
}

/** `Cache-Tag` names what a page shows, so a purge by tag can be exact. */
export function cacheTags(c: Context<AppEnv>, tags: string[]): void {
  c.header('Cache-Tag', [`release:${c.var.release.id}`, ...tags].join(','));
}
