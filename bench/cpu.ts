/**
 * CPU of one request, in process (Node's V8, the engine workerd runs): the app over an in-memory
 * KV holding the release, so what is timed is routing, reading and validating the values, and
 * rendering, with no I/O wait (wall time on one thread: an upper bound of its CPU, as it also
 * holds Node's own Response plumbing, native code in workerd, and the digest's trip to libuv). A miss is timed after the page's bodies were rendered once and kept
 * (as on any page a reader has visited anywhere); the naive app renders markdown every time.
 */
import { performance } from 'node:perf_hooks';
import { createApp } from '../src/app';
import { withRenders } from '../src/cli/prerender';
import type { Release } from '../src/content/release';
import { editionClock } from '../src/content/schedule';
import type { Root } from '../src/content/stored';
import { memoryCache } from '../src/middleware/memory-cache';
import { forgetfulStore } from '../src/store/release-store';

export interface Timing {
  p50Ms: number;
  p99Ms: number;
  runs: number;
}

/** A Map standing in for the KV binding: the subset of its API the store uses. */
function memoryKV(entries: Map<string, string>) {
  const get = async (key: string | string[], options?: unknown) => {
    if (Array.isArray(key)) return new Map(key.map((k) => [k, entries.get(k) ?? null]));
    const value = entries.get(key) ?? null;
    return options === 'arrayBuffer' && value !== null ? new TextEncoder().encode(value).buffer : value;
  };
  const put = async (key: string, value: string | Uint8Array) => {
    entries.set(key, typeof value === 'string' ? value : new TextDecoder().decode(value));
  };
  return { get, put } as unknown as KVNamespace;
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function time(runs: number, once: () => Promise<unknown>): Promise<Timing> {
  for (let i = 0; i < 5; i++) await once(); // warm the JIT
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await once();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { p50Ms: percentile(samples, 50), p99Ms: percentile(samples, 99), runs };
}

const settle = () => new Promise((done) => setTimeout(done, 20));

/** p50/p99 CPU per path: kept-body misses, naive renders, and memory hits. */
export async function cpuPerPage(release: Release, paths: string[], runs: number) {
  // What `quire publish` uploads: the release and its bodies and chapters rendered.
  const entries = new Map((await withRenders(release)).entries);
  const env = { CONTENT: memoryKV(entries) } as Env;
  const app = createApp(release.root as Root);
  const naive = createApp(release.root as Root, { store: forgetfulStore, edgeCache: false });
  const hot = memoryCache(app.fetch, editionClock(release.root as Root));
  const ctx = { waitUntil: () => {}, passThroughOnException: () => {}, props: {} } as unknown as ExecutionContext;
  const out: Record<string, { miss: Timing; naive: Timing; hit: Timing; floor: Timing }> = {};
  for (const path of paths) {
    const url = `https://bench.example${path}`;
    // First visits render and keep the bodies and feed windows (write-backs land in the Map).
    for (let i = 0; i < 3; i++) {
      await (await app.request(path, {}, env)).text();
      await settle();
    }
    const res = await app.request(path, {}, env);
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
    const page = await res.text();
    // Bodies are taken as bytes, as the runtime sends them; decoding them is the client's work.
    out[path] = {
      miss: await time(runs, async () => (await app.request(path, {}, env)).arrayBuffer()),
      naive: await time(Math.ceil(runs / 3), async () => (await naive.request(path, {}, env)).arrayBuffer()),
      hit: await time(runs, async () => (await hot(new Request(url), env, ctx)).arrayBuffer()),
      // What Node alone costs to turn the finished page (a constant) into a response's bytes.
      floor: await time(runs, async () => new Response(page, { headers: res.headers }).arrayBuffer()),
    };
  }
  return out;
}
