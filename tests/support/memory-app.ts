import { type AppOptions, createApp } from '../../src/app';
import { withRenders } from '../../src/cli/prerender';
import { isSourceKey } from '../../src/content/keys';
import type { Release } from '../../src/content/release';

/** A Map standing in for the KV binding (the subset of its API the store uses), counting its calls. */
export function memoryKV(entries: Map<string, string | Uint8Array>) {
  const text = (v: string | Uint8Array) => (typeof v === 'string' ? v : new TextDecoder().decode(v));
  const calls: string[][] = [];
  const get = async (key: string | string[], options?: unknown) => {
    calls.push(Array.isArray(key) ? key : [key]);
    if (Array.isArray(key)) return new Map(key.map((k) => [k, entries.has(k) ? text(entries.get(k) as string) : null]));
    const value = entries.get(key);
    if (value === undefined) return null;
    if (options === 'arrayBuffer') return (typeof value === 'string' ? new TextEncoder().encode(value) : value).slice().buffer;
    return text(value);
  };
  const put = async (key: string, value: string | Uint8Array) => {
    entries.set(key, value);
  };
  return { binding: { get, put } as unknown as KVNamespace, calls };
}

/** The app over a release held in memory, in Node: for tests and tools that need no workerd. */
export function inMemory(release: Release, options: AppOptions = {}) {
  // What `quire publish` uploads: markdown stays out of KV.
  const entries = new Map<string, string | Uint8Array>([...release.entries].filter(([key]) => !isSourceKey(key)));
  const kv = memoryKV(entries);
  const app = createApp(release.root, options);
  // What `quire publish` renders and uploads beside the release.
  const rendered = withRenders(release).then((full) => {
    for (const [key, value] of full.entries) if (!isSourceKey(key)) entries.set(key, value);
  });
  async function request(path: string): Promise<Response> {
    await rendered;
    const pending: Promise<unknown>[] = [];
    const ctx = { waitUntil: (p: Promise<unknown>) => pending.push(p), passThroughOnException() {}, props: {} };
    const res = await app.fetch(
      new Request(`https://blog.example${path}`),
      { CONTENT: kv.binding } as Env,
      ctx as unknown as ExecutionContext,
    );
    await Promise.all(pending);
    return res;
  }
  return { request, calls: kv.calls };
}
