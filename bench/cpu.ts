/**
 * CPU of one request, in process (Node's V8, the engine workerd runs): the app over an in-memory
 * KV holding the published release (each value read once from local KV, then from memory), so what is timed is routing, reading and validating the values, and
 * rendering, with no I/O wait (wall time on one thread: an upper bound of its CPU, as it also
 * holds Node's own Response plumbing, native code in workerd, and the digest's trip to libuv). A miss is timed after the page's bodies were rendered once and kept
 * (as on any page a reader has visited anywhere); the naive app renders markdown every time.
 */
import { performance } from 'node:perf_hooks';
import { createApp } from '../src/app';
import { editionClock } from '../src/content/schedule';
import type { Root } from '../src/content/stored';
import { memoryCache } from '../src/middleware/memory-cache';
import { forgetfulStore } from '../src/store/release-store';

export interface Timing {
  p50Ms: number;
  p99Ms: number;
  runs: number;
}

/** A value as KV holds it: bytes, or text; each form made once, on first use. */
type Held = { text?: string; bytes?: Uint8Array };

/**
 * A Map standing in for the KV binding (the subset of its API the store uses). Values missing
 * from it come from `load` (the published local KV) on first read and are then held, so a timed
 * request reads memory only.
 */
export function memoryKV(
  entries: Map<string, string | Uint8Array>,
  load: (key: string) => Promise<Uint8Array | null> = async () => null,
) {
  const held = new Map<string, Held>([...entries].map(([k, v]) => [k, typeof v === 'string' ? { text: v } : { bytes: v }]));
  const find = async (key: string): Promise<Held | null> => {
    const found = held.get(key);
    if (found) return found;
    const bytes = await load(key);
    if (bytes === null) return null;
    held.set(key, { bytes });
    return { bytes };
  };
  const text = (h: Held) => {
    h.text ??= new TextDecoder().decode(h.bytes);
    return h.text;
  };
  // A fresh buffer per read, as KV hands out.
  const buffer = (h: Held) => {
    h.bytes ??= new TextEncoder().encode(h.text);
    return h.bytes.slice().buffer;
  };
  const get = async (key: string | string[], options?: unknown) => {
    if (Array.isArray(key)) {
      const found = await Promise.all(key.map(find));
      return new Map(key.map((k, i) => [k, found[i] ? text(found[i]) : null]));
    }
    const h = await find(key);
    if (h === null) return null;
    return options === 'arrayBuffer' ? buffer(h) : text(h);
  };
  const put = async (key: string, value: string | Uint8Array | ArrayBuffer) => {
    held.set(key, typeof value === 'string' ? { text: value } : { bytes: new Uint8Array(value) });
  };
  return { get, put } as unknown as KVNamespace;
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * Each of `onces` timed `runs` times, in turns (one of each, then again): drift on a shared
 * machine (other processes, the CPU's clock) hits each alike, so their figures compare.
 */
async function time(runs: number, onces: (() => Promise<unknown>)[]): Promise<Timing[]> {
  for (const once of onces) for (let i = 0; i < 5; i++) await once(); // warm the JIT
  const samples: number[][] = onces.map(() => []);
  for (let i = 0; i < runs; i++) {
    for (const [j, once] of onces.entries()) {
      const start = performance.now();
      await once();
      samples[j].push(performance.now() - start);
    }
  }
  return samples.map((xs) => {
    xs.sort((a, b) => a - b);
    return { p50Ms: percentile(xs, 50), p99Ms: percentile(xs, 99), runs };
  });
}

const settle = () => new Promise((done) => setTimeout(done, 20));

export type Kind = 'miss' | 'naive' | 'hit' | 'floor';

/** A published release to time, and its pages: the `i`-th path of each site is the same page at its size. */
export interface Site {
  root: Root;
  kv: KVNamespace;
  paths: string[];
}

/** Timings of a site's pages, in the order of its paths (a path asked twice is timed twice). */
export type PageTimings = Partial<Record<Kind, Timing>>[];

/**
 * p50/p99 CPU per path of each kind asked for (kept-body misses, naive renders, memory hits,
 * Node's floor), for each site: the same page at every size is timed in turns with the others.
 */
export async function cpuPerPage(sites: Site[], runs: number, kinds: readonly Kind[] = ['miss', 'naive', 'hit', 'floor']) {
  const ctx = { waitUntil: () => {}, passThroughOnException: () => {}, props: {} } as unknown as ExecutionContext;
  const apps = sites.map(({ root, kv, paths }) => {
    if (paths.length !== sites[0].paths.length) throw new Error('every site is timed on as many pages');
    const app = createApp(root);
    return {
      paths,
      env: { CONTENT: kv } as Env,
      app,
      naive: createApp(root, { store: forgetfulStore, edgeCache: false }),
      hot: memoryCache(app.fetch, editionClock(root)),
      out: [] as PageTimings,
    };
  });
  for (let i = 0; i < sites[0].paths.length; i++) {
    const pages = [];
    for (const site of apps) {
      const path = site.paths[i];
      const { app, env } = site;
      // First visits render and keep the bodies and feed windows (write-backs land in the Map).
      for (let n = 0; n < 3; n++) {
        await (await app.request(path, {}, env)).text();
        await settle();
      }
      const res = await app.request(path, {}, env);
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
      const page = await res.text();
      const url = `https://bench.example${path}`;
      // Bodies are taken as bytes, as the runtime sends them; decoding them is the client's work.
      const measure: Record<Kind, () => Promise<unknown>> = {
        miss: async () => (await app.request(path, {}, env)).arrayBuffer(),
        naive: async () => (await site.naive.request(path, {}, env)).arrayBuffer(),
        hit: async () => (await site.hot(new Request(url), env, ctx)).arrayBuffer(),
        // What Node alone costs to turn the finished page (a constant) into a response's bytes.
        floor: async () => new Response(page, { headers: res.headers }).arrayBuffer(),
      };
      const out: Partial<Record<Kind, Timing>> = {};
      site.out.push(out);
      pages.push({ out, measure });
    }
    for (const kind of kinds) {
      const timings = await time(
        kind === 'naive' ? Math.ceil(runs / 3) : runs,
        pages.map((p) => p.measure[kind]),
      );
      pages.forEach((p, j) => {
        p.out[kind] = timings[j];
      });
    }
  }
  return apps.map((site) => site.out);
}
