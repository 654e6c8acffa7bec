import type { Context } from 'hono';
import type { AppEnv } from '../env';

/** `Cache-Tag` names what a page shows, so a purge by tag can be exact. */
export function cacheTags(c: Context<AppEnv>, tags: string[]): void {
  c.header('Cache-Tag', [`release:${c.var.root.id}`, ...tags].join(','));
}
