/**
 * `npm run bench`: Quire beside the runtime's floor, nginx, a naive edge blog and a per-request
 * renderer, at 10, 10,000 and 100,000 articles, with a 1,000,000-article release built in memory.
 * Writes bench/results.json (one named figure a key, and issue 14's `targets`) and BENCHMARKS.md.
 * Needs Debian's wrk and nginx (`apt-get install -y wrk nginx`). About 40-60 minutes on 2 cores,
 * most of it publishing 100,000 articles (a 5,000-article first publish took 246 s on a loaded
 * machine); a piece that fails is logged, its figures left out, and the run exits 1 at the end.
 * Knobs (for trying the bench at small sizes): BENCH_SECONDS, each load run's length (default 3);
 * BENCH_ROUNDS, runs per throughput figure (default 3, the median counts); BENCH_SIZES, the three
 * sites (default 10,10000,100000); BENCH_MILLION, the in-memory release (default 1000000);
 * BENCH_COLD_RUNS, fresh processes per cold request (default 9).
 */
import { execFile, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { loadSite } from '../src/content/model';
import { renderMarkdown } from '../src/render/markdown';
import { withSidenotes } from '../src/render/sidenotes';
import { compileRelease } from '../src/search/site';
import { projectSandbox, startDev } from '../tests/support/sandbox';
import { COLD_PATHS, coldRequest, dumpRelease } from './cold';
import { contender } from './contender/values';
import { type Kind, type PageTimings, percentile } from './cpu';
import type { CpuRun } from './cpu-run';
import type { MillionFigures } from './million';
import { writeReport } from './report';
import { benchQueries, indexKeysPerArticle, indexSize, queryCpu, searchPath } from './search';
import { bundleWorker, capture, type Page, publishedSite, type Served, serve, serveFloor } from './serve';
import { benchSite, coldSite, essay, LONG_ESSAY, withOneMore } from './site';
import { CONTENDER_PAGES, largestMissValueBytes, targets } from './targets';
import { cpuPerRequest, have, startNginx, type WrkResult, wrk } from './tools';

const ROOT = resolve(import.meta.dirname, '..');
const knob = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name}=${process.env[name]} is not a positive whole number`);
  return value;
};
const SECONDS = knob('BENCH_SECONDS', 3);
const ROUNDS = knob('BENCH_ROUNDS', 3);
const CONNECTIONS = 32;
const [SMALL, BIG, HUGE] = (process.env.BENCH_SIZES ?? '10,10000,100000').split(',').map(Number);
if (!(SMALL >= 10 && BIG > SMALL && HUGE > BIG && Number.isInteger(SMALL + BIG + HUGE)))
  throw new Error('BENCH_SIZES names three growing numbers of articles, the smallest at least 10 (e.g. 10,200,1000)');
const MILLION = knob('BENCH_MILLION', 1_000_000);
const COLD_RUNS = knob('BENCH_COLD_RUNS', 9);
const run = promisify(execFile);

/** The pages measured under load (cache hits against the floor and nginx). */
const LOAD_PAGES = { home: '/', article: `/articles/${LONG_ESSAY}`, series: '/series/series-0', feed: '/feed.xml' };
/**
 * The pages compared between the sizes. A page is compared with a page as full: at 10 articles
 * the deepest full page of the archive is the first one, and the tag is on every article.
 */
const scalePages = (count: number) => ({
  home: '/',
  archive: count > SMALL ? `/page/${Math.round(count / 25)}` : '/',
  tag: '/tags/essays',
  series: '/series/series-0',
  feed: '/feed.xml',
  article: `/articles/${LONG_ESSAY}`,
});

const figures: Record<string, number> = {};
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
const round = (n: number, digits = 2) => Number(n.toFixed(digits));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Visit each page three times; publish rendered every body ahead, so anything but 200 is a failure. */
async function warm(server: Pick<Served, 'url'>, paths: string[]) {
  for (let i = 0; i < 3; i++) {
    for (const path of paths) {
      const res = await fetch(server.url + path);
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${server.url}${path} answered ${res.status} while warming`);
    }
    await new Promise((done) => setTimeout(done, 300)); // write-backs (ctx.waitUntil) land
  }
}

/** Pieces that failed: the others' figures are still written, and the run exits with an error. */
const failed: string[] = [];
async function piece(name: string, work: () => Promise<unknown>): Promise<boolean> {
  try {
    await work();
    return true;
  } catch (error) {
    failed.push(name);
    log(`FAILED: ${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return false;
  }
}

async function readsPer(server: Served, path: string): Promise<number> {
  const before = await server.reads();
  await (await fetch(server.url + path)).arrayBuffer();
  return (await server.reads()) - before;
}

/** Median of ROUNDS wrk runs; contenders take turns so drift on a shared machine hits all alike. */
async function throughput(contenders: Record<string, string>, path: string) {
  const runs: Record<string, WrkResult[]> = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, url] of Object.entries(contenders)) {
      runs[name].push(await wrk(url + path, { seconds: SECONDS, connections: CONNECTIONS }));
    }
  }
  const out: Record<string, WrkResult> = {};
  for (const [name, results] of Object.entries(runs)) {
    const rps = median(results.map((x) => x.requestsPerSecond));
    const picked = results.find((x) => x.requestsPerSecond === rps) ?? results[0];
    out[name] = { ...picked, errors: results.reduce((n, x) => n + x.errors, 0) };
  }
  return out;
}

function pageWeight(name: string, page: Page, text = '') {
  const html = Buffer.from(page.body);
  if (text && !page.body.includes(text)) throw new Error(`${name}: the article text is not in the page as rendered`);
  const beyond = html.byteLength - Buffer.byteLength(text);
  const css = [...page.body.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].reduce((n, m) => n + Buffer.byteLength(m[1]), 0);
  const scripts = [...page.body.matchAll(/<script(?![^>]*application\/ld\+json)[^>]*>/g)].length;
  figures[`weight.${name}.htmlBytes`] = html.byteLength;
  figures[`weight.${name}.gzipBytes`] = gzipSync(html).byteLength;
  figures[`weight.${name}.beyondTextBytes`] = beyond;
  figures[`weight.${name}.cssBytes`] = css;
  figures[`weight.${name}.scripts`] = scripts;
}

function versions() {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
  const pick = (name: string) => lock.packages[`node_modules/${name}`]?.version ?? 'unknown';
  // nginx and wrk print their version on stderr, or on stdout, depending on the tool.
  const tool = (cmd: string, args: string[]) => {
    const out = spawnSync(cmd, args, { encoding: 'utf8' });
    return `${out.stdout ?? ''}${out.stderr ?? ''}`.trim() || 'unknown';
  };
  return {
    node: process.version,
    hono: pick('hono'),
    marked: pick('marked'),
    wrangler: pick('wrangler'),
    miniflare: pick('miniflare'),
    workerd: pick('workerd'),
    nginx: tool('nginx', ['-v']).replace('nginx version: ', ''),
    wrk: tool('wrk', ['-v']).split('\n')[0],
  };
}

/** The in-memory 1,000,000-article release, built in a process of its own (bench/million-run.ts). */
async function millionInChild(count: number): Promise<MillionFigures> {
  const { stdout } = await run(
    process.execPath,
    ['--max-old-space-size=12288', '--import', 'tsx', 'bench/million-run.ts', String(count)],
    { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as MillionFigures;
}

/**
 * CPU per page in process, over releases as published to local KV (read on first use), in a fresh
 * process (bench/cpu-run.ts) that times the sizes in turns, so each is timed in the same state.
 */
async function cpuOf(asked: CpuRun): Promise<PageTimings[]> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'bench/cpu-run.ts', JSON.stringify(asked)], {
    cwd: ROOT,
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as PageTimings[];
}

async function main() {
  const started = performance.now();
  for (const tool of ['wrk', 'nginx']) {
    if (!(await have(tool))) throw new Error(`${tool} is not installed: apt-get install -y wrk nginx`);
  }
  let million: MillionFigures | undefined;
  const cleanup: (() => Promise<unknown>)[] = [];
  try {
    // First, while the machine's memory is free: the million-article release, in memory only.
    await piece('the 1,000,000-article release (bench/million.ts)', async () => {
      log(`building ${MILLION.toLocaleString('en-US')} articles in memory (bench/million.ts)`);
      const built = await millionInChild(MILLION);
      Object.assign(figures, {
        'million.articles': built.articles,
        'million.entries': built.entries,
        'million.rootBytes': built.rootBytes,
        'million.largestMissValue.bytes': built.largestMissValue.bytes,
        'million.seconds': round(built.seconds, 1),
        ...Object.fromEntries(
          Object.entries(built.largestByKind).map(([kind, bytes]) => [`million.largestByKind.${kind}`, bytes]),
        ),
      });
      million = built;
    });

    const cold = await publishedSite();
    cleanup.push(cold.remove);
    // Cold requests first, on a quiet machine: timed after the 100,000-article publish, as they were
    // until stop 21, the same requests read about twice the CPU they read alone (feed 10.3 vs 4.4-4.9 ms).
    await piece('cold requests', async () => {
      log(`cold requests: ${COLD_RUNS} fresh processes each`);
      await cold.publish(coldSite());
      const dump = join(cold.dir, 'release-dump.json');
      figures['cold.entries'] = await dumpRelease(cold.persist, cold.releaseModule, dump);
      for (const [name, path] of Object.entries(COLD_PATHS)) {
        const c = await coldRequest(dump, path, COLD_RUNS);
        Object.assign(figures, {
          [`cold.${name}.p50Ms`]: round(c.p50Ms, 2),
          [`cold.${name}.minMs`]: round(c.minMs, 2),
          [`cold.${name}.maxMs`]: round(c.maxMs, 2),
          [`cold.${name}.freshP50Ms`]: round(c.freshP50Ms, 1),
          [`cold.${name}.non200`]: c.non200,
          [`cold.${name}.bytes`]: c.bytes,
        });
      }
    });

    // Publishing, through the real CLI into miniflare's local state. The pages below need these two.
    log(`publishing ${SMALL} and ${BIG} articles with quire publish --local`);
    const small = await publishedSite();
    const big = await publishedSite();
    const huge = await publishedSite();
    cleanup.push(small.remove, big.remove, huge.remove);
    await small.publish(benchSite(SMALL));
    const first = await big.publish(benchSite(BIG));
    const addOne = await big.publish(withOneMore(BIG));
    const unchanged = await big.publish(withOneMore(BIG));
    const back = await big.publish(benchSite(BIG)); // switch back to the 10,000-article release
    log(
      `publish: first ${first.seconds.toFixed(1)} s, +1 ${addOne.seconds.toFixed(1)} s, unchanged ${unchanged.seconds.toFixed(1)} s`,
    );
    Object.assign(figures, {
      'publish.first10000.seconds': round(first.seconds, 1),
      'publish.first10000.keys': first.added,
      'publish.first10000.mib': first.mib,
      'publish.addOne.seconds': round(addOne.seconds, 1),
      'publish.addOne.keys': addOne.added,
      'publish.unchanged.seconds': round(unchanged.seconds, 1),
      'publish.unchanged.keys': unchanged.added,
      'publish.switchBack.keys': back.added,
    });
    // The 100,000-article site: its content is written once; adding an article writes one file.
    const hugePublished = await piece(`publishing ${HUGE} articles, then one more`, async () => {
      log(`publishing ${HUGE} articles with quire publish --local`);
      const hugeFirst = await huge.publish(benchSite(HUGE));
      const hugeAdd = await huge.publish(withOneMore(HUGE));
      log(
        `publish at ${HUGE}: first ${hugeFirst.seconds.toFixed(1)} s, +1 ${hugeAdd.seconds.toFixed(1)} s (${hugeAdd.added} entries)`,
      );
      Object.assign(figures, {
        'publish.first100000.seconds': round(hugeFirst.seconds, 1),
        'publish.first100000.keys': hugeFirst.added,
        'publish.first100000.mib': hugeFirst.mib,
        'publish.addOne100000.seconds': round(hugeAdd.seconds, 1),
        'publish.addOne100000.keys': hugeAdd.added,
      });
    });

    await piece(`quire check on ${BIG} files`, async () => {
      log(`quire check on ${BIG} files, ${ROUNDS} runs`);
      const checks: number[] = [];
      for (let r = 0; r < ROUNDS; r++) checks.push(await big.check());
      figures['check.10000.seconds'] = round(median(checks), 2);
    });

    // The big site's articles: the per-request renderer serves the same ones, and the search figures need them.
    const loaded = loadSite(benchSite(BIG));
    if (!loaded.ok) throw new Error('the bench site does not load');

    log('bundling and starting workerd (miniflare API)');
    const bigScript = await bundleWorker(big.releaseModule);
    const smallScript = await bundleWorker(small.releaseModule);
    figures['bundle.workerBytes'] = Buffer.byteLength(bigScript);
    const servers = {
      quire: await serve(bigScript, { persist: big.persist, mode: 'quire', cache: true }),
      cacheApi: await serve(bigScript, { persist: big.persist, mode: 'app', cache: true }),
      // The per-request renderer in the same workerd as the miss path it is compared with.
      miss: await serve(bigScript, {
        persist: big.persist,
        mode: 'app',
        cache: false,
        contender: await contender(loaded.site, [LONG_ESSAY]),
      }),
      naive: await serve(bigScript, { persist: big.persist, mode: 'naive', cache: false }),
      smallMiss: await serve(smallScript, { persist: small.persist, mode: 'app', cache: false }),
      // Every value read from KV once, then from memory: what is left is the worker's own work.
      missInMemory: await serve(bigScript, { persist: big.persist, mode: 'app', cache: false, kvInMemory: true }),
    };
    for (const s of Object.values(servers)) cleanup.push(s.dispose);
    let hugeMiss: Served | undefined;
    if (hugePublished) {
      await piece(`serving ${HUGE} articles`, async () => {
        const server = await serve(await bundleWorker(huge.releaseModule), { persist: huge.persist, mode: 'app', cache: false });
        cleanup.push(server.dispose);
        await warm(server, Object.values(scalePages(HUGE)));
        hugeMiss = server;
      });
    }
    const bigPaths = Object.values(scalePages(BIG));
    for (const s of [servers.quire, servers.cacheApi, servers.miss]) await warm(s, bigPaths);
    await warm(servers.smallMiss, Object.values(scalePages(SMALL)));
    const contenderUrl = servers.miss.contenderUrl as string;
    // Quire's miss on a socket of its own, as the contender is: no miniflare entry worker in front of either.
    const missDirectUrl = servers.miss.directUrl as string;
    // The same miss with the Cache API workers.dev has: no simulator answering its calls on workerd's thread.
    const noCacheApiUrl = servers.miss.noCacheApiUrl as string;

    await piece('KV reads', async () => {
      log('counting KV reads');
      for (const [name, path] of Object.entries(scalePages(BIG))) {
        figures[`reads.${name}.hit`] = await readsPer(servers.quire, path);
        figures[`reads.${name}.miss`] = await readsPer(servers.miss, path);
        figures[`reads.${name}.naive`] = await readsPer(servers.naive, path);
      }
      if (!hugeMiss) return;
      for (const [name, path] of Object.entries(scalePages(HUGE))) {
        figures[`reads.${name}.miss.at100000`] = await readsPer(hugeMiss, path);
      }
    });

    // The same bytes, for the floor worker and nginx.
    const captured = new Map<string, Page>();
    for (const path of [...Object.values(LOAD_PAGES), `/articles/article-${BIG - 1}`])
      captured.set(path, await capture(servers.quire.url + path));
    const query = searchPath(benchQueries().twoTerms);
    const floor = await serveFloor(new Map([...captured, [query, await capture(servers.quire.url + query)]]));
    const nginx = await startNginx(captured);
    cleanup.push(floor.dispose, nginx.stop);

    await piece('throughput under load', async () => {
      for (const [name, path] of Object.entries(LOAD_PAGES)) {
        log(`throughput: ${name} (${path})`);
        const result = await throughput(
          {
            floor: floor.url,
            hit: servers.quire.url,
            cacheApiHit: servers.cacheApi.url,
            miss: servers.miss.url,
            naive: servers.naive.url,
            nginx: nginx.url,
          },
          path,
        );
        for (const [contender, r] of Object.entries(result)) {
          figures[`load.${name}.${contender}.rps`] = round(r.requestsPerSecond, 0);
          figures[`load.${name}.${contender}.p50Ms`] = round(r.p50Ms);
          figures[`load.${name}.${contender}.p99Ms`] = round(r.p99Ms);
          figures[`load.${name}.${contender}.errors`] = r.errors;
        }
        figures[`load.${name}.hitOverFloor`] = round(result.hit.requestsPerSecond / result.floor.requestsPerSecond);
        figures[`load.${name}.hitOverNginx`] = round(result.hit.requestsPerSecond / result.nginx.requestsPerSecond, 3);
        figures[`load.${name}.hitOverNaive`] = round(result.hit.requestsPerSecond / result.naive.requestsPerSecond, 1);
        figures[`load.${name}.hitOverCacheApiHit`] = round(result.hit.requestsPerSecond / result.cacheApiHit.requestsPerSecond);
      }
    });

    // Pages paired by kind: Quire's home against the contender's, the 10,000-word essay against the same essay.
    await piece('the per-request renderer', async () => {
      await warm({ url: contenderUrl }, ['/', `/articles/${LONG_ESSAY}`]);
      for (const url of [missDirectUrl, noCacheApiUrl])
        await warm(
          { url },
          CONTENDER_PAGES.map((name) => LOAD_PAGES[name]),
        );
      for (const name of CONTENDER_PAGES) {
        const path = LOAD_PAGES[name];
        // Only the Cache API behind it differs: the page must be the very same, bytes and tag.
        const [asMiss, asWorkersDev] = [await capture(missDirectUrl + path), await capture(noCacheApiUrl + path)];
        const tag = (page: Page) => page.headers.find(([k]) => k === 'etag')?.[1];
        if (asMiss.body !== asWorkersDev.body || tag(asMiss) !== tag(asWorkersDev) || asMiss.status !== 200)
          throw new Error(`${path}: the miss with the Cache API of workers.dev is not the same page`);
        log(`throughput: Quire's miss against the per-request renderer, ${name} (${path})`);
        // The floor on its own socket too: the finished page from memory, what no miss can beat.
        const result = await throughput(
          {
            miss: missDirectUrl,
            noCacheApi: noCacheApiUrl,
            contender: contenderUrl,
            floor: floor.directUrl as string,
            cacheFloor: floor.cacheUrl,
          },
          path,
        );
        for (const [who, r] of Object.entries(result)) {
          figures[`contender.${name}.${who}.rps`] = round(r.requestsPerSecond, 0);
          figures[`contender.${name}.${who}.p50Ms`] = round(r.p50Ms);
          figures[`contender.${name}.${who}.p99Ms`] = round(r.p99Ms);
          figures[`contender.${name}.${who}.errors`] = r.errors;
        }
        figures[`contender.${name}.missOverContender`] = round(
          result.miss.requestsPerSecond / result.contender.requestsPerSecond,
        );
        figures[`contender.${name}.noCacheApiOverContender`] = round(
          result.noCacheApi.requestsPerSecond / result.contender.requestsPerSecond,
        );
        figures[`contender.${name}.floorOverContender`] = round(
          result.floor.requestsPerSecond / result.contender.requestsPerSecond,
        );
        figures[`contender.${name}.cacheFloorOverContender`] = round(
          result.cacheFloor.requestsPerSecond / result.contender.requestsPerSecond,
        );
        // The same, as workerd's CPU per request (median of ROUNDS runs in turns): what each page costs the runtime.
        const pid = servers.miss.pid;
        if (pid === undefined) continue;
        const urls = { miss: missDirectUrl, noCacheApi: noCacheApiUrl, contender: contenderUrl };
        const cpu: Record<keyof typeof urls, number[]> = { miss: [], noCacheApi: [], contender: [] };
        for (let r = 0; r < ROUNDS; r++) {
          for (const [who, url] of Object.entries(urls))
            cpu[who as keyof typeof urls].push(await cpuPerRequest(pid, url + path, SECONDS));
        }
        for (const [who, ms] of Object.entries(cpu)) figures[`contender.${name}.${who}.workerdCpuMs`] = round(median(ms), 3);
      }
    });

    await piece('search served', async () => {
      log(`search served: ${query}`);
      await warm(servers.quire, [query]);
      figures['reads.search.hit'] = await readsPer(servers.quire, query);
      figures['reads.search.miss'] = await readsPer(servers.miss, query);
      const served = await throughput({ floor: floor.url, hit: servers.quire.url, miss: servers.miss.url }, query);
      for (const [contender, r] of Object.entries(served)) {
        figures[`load.search.${contender}.rps`] = round(r.requestsPerSecond, 0);
        figures[`load.search.${contender}.p50Ms`] = round(r.p50Ms);
        figures[`load.search.${contender}.p99Ms`] = round(r.p99Ms);
        figures[`load.search.${contender}.errors`] = r.errors;
      }
      figures['load.search.hitOverFloor'] = round(served.hit.requestsPerSecond / served.floor.requestsPerSecond);
      // Where it runs: an uncached query in workerd, one at a time (wall time, KV I/O included).
      for (const [name, q] of Object.entries(benchQueries())) {
        const one = await wrk(servers.miss.url + searchPath(q), { seconds: SECONDS, connections: 1 });
        figures[`search.${name}.workerd.p50Ms`] = round(one.p50Ms);
        figures[`search.${name}.workerd.p99Ms`] = round(one.p99Ms);
        await warm(servers.missInMemory, [searchPath(q)]);
        const own = await wrk(servers.missInMemory.url + searchPath(q), { seconds: SECONDS, connections: 1 });
        figures[`search.${name}.workerdOwn.p50Ms`] = round(own.p50Ms);
        figures[`search.${name}.workerdOwn.p99Ms`] = round(own.p99Ms);
      }
    });

    await piece('scale, served', async () => {
      log(`scale: miss latency, one connection, ${SMALL} vs ${BIG}${hugeMiss ? ` vs ${HUGE}` : ''} articles`);
      for (const [name, path] of Object.entries(scalePages(BIG))) {
        const page = name as keyof ReturnType<typeof scalePages>;
        // Taken in turns, the median of ROUNDS runs each, so drift on a shared machine hits all three.
        const at: Record<'small' | 'big' | 'huge', number[]> = { small: [], big: [], huge: [] };
        for (let r = 0; r < ROUNDS; r++) {
          at.big.push((await wrk(servers.miss.url + path, { seconds: SECONDS, connections: 1 })).p50Ms);
          at.small.push((await wrk(servers.smallMiss.url + scalePages(SMALL)[page], { seconds: SECONDS, connections: 1 })).p50Ms);
          if (hugeMiss)
            at.huge.push((await wrk(hugeMiss.url + scalePages(HUGE)[page], { seconds: SECONDS, connections: 1 })).p50Ms);
        }
        figures[`scale.${name}.p50Ms.at10`] = round(median(at.small), 3);
        figures[`scale.${name}.p50Ms.at10000`] = round(median(at.big), 3);
        figures[`scale.${name}.ratio`] = round(median(at.big) / median(at.small));
        if (!hugeMiss) continue;
        figures[`scale.${name}.p50Ms.at100000`] = round(median(at.huge), 3);
        figures[`scale.${name}.ratio100000`] = round(median(at.huge) / median(at.small));
      }
    });

    const site = JSON.parse(await readFile(big.releaseModule, 'utf8')).site;
    await piece('page weight', async () => {
      log('page weight');
      pageWeight('home', captured.get('/') as Page);
      pageWeight(
        'article',
        captured.get(`/articles/article-${BIG - 1}`) as Page,
        withSidenotes(renderMarkdown(essay(500, BIG), site).html),
      );
    });

    await piece('CPU per request, in process', async () => {
      log('CPU per request, in process: the sizes in turns, in a fresh process');
      // The same pages at every size: the scale figures, without the I/O of the served comparison.
      const sizes: [number, string, typeof small][] = [
        [SMALL, '.at10', small],
        [BIG, '', big],
      ];
      if (hugePublished) sizes.push([HUGE, '.at100000', huge]);
      const kinds: Kind[] = ['miss', 'naive', 'hit', 'floor'];
      const sites = sizes.map(([count, , { persist, releaseModule }]) => ({
        persist,
        releaseModule,
        paths: Object.values(scalePages(count)),
      }));
      const timed = await cpuOf({ sites, kinds, runs: 300 });
      for (const [i, [count, suffix]] of sizes.entries()) {
        for (const [j, [name, path]] of Object.entries(scalePages(count)).entries()) {
          const at = timed[i][j];
          // Every kind and p99 at 10,000 articles; the misses and the floor at the other sizes.
          for (const kind of count === BIG ? kinds : (['miss', 'floor'] as const)) {
            const timing = at?.[kind];
            if (!timing) throw new Error(`${path} at ${count} articles: ${kind} was not measured`);
            figures[`cpu.${name}.${kind}.p50Ms${suffix}`] = round(timing.p50Ms, 3);
            if (count === BIG) figures[`cpu.${name}.${kind}.p99Ms`] = round(timing.p99Ms, 3);
          }
        }
      }
      for (const name of Object.keys(scalePages(BIG))) {
        figures[`cpu.${name}.missRatio`] = round(figures[`cpu.${name}.miss.p50Ms`] / figures[`cpu.${name}.miss.p50Ms.at10`]);
        if (!hugePublished) continue;
        figures[`cpu.${name}.missRatio100000`] = round(
          figures[`cpu.${name}.miss.p50Ms.at100000`] / figures[`cpu.${name}.miss.p50Ms.at10`],
        );
      }
    });

    await piece('search in process', async () => {
      log('search in process: uncached queries, index size, keys per added article');
      const release = await compileRelease(loaded.site);
      Object.assign(figures, indexSize(release), await queryCpu(release, benchQueries(), 300));
      const grown = loadSite(benchSite(BIG + 100));
      if (!grown.ok) throw new Error('the grown bench site does not load');
      Object.assign(figures, await indexKeysPerArticle(grown.site, BIG + 1, 100));
    });

    await piece('marked per 1,000 words', async () => {
      const long = essay(10_000, 0);
      const markedRuns: number[] = [];
      for (let i = 0; i < 30; i++) {
        const t = performance.now();
        renderMarkdown(long, site);
        markedRuns.push(performance.now() - t);
      }
      markedRuns.sort((a, b) => a - b);
      figures['cpu.markedPer1000Words.p50Ms'] = round(percentile(markedRuns, 50) / 10, 3);
    });

    await piece('npm start', async () => {
      log('npm start (quire dev: workerd through miniflare), sample site home');
      const sample = await projectSandbox();
      cleanup.push(sample.remove);
      const dev = await startDev(sample.dir, ['--no-watch']);
      cleanup.push(dev.stop);
      await warm(dev, ['/']);
      const viaDev = await wrk(`${dev.url}/`, { seconds: SECONDS * 2, connections: CONNECTIONS });
      figures['load.wranglerDev.home.hit.rps'] = round(viaDev.requestsPerSecond, 0);
      figures['load.wranglerDev.home.hit.p99Ms'] = round(viaDev.p99Ms);
    });
  } catch (error) {
    // A step the rest needs (publishing the small sites, starting workerd): what was measured is still written.
    failed.push('the run itself');
    log(`FAILED, run stopped: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  } finally {
    for (const stop of cleanup.reverse()) await stop().catch(() => undefined);
  }
  await save(started, million);
  if (failed.length > 0) {
    log(`${failed.length} piece(s) failed, their figures are missing: ${failed.join('; ')}`);
    process.exitCode = 1;
  }
}

async function save(started: number, million: MillionFigures | undefined) {
  figures['bench.seconds'] = round((performance.now() - started) / 1000, 0);
  // Search values are built apart from the in-memory release; the largest this run built counts too.
  const largest = million ? largestMissValueBytes(million, figures['search.index.largestValueBytes']) : Number.NaN;
  const results = {
    date: new Date().toISOString(),
    machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGiB: round(totalmem() / 2 ** 30, 0) },
    versions: versions(),
    settings: { seconds: SECONDS, rounds: ROUNDS, connections: CONNECTIONS, sizes: [SMALL, BIG, HUGE], coldRuns: COLD_RUNS },
    targets: targets(figures, largest),
    ...(failed.length > 0 ? { failed } : {}),
    million: million ?? null,
    figures,
  };
  await writeFile(join(ROOT, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
  log('wrote bench/results.json');
  if (!million) {
    log('BENCHMARKS.md not written: it needs the 1,000,000-article figures');
    return;
  }
  await writeReport(join(ROOT, 'BENCHMARKS.md'), { ...results, million });
  log(`done in ${figures['bench.seconds']} s: bench/results.json, BENCHMARKS.md${failed.length ? ' (with gaps)' : ''}`);
}

await main();
