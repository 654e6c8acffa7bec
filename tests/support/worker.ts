import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { type AppOptions, createApp } from '../../src/app';
import { withRenders } from '../../src/cli/prerender';
import { isSourceKey } from '../../src/content/keys';
import type { ContentFiles } from '../../src/content/model';
import type { Release } from '../../src/content/release';
import { compile } from './compile';

/** Compile content inside workerd (the content layer is runtime-free) and put it in this file's KV. */
export async function publish(
  files: ContentFiles,
  kv: KVNamespace = env.CONTENT,
  options: { drafts?: boolean } = {},
): Promise<Release> {
  const release = await withRenders(await compile(files, options));
  // What `quire publish` uploads: markdown stays out of KV.
  const uploaded = [...release.entries].filter(([key]) => !isSourceKey(key));
  await Promise.all(uploaded.map(([key, value]) => kv.put(key, value)));
  return release;
}

/** A site compiled, put into this file's KV and served by a fresh app: the usual first step of a test. */
export async function useSite(files: ContentFiles, { drafts, ...options }: AppOptions & { drafts?: boolean } = {}) {
  const release = await publish(files, env.CONTENT, { drafts });
  return { release, app: createApp(release.root, options) };
}

/** A KV binding that records every key read through it, and can be made to fail. */
export function countingKV(kv: KVNamespace = env.CONTENT) {
  const reads: string[] = [];
  /** KV operations, one entry per call: a bulk get is one round trip however many keys it names. */
  const calls: string[][] = [];
  const state = { failing: false };
  const binding = new Proxy(kv, {
    get(target, property) {
      if (property === 'get') {
        return (key: string | string[], options?: unknown) => {
          // A bulk get reads every key it names: each one counts.
          reads.push(...(Array.isArray(key) ? key : [key]));
          calls.push(Array.isArray(key) ? key : [key]);
          if (state.failing) return Promise.reject(new Error('KV is down'));
          return Array.isArray(key) ? target.get(key, 'text') : target.get(key, options as KVNamespaceGetOptions<'text'>);
        };
      }
      const value = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { binding, reads, calls, state };
}

export type App = ReturnType<typeof createApp>;

/** Request a path from an app the way the runtime does, waiting for its `waitUntil` work. */
export async function request(app: App, path: string, init: RequestInit = {}, kv: KVNamespace = env.CONTENT): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(`https://blog.example${path}`, init), { CONTENT: kv }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

/** Read the response's body as text, and how many KV keys producing it read. */
export async function countReads(app: App, counter: ReturnType<typeof countingKV>, path: string, init: RequestInit = {}) {
  const before = counter.reads.length;
  const callsBefore = counter.calls.length;
  const res = await request(app, path, init, counter.binding);
  // Decoded by hand: workerd warns when `.text()` reads a type it does not know as text (RIS).
  const body = init.method === 'HEAD' ? '' : new TextDecoder().decode(await res.arrayBuffer());
  return { res, body, reads: counter.reads.slice(before), calls: counter.calls.slice(callsBefore) };
}

export { createApp };
