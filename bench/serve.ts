/**
 * Serving for the benchmark and the load test: a generated site published to local KV by the real
 * CLI (`quire publish --local` in a project copy), bundled with esbuild as wrangler would, and
 * served by workerd through miniflare's API on 127.0.0.1 (no `wrangler dev` proxy in between).
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { Miniflare } from 'miniflare';
import { unstable_readConfig } from 'wrangler';
import { bundleWorker as bundle } from '../src/cli/bundle';
import { contentNamespaceId } from '../src/cli/wrangler';
import type { ContentFiles } from '../src/content/model';
import { projectSandbox } from '../tests/support/sandbox';
import type { Mode } from './worker-entry';

const ROOT = resolve(import.meta.dirname, '..');
// wrangler.toml's, as `quire dev` reads them: its compatibility date, and the CONTENT id that local state is kept under.
const COMPATIBILITY_DATE = unstable_readConfig({ config: join(ROOT, 'wrangler.toml') }).compatibility_date;
const NAMESPACE = contentNamespaceId();
const run = promisify(execFile);

export interface PublishRun {
  seconds: number;
  added: number;
  reused: number;
  mib: number;
  output: string;
}

export interface Published {
  dir: string;
  persist: string;
  releaseModule: string;
  publish: (files: ContentFiles) => Promise<PublishRun>;
  /** Wall seconds of `quire check` on the content last published. */
  check: () => Promise<number>;
  remove: () => Promise<void>;
}

const filesOf = (files: ContentFiles) => [files.site, ...files.articles, ...files.series, ...files.pages];

/** A project copy whose content is `files`, published with `quire publish --local` (timed). */
export async function publishedSite(): Promise<Published> {
  const { dir, remove } = await projectSandbox();
  const persist = join(dir, '.wrangler/state');
  // What content/ holds now: a later publish writes only the files that changed, so adding one
  // article to a 100,000-article site writes one file, as an author would.
  let written = new Map<string, string>();
  const writeContent = async (files: ContentFiles) => {
    const next = new Map(filesOf(files).map((f) => [f.path, f.text]));
    if (written.size === 0) await rm(join(dir, 'content'), { recursive: true, force: true });
    for (const path of written.keys()) if (!next.has(path)) await rm(join(dir, path));
    for (const [path, text] of next) {
      if (written.get(path) === text) continue;
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), text);
    }
    written = next;
  };
  const publish = async (files: ContentFiles): Promise<PublishRun> => {
    await writeContent(files);
    const started = performance.now();
    const { stdout, stderr } = await run(process.execPath, ['src/cli/quire.js', 'publish', '--local'], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1', WRANGLER_SEND_METRICS: 'false' },
      maxBuffer: 64 * 1024 * 1024,
    });
    const seconds = (performance.now() - started) / 1000;
    const output = stdout + stderr;
    if (/was already live; nothing uploaded/.test(output)) return { seconds, added: 0, reused: 0, mib: 0, output };
    const summary = output.match(/is live: (\d+) new entries \(([\d.]+) MiB\), (\d+) reused/);
    if (!summary) throw new Error(`quire publish printed no summary:\n${output}`);
    return { seconds, added: Number(summary[1]), mib: Number(summary[2]), reused: Number(summary[3]), output };
  };
  const check = async () => {
    const started = performance.now();
    await run(process.execPath, ['src/cli/quire.js', 'check'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
    return (performance.now() - started) / 1000;
  };
  return { dir, persist, releaseModule: join(dir, 'src/generated/release.json'), publish, check, remove };
}

/** The bench worker (bench/worker-entry.ts) bundled with the release in `releaseModule`. */
export const bundleWorker = (releaseModule: string): Promise<string> => bundle('bench/worker-entry.ts', releaseModule, ROOT);

export interface Served {
  url: string;
  /** With `pulse`, the address of a worker that answers an empty body in the same workerd. */
  pulseUrl?: string;
  /** With `contender`, the address of the per-request renderer in the same workerd. */
  contenderUrl?: string;
  /** With a contender: Quire's miss again, its Cache API the one workers.dev has (nothing kept, no simulator). */
  noCacheApiUrl?: string;
  /**
   * With `contender`, the site on a socket of its own as the contender is served (no miniflare
   * entry worker in front), so the two are compared on the same footing.
   */
  directUrl?: string;
  /** The workerd process serving it (the newest one), when it can be found. */
  pid?: number;
  /** KV keys read by the worker so far. */
  reads: () => Promise<number>;
  dispose: () => Promise<void>;
}

const PULSE = {
  name: 'pulse',
  modules: true,
  script: 'export default { fetch: () => new Response(null) };',
  compatibilityDate: COMPATIBILITY_DATE,
  unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }],
};

/** The per-request renderer (bench/contender/worker.ts) and the values its KV namespace holds. */
export interface Contender {
  script: string;
  values: [string, string][];
}

const contenderWorker = (script: string) => ({
  name: 'contender',
  modules: true,
  script,
  compatibilityDate: COMPATIBILITY_DATE,
  kvNamespaces: { MARKDOWN: 'bench-contender' },
  unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }],
});

/** workerd on 127.0.0.1 through miniflare's API, reading the published local KV. */
export async function serve(
  script: string,
  {
    persist,
    mode,
    cache,
    cachePersist,
    kvInMemory = false,
    inspectorPort,
    pulse = false,
    contender,
  }: {
    persist: string;
    mode: Mode;
    cache: boolean;
    cachePersist?: string;
    kvInMemory?: boolean;
    inspectorPort?: number;
    pulse?: boolean;
    /** Served beside the site by the same workerd, so the two are measured under the same runtime. */
    contender?: Contender;
  },
): Promise<Served> {
  const site = {
    name: '',
    modules: true,
    script,
    compatibilityDate: COMPATIBILITY_DATE,
    kvNamespaces: { CONTENT: NAMESPACE },
    bindings: { MODE: mode, ...(kvInMemory ? { KV_IN_MEMORY: 'yes' } : {}) },
    // A worker's own option: given beside `workers`, miniflare would leave the Cache API on.
    cache,
    ...(contender ? { unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }] } : {}),
  };
  // Beside the contender, the same miss with the Cache API workers.dev has (bench/worker-entry.ts).
  const noCacheApi = {
    ...site,
    name: 'no-cache-api',
    bindings: { ...site.bindings, CACHE_API: 'none' },
    unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }],
  };
  const mf = new Miniflare({
    // The pulse: a worker answering nothing, on its own socket in the same workerd. workerd serves
    // every socket and isolate from one thread, so when the pulse is slow, that thread was held.
    workers: [site, ...(pulse ? [PULSE] : []), ...(contender ? [contenderWorker(contender.script), noCacheApi] : [])],
    kvPersist: join(persist, 'v3', 'kv'),
    ...(cachePersist ? { cachePersist } : {}),
    ...(inspectorPort ? { inspectorPort } : {}),
    host: '127.0.0.1',
    port: 0,
  });
  const url = (await mf.ready).origin;
  if (contender) {
    const kv = await mf.getKVNamespace('MARKDOWN', 'contender');
    for (const [key, value] of contender.values) await kv.put(key, value);
  }
  // Direct URLs end in '/', and the bench appends paths that start with one.
  const direct = async (name: string) => (await mf.unsafeGetDirectURL(name)).origin;
  return {
    url,
    pid: workerdPid(),
    ...(pulse ? { pulseUrl: (await mf.unsafeGetDirectURL('pulse')).href } : {}),
    ...(contender
      ? { contenderUrl: await direct('contender'), directUrl: await direct(''), noCacheApiUrl: await direct('no-cache-api') }
      : {}),
    reads: async () => Number(await (await fetch(`${url}/__bench/reads`)).text()),
    dispose: () => mf.dispose(),
  };
}

/**
 * The published local KV, read from Node: for the in-process CPU figures (each value fetched on
 * first use) and the cold runs (every value, dumped once).
 */
export async function localKV(persist: string) {
  const mf = new Miniflare({
    modules: true,
    script: 'export default { fetch: () => new Response(null) };',
    compatibilityDate: COMPATIBILITY_DATE,
    kvNamespaces: { CONTENT: NAMESPACE },
    kvPersist: join(persist, 'v3', 'kv'),
  });
  const kv = await mf.getKVNamespace('CONTENT');
  return {
    async get(key: string): Promise<Uint8Array | null> {
      const value = await kv.get(key, 'arrayBuffer');
      return value === null ? null : new Uint8Array(value);
    },
    async keys(): Promise<string[]> {
      const out: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await kv.list({ cursor });
        out.push(...page.keys.map((k) => k.name));
        cursor = page.list_complete ? undefined : page.cursor;
      } while (cursor);
      return out;
    },
    dispose: () => mf.dispose(),
  };
}

/** The newest workerd process this process started: the one miniflare just started. */
function workerdPid(): number | undefined {
  try {
    const out = execFileSync('pgrep', ['-n', '-P', String(process.pid), 'workerd'], { encoding: 'utf8' }).trim();
    return out ? Number(out) : undefined;
  } catch {
    return undefined;
  }
}

export interface Page {
  status: number;
  headers: [string, string][];
  body: string;
}

/** The floor's pages, by path, as a worker's module constants. */
const floorPages = (pages: Map<string, Page>) => `const encoder = new TextEncoder();
const PAGES = new Map(${JSON.stringify([...pages])}.map(([path, page]) => [path, { ...page, body: encoder.encode(page.body) }]));
const pathOf = (url) => url.slice(url.indexOf('/', url.indexOf(':') + 3));
const answer = (page) => new Response(page.body, { status: page.status, headers: page.headers });`;

export interface Floor extends Served {
  /**
   * The same pages from memory, behind a Cache API miss as Quire's miss path makes it (one match,
   * then one put of the page, in waitUntil), with miniflare's cache off as on the miss server: the
   * most any answer that asks the Cache API can reach in this runtime.
   */
  cacheUrl: string;
}

/**
 * The runtime's floor: a minimal worker in a workerd of its own that answers the very same bytes
 * (status, headers, body) from constants, by path; beside it, the same behind a Cache API miss.
 */
export async function serveFloor(pages: Map<string, Page>): Promise<Floor> {
  const floor = `${floorPages(pages)}
export default {
  fetch(request) {
    const page = PAGES.get(pathOf(request.url));
    return page ? answer(page) : new Response('not found', { status: 404 });
  },
};`;
  const cached = `${floorPages(pages)}
export default {
  async fetch(request, env, ctx) {
    const path = pathOf(request.url);
    const page = PAGES.get(path);
    if (!page) return new Response('not found', { status: 404 });
    const key = new Request('https://quire.cache/page' + path);
    const kept = await caches.default.match(key);
    if (kept) return kept;
    ctx.waitUntil(caches.default.put(key, answer(page)));
    return answer(page);
  },
};`;
  // Each on a socket of its own, as the per-request renderer and Quire's miss are compared.
  const worker = (name: string, script: string) => ({
    name,
    modules: true,
    script,
    compatibilityDate: COMPATIBILITY_DATE,
    cache: false,
    unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }],
  });
  const mf = new Miniflare({
    workers: [worker('floor', floor), worker('cached', cached)],
    host: '127.0.0.1',
    port: 0,
  });
  const url = (await mf.ready).origin;
  const directUrl = (await mf.unsafeGetDirectURL('floor')).origin;
  const cacheUrl = (await mf.unsafeGetDirectURL('cached')).origin;
  return { url, directUrl, cacheUrl, pid: workerdPid(), reads: async () => 0, dispose: () => mf.dispose() };
}

/** A page as the worker answers it, for the floor and nginx to serve byte for byte. */
export async function capture(url: string): Promise<Page> {
  // Asked for as wrk asks (no Accept-Encoding), so the bytes and headers are what wrk gets.
  const res = await fetch(url, { headers: { 'Accept-Encoding': 'identity' } });
  const headers = [...res.headers].filter(([name]) => name !== 'content-length' && name !== 'content-encoding');
  return { status: res.status, headers, body: await res.text() };
}

export const readJson = async <T>(path: string): Promise<T> => JSON.parse(await readFile(path, 'utf8')) as T;
