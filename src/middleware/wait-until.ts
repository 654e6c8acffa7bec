import type { Context } from 'hono';

/** Work that may finish after the response (a cache put, a KV write-back). */
export function waitUntil(c: Context, work: Promise<unknown>): void {
  try {
    c.executionCtx.waitUntil(work);
  } catch {
    // No execution context (a plain app.request in a script): the work still runs; nothing waits for it.
  }
}
