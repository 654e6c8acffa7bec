/**
 * The worker the benchmark serves, in one of three modes (a `MODE` binding), around the very
 * module a deployment runs (src/index.ts) and the same release:
 *   quire  – src/index.ts as deployed: memory, then the Cache API, then KV;
 *   app    – the app without the memory layer: Cache API hits, or (with miniflare's cache off) all misses;
 *   naive  – the app with caching switched off and nothing kept: markdown read and rendered each time.
 * Every KV key read is counted; GET /__bench/reads answers the count so far. With KV_IN_MEMORY
 * set, values come from memory after their first read (for measuring the worker's own CPU). With
 * CACHE_API=none, the Cache API is the one workers.dev has, which keeps nothing (`noCacheApi`).
 */
import * as v from 'valibot';
import { createApp } from '../src/app';
import { rootSchema } from '../src/content/stored';
import releaseJson from '../src/generated/release.json';
import quire from '../src/index';
import { forgetfulStore } from '../src/store/release-store';

type BenchEnv = Env & { MODE: Mode; KV_IN_MEMORY?: string; CACHE_API?: 'none' };
export type Mode = 'quire' | 'app' | 'naive';

const release = v.parse(rootSchema, releaseJson);
const app = createApp(release);
const naive = createApp(release, { store: forgetfulStore, edgeCache: false });
let reads = 0;
let counted: { source: BenchEnv; env: BenchEnv } | undefined;

// Made once per env object, so counting costs the hot path next to nothing.
function countingEnv(env: BenchEnv): BenchEnv {
  if (counted?.source === env) return counted.env;
  const kv = env.CONTENT;
  const real = (key: unknown, options?: unknown) =>
    (kv.get as (k: unknown, o?: unknown) => Promise<unknown>).call(kv, key, options);
  // KV_IN_MEMORY: each value is read from KV once, then from memory, so that the CPU measured for
  // a request is the worker's and not miniflare's KV simulator's (real KV is another machine's).
  const memory = new Map<string, unknown>();
  const remembered = async (key: string | string[], options?: unknown) => {
    const id = JSON.stringify([key, options ?? null]);
    const kept = memory.get(id);
    if (kept) return kept;
    const value = await real(key, options);
    // Absent values are not remembered: the worker writes some back (rendered bodies, feeds).
    const complete = value instanceof Map ? ![...value.values()].includes(null) : value !== null;
    if (complete) memory.set(id, value);
    return value;
  };
  const get = (key: string | string[], options?: unknown) => {
    reads += Array.isArray(key) ? key.length : 1;
    return env.KV_IN_MEMORY ? remembered(key, options) : real(key, options);
  };
  const CONTENT = new Proxy(kv, {
    get(target, property) {
      if (property === 'get') return get;
      const value = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  counted = { source: env, env: { ...env, CONTENT } };
  return counted.env;
}

/**
 * The Cache API as workers.dev has it: a match finds nothing and a put keeps nothing. Quire still
 * makes both calls and builds and hands over the copy it keeps (read here to the end), so all of
 * its own work on a miss stays in what is measured. What goes is miniflare's simulator, which
 * answers each call with a worker of its own on workerd's one thread, and streams the put's body
 * through it: Cloudflare's cache answers them on other machines.
 */
const noCacheApi = {
  default: {
    match: async (_key: Request) => undefined,
    put: async (_key: Request, copy: Response) => {
      await copy.arrayBuffer();
    },
  },
};

export default {
  fetch(request: Request, env: BenchEnv, ctx: ExecutionContext) {
    if (request.url.endsWith('/__bench/reads')) return new Response(String(reads));
    if (env.CACHE_API === 'none' && (globalThis as { caches?: unknown }).caches !== noCacheApi) {
      Object.defineProperty(globalThis, 'caches', { value: noCacheApi, configurable: true });
    }
    const counting = countingEnv(env);
    if (env.MODE === 'naive') return naive.fetch(request, counting, ctx);
    if (env.MODE === 'app') return app.fetch(request, counting, ctx);
    return quire.fetch(request, counting, ctx);
  },
};
