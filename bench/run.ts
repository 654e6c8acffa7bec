/**
 * `npm run bench`: Quire beside the runtime's floor, nginx and a naive edge blog, at 10 and 10,000
 * articles. Writes bench/results.json (one named figure a key) and the tables in BENCHMARKS.md.
 * Needs Debian's wrk and nginx (`apt-get install -y wrk nginx`). About thirteen minutes on 2 cores.
 * BENCH_SECONDS sets each load run's length (default 3; each throughput figure is the median of 3).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { loadSite } from '../src/content/model';
import { renderMarkdown } from '../src/render/markdown';
import { compileRelease } from '../src/search/site';
import { projectSandbox, startDev } from '../tests/support/sandbox';
import { cpuPerPage, percentile } from './cpu';
import { writeReport } from './report';
import { benchQueries, indexKeysPerArticle, indexSize, queryCpu, searchPath } from './search';
import { bundleWorker, capture, type Page, publishedSite, type Served, serve, serveFloor } from './serve';
import { benchSite, essay, LONG_ESSAY } from './site';
import { have, startNginx, type WrkResult, wrk } from './tools';

const ROOT = resolve(import.meta.dirname, '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = 3;
const CONNECTIONS = 32;
const BIG = 10_000;
const SMALL = 10;

/** The pages measured under load (cache hits against the floor and nginx). */
const LOAD_PAGES = { home: '/', article: `/articles/${LONG_ESSAY}`, series: '/series/series-0', feed: '/feed.xml' };
/**
 * The pages compared between the two sizes. A page is compared with a page as full: at 10
 * articles the deepest full page of the archive is the first one, and the tag is on every article.
 */
const scalePages = (count: number) => ({
  home: '/',
  archive: count === BIG ? '/page/400' : '/',
  tag: '/tags/essays',
  series: '/series/series-0',
  feed: '/feed.xml',
  article: `/articles/${LONG_ESSAY}`,
});

const figures: Record<string, number> = {};
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
const round = (n: number, digits = 2) => Number(n.toFixed(digits));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Visit each page until it is served (a cold feed answers 503 + Retry-After while it renders). */
async function warm(server: Pick<Served, 'url'>, paths: string[]) {
  for (let i = 0; i < 3; i++) {
    for (const path of paths) {
      for (let attempt = 1; ; attempt++) {
        const res = await fetch(server.url + path);
        await res.arrayBuffer();
        if (res.status === 200) break;
        if (res.status !== 503 || !res.headers.has('Retry-After') || attempt === 10) {
          throw new Error(`${path} answered ${res.status} while warming`);
        }
        await new Promise((done) => setTimeout(done, 300));
      }
    }
    await new Promise((done) => setTimeout(done, 300)); // write-backs (ctx.waitUntil) land
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

async function main() {
  const started = performance.now();
  for (const tool of ['wrk', 'nginx']) {
    if (!(await have(tool))) throw new Error(`${tool} is not installed: apt-get install -y wrk nginx`);
  }
  const cleanup: (() => Promise<unknown>)[] = [];
  try {
    // Publishing, through the real CLI into miniflare's local state.
    log('publishing 10 and 10,000 articles with quire publish --local');
    const small = await publishedSite();
    const big = await publishedSite();
    cleanup.push(small.remove, big.remove);
    await small.publish(benchSite(SMALL));
    const first = await big.publish(benchSite(BIG));
    const addOne = await big.publish(benchSite(BIG + 1));
    const unchanged = await big.publish(benchSite(BIG + 1));
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

    log('bundling and starting workerd (miniflare API)');
    const bigScript = await bundleWorker(big.releaseModule);
    const smallScript = await bundleWorker(small.releaseModule);
    figures['bundle.workerBytes'] = Buffer.byteLength(bigScript);
    const servers = {
      quire: await serve(bigScript, { persist: big.persist, mode: 'quire', cache: true }),
      cacheApi: await serve(bigScript, { persist: big.persist, mode: 'app', cache: true }),
      miss: await serve(bigScript, { persist: big.persist, mode: 'app', cache: false }),
      naive: await serve(bigScript, { persist: big.persist, mode: 'naive', cache: false }),
      smallMiss: await serve(smallScript, { persist: small.persist, mode: 'app', cache: false }),
      // Every value read from KV once, then from memory: what is left is the worker's own work.
      missInMemory: await serve(bigScript, { persist: big.persist, mode: 'app', cache: false, kvInMemory: true }),
    };
    for (const s of Object.values(servers)) cleanup.push(s.dispose);
    const bigPaths = Object.values(scalePages(BIG));
    for (const s of [servers.quire, servers.cacheApi, servers.miss]) await warm(s, bigPaths);
    await warm(servers.smallMiss, Object.values(scalePages(SMALL)));

    log('counting KV reads');
    for (const [name, path] of Object.entries(scalePages(BIG))) {
      figures[`reads.${name}.hit`] = await readsPer(servers.quire, path);
      figures[`reads.${name}.miss`] = await readsPer(servers.miss, path);
      figures[`reads.${name}.naive`] = await readsPer(servers.naive, path);
    }

    // The same bytes, for the floor worker and nginx.
    const captured = new Map<string, Page>();
    for (const path of [...Object.values(LOAD_PAGES), '/articles/article-9999'])
      captured.set(path, await capture(servers.quire.url + path));
    const query = searchPath(benchQueries().twoTerms);
    const floor = await serveFloor(new Map([...captured, [query, await capture(servers.quire.url + query)]]));
    const nginx = await startNginx(captured);
    cleanup.push(floor.dispose, nginx.stop);

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

    log('scale: miss latency, one connection, 10 vs 10,000 articles');
    for (const [name, path] of Object.entries(scalePages(BIG))) {
      const smallPath = scalePages(SMALL)[name as keyof ReturnType<typeof scalePages>];
      // Taken in turns, the median of ROUNDS runs each, so drift on a shared machine hits both.
      const big: number[] = [];
      const small: number[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        big.push((await wrk(servers.miss.url + path, { seconds: SECONDS, connections: 1 })).p50Ms);
        small.push((await wrk(servers.smallMiss.url + smallPath, { seconds: SECONDS, connections: 1 })).p50Ms);
      }
      figures[`scale.${name}.p50Ms.at10`] = round(median(small), 3);
      figures[`scale.${name}.p50Ms.at10000`] = round(median(big), 3);
      figures[`scale.${name}.ratio`] = round(median(big) / median(small));
    }

    log('page weight');
    const site = JSON.parse(await readFile(big.releaseModule, 'utf8')).site;
    pageWeight('home', captured.get('/') as Page);
    pageWeight('article', captured.get('/articles/article-9999') as Page, renderMarkdown(essay(500, 10_000), site).html);

    log('CPU per request, in process');
    const loaded = loadSite(benchSite(BIG));
    if (!loaded.ok) throw new Error('the bench site does not load');
    const release = await compileRelease(loaded.site);
    const cpu = await cpuPerPage(release, Object.values(scalePages(BIG)), 300);
    for (const [name, path] of Object.entries(scalePages(BIG))) {
      for (const kind of ['miss', 'naive', 'hit', 'floor'] as const) {
        figures[`cpu.${name}.${kind}.p50Ms`] = round(cpu[path][kind].p50Ms, 3);
        figures[`cpu.${name}.${kind}.p99Ms`] = round(cpu[path][kind].p99Ms, 3);
      }
    }
    // The same pages at 10 articles, for scale without the I/O of the served comparison.
    const smallLoaded = loadSite(benchSite(SMALL));
    if (!smallLoaded.ok) throw new Error('the small bench site does not load');
    const smallCpu = await cpuPerPage(await compileRelease(smallLoaded.site), Object.values(scalePages(SMALL)), 300);
    for (const [name, path] of Object.entries(scalePages(SMALL))) {
      figures[`cpu.${name}.miss.p50Ms.at10`] = round(smallCpu[path].miss.p50Ms, 3);
      figures[`cpu.${name}.missRatio`] = round(figures[`cpu.${name}.miss.p50Ms`] / smallCpu[path].miss.p50Ms);
    }
    log('search in process: uncached queries, index size, keys per added article');
    Object.assign(figures, indexSize(release), await queryCpu(release, benchQueries(), 300));
    const grown = loadSite(benchSite(BIG + 100));
    if (!grown.ok) throw new Error('the grown bench site does not load');
    Object.assign(figures, await indexKeysPerArticle(grown.site, BIG + 1, 100));

    const long = essay(10_000, 0);
    const markedRuns: number[] = [];
    for (let i = 0; i < 30; i++) {
      const t = performance.now();
      renderMarkdown(long, site);
      markedRuns.push(performance.now() - t);
    }
    figures['cpu.markedPer1000Words.p50Ms'] = round(
      percentile(
        markedRuns.sort((a, b) => a - b),
        50,
      ) / 10,
      3,
    );

    log('npm start (quire dev: workerd through miniflare), sample site home');
    const sample = await projectSandbox();
    cleanup.push(sample.remove);
    const dev = await startDev(sample.dir, ['--no-watch']);
    cleanup.push(dev.stop);
    await warm(dev, ['/']);
    const viaDev = await wrk(`${dev.url}/`, { seconds: SECONDS * 2, connections: CONNECTIONS });
    figures['load.wranglerDev.home.hit.rps'] = round(viaDev.requestsPerSecond, 0);
    figures['load.wranglerDev.home.hit.p99Ms'] = round(viaDev.p99Ms);

    figures['bench.seconds'] = round((performance.now() - started) / 1000, 0);
    const results = {
      date: new Date().toISOString(),
      machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGiB: round(totalmem() / 2 ** 30, 0) },
      versions: versions(),
      settings: { seconds: SECONDS, rounds: ROUNDS, connections: CONNECTIONS },
      figures,
    };
    await mkdir(join(ROOT, 'bench'), { recursive: true });
    await writeFile(join(ROOT, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
    await writeReport(join(ROOT, 'BENCHMARKS.md'), results);
    log(`done in ${figures['bench.seconds']} s: bench/results.json, BENCHMARKS.md`);
  } finally {
    for (const stop of cleanup.reverse()) await stop().catch(() => undefined);
  }
}

await main();
