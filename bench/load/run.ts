/**
 * `npm run load`: 60 s at 64 connections (wrk) against the worker as deployed (src/index.ts in
 * workerd through miniflare's API, on 127.0.0.1) over the 1,000 articles and the list, tag,
 * series and feed pages of a generated site, in random order, some with junk query strings, one
 * request in twenty for an address that does not exist. Every page is a miss the first time (KV,
 * render, Cache API) and a hit after; the run starts cold.
 *
 * Passes when no answer is a 5xx or anything but a 200 or the expected 404, no request fails to
 * connect or send, no read error or timeout is beyond the runtime's (below), and the site
 * isolate's live JS heap (measured after a full collection) is no larger at the end than after
 * the first, cold third of the run, give or take 10%.
 *
 * wrk counts a "read error" whenever the server closes a keep-alive connection it has already sent
 * its next request on. Those come from workerd's event loop, not from Quire. While its queue has
 * work, workerd (kj) never asks the OS which sockets are ready (strace: no epoll_wait on its one
 * thread for 11 and 19 s of a load phase); reads that find data waiting go on, a connection that
 * must wait is starved until the queue drains. When it drains, kj's HttpServer finds its 5 s
 * pipeline timeout (how long it waits for a keep-alive connection's next request) expired on every
 * starved connection and closes them, request waiting or not: one read error per connection per
 * starvation, the "64 at 64 connections", in the warm-up on a trivial address and in the control
 * too. close-probe.ts reproduces the closing (a 5.3 s hold of the thread closes all 64 connections,
 * 4.8 s none), starve-repro.ts the starving (a worker answering a constant). So the site's workerd
 * also runs a pulse worker, asked every 50 ms from here on its own connection (pulse.ts): each
 * pulse answer slower than the pipeline timeout is one starvation, and a phase fails if it has
 * more read errors than one per connection per starvation (none without one), or more timeouts
 * than one per connection per starvation longer than wrk's 10 s timeout (a request on a starved
 * connection waits the starvation out). The first RUNTIME_WARMUP seconds of load go to an address
 * that touches neither the app nor KV (not counted). The control run, a worker answering the same pages from constants in the same workerd
 * under the same load, is warmed the same way; its socket errors are reported beside ours. Writes
 * bench/load.json. LOAD_SECONDS and LOAD_CONNECTIONS change the run; LOAD_KV_IN_MEMORY=1 (KV
 * values kept in the isolate after one read), LOAD_NO_CACHE=1 (no Cache API) and LOAD_NO_HEAP=1
 * (no heap snapshots over the inspector) take parts out, to see whether the read errors change.
 * Needs Debian's wrk, and Node's --experimental-websocket (npm run load passes it).
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../tests/support/sandbox';
import { bundleWorker, capture, type Page, publishedSite, serve, serveFloor } from '../serve';
import { benchSite } from '../site';
import { have } from '../tools';
import { isolateHeap } from './inspector';
import { IDLE, IDLE_PATH, LUA } from './mix';
import { watchPulse } from './pulse';

const ROOT = resolve(import.meta.dirname, '../..');
const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const CONNECTIONS = Number(process.env.LOAD_CONNECTIONS ?? 64);
const ARTICLES = 1000;
const RUNTIME_WARMUP = 20;
// kj's HttpServer closes a keep-alive connection whose next request it has not seen for 5 s.
const PIPELINE_TIMEOUT_MS = 5000;
const WRK_TIMEOUT_MS = 10_000;
const run = promisify(execFile);
const log = (line: string) => process.stderr.write(`load: ${line}\n`);
const mib = (bytes: number) => Number((bytes / 2 ** 20).toFixed(1));

interface Outcome {
  requests: number;
  seconds: number;
  answers: { ok: number; missing: number; other: number; errors5xx: number };
  socket: { connect: number; read: number; write: number; timeout: number };
  latencyMs: { p50: number; p99: number; max: number };
}

/** wrk with the mix script; its `done` hook prints the counts every thread kept. */
async function load(url: string, script: string, seconds: number): Promise<Outcome> {
  // wrk's default 2 s timeout would count a slow answer as a socket error; 10 s still catches a hang.
  const args = [
    '-t2',
    `-c${CONNECTIONS}`,
    `-d${seconds}s`,
    '--timeout',
    `${WRK_TIMEOUT_MS / 1000}s`,
    '--latency',
    '-s',
    script,
    url,
  ];
  const { stdout } = await run('wrk', args, { timeout: (seconds + 60) * 1000 });
  const numbers = (tag: string) => {
    const line = stdout.match(new RegExp(`^${tag} (.*)$`, 'm'));
    if (!line) throw new Error(`wrk printed no ${tag} line:\n${stdout}`);
    return Object.fromEntries(
      line[1]
        .split(' ')
        .map((pair) => pair.split('='))
        .map(([k, v]) => [k, Number(v)]),
    );
  };
  const [status, latency, total, socket] = ['STATUS', 'LATENCY', 'TOTAL', 'SOCKET'].map(numbers);
  return {
    requests: total.requests,
    seconds: total.seconds,
    answers: { ok: status.ok, missing: status.missing, other: status.other, errors5xx: status.errors5xx },
    socket: { connect: socket.connect, read: socket.read, write: socket.write, timeout: socket.timeout },
    latencyMs: { p50: latency.p50 / 1000, p99: latency.p99 / 1000, max: latency.max / 1000 },
  };
}

async function main() {
  if (!(await have('wrk'))) throw new Error('wrk is not installed: apt-get install -y wrk');
  const work = await mkdtemp(join(tmpdir(), 'quire-load-'));
  const site = await publishedSite();
  const stops: (() => Promise<unknown>)[] = [site.remove, () => rm(work, { recursive: true, force: true })];
  try {
    log(`publishing ${ARTICLES} articles`);
    await site.publish(benchSite(ARTICLES));
    const inspectorPort = await freePort();
    const server = await serve(await bundleWorker(site.releaseModule), {
      persist: site.persist,
      mode: 'quire',
      kvInMemory: process.env.LOAD_KV_IN_MEMORY === '1',
      cache: process.env.LOAD_NO_CACHE !== '1',
      cachePersist: join(work, 'cache'),
      inspectorPort,
      pulse: true,
    });
    stops.unshift(server.dispose);
    const pulse = watchPulse(server.pulseUrl as string);
    stops.unshift(pulse.stop);
    // One phase of load, with how often workerd's loop starved the pulse past kj's pipeline timeout.
    const phase = async (script: string, seconds: number) => {
      pulse.take();
      const outcome = await load(server.url, script, seconds);
      await new Promise((done) => setTimeout(done, 500)); // the pulse answer the load held back
      // Each pulse answer held past the pipeline timeout is one starvation (in seconds).
      const starved = pulse
        .take()
        .filter((stall) => stall.ms > PIPELINE_TIMEOUT_MS)
        .map((stall) => Math.round(stall.ms / 100) / 10);
      return { ...outcome, starved };
    };
    const paths = [
      ...Array.from({ length: ARTICLES }, (_, i) => `/articles/article-${i}`),
      ...Array.from({ length: 50 }, (_, i) => (i === 0 ? '/' : `/page/${i + 1}`)),
      ...['essays', 'history', 'politics', 'europe', 'economics'].map((t) => `/tags/${t}`),
      ...Array.from({ length: 20 }, (_, i) => `/series/series-${i}`),
      ...['/series', '/archive', '/archive/2000', '/feed.xml', '/atom.xml', '/feed.json', '/sitemap.xml', '/about'],
    ];
    // A cold full-text feed answers 503 + Retry-After while its window renders (a few requests'
    // worth); this run is about serving, so the site's feed window is built first.
    for (let attempt = 0; attempt < 20; attempt++) {
      const res = await fetch(`${server.url}/feed.xml`);
      await res.arrayBuffer();
      if (res.status === 200) break;
      await new Promise((done) => setTimeout(done, 200));
    }
    const script = join(work, 'mix.lua');
    await writeFile(script, LUA(paths));
    const idle = join(work, 'idle.lua');
    await writeFile(idle, IDLE);
    log(`${RUNTIME_WARMUP} s of load on ${IDLE_PATH}, past workerd's first seconds (not counted)`);
    const warmup = await phase(idle, RUNTIME_WARMUP);
    const heap =
      process.env.LOAD_NO_HEAP === '1' ? { liveBytes: async () => 0, close: () => undefined } : await isolateHeap(inspectorPort);
    stops.unshift(async () => heap.close());
    const readsBefore = await server.reads();

    // Two phases: the first third starts cold (every page a miss once), the rest is steady. The
    // live heap is read between and after them, when no request is in flight (a heap snapshot
    // stops the isolate while it is taken).
    const cold = Math.round(SECONDS / 3);
    log(`${cold} s from cold, then ${SECONDS - cold} s, at ${CONNECTIONS} connections over ${paths.length} pages`);
    const first = await phase(script, cold);
    const liveAfterFirst = await heap.liveBytes();
    const second = await phase(script, SECONDS - cold);
    const liveAtEnd = await heap.liveBytes();
    const kvReads = (await server.reads()) - readsBefore;
    const sum = <T extends Record<string, number>>(a: T, b: T) =>
      Object.fromEntries(Object.keys(a).map((k) => [k, a[k] + b[k]])) as T;
    const quire = {
      requests: first.requests + second.requests,
      seconds: first.seconds + second.seconds,
      answers: sum(first.answers, second.answers),
      socket: sum(first.socket, second.socket),
    };

    log('control: a worker answering these very pages from constants, same load');
    const pages = new Map<string, Page>();
    for (const path of paths) pages.set(path, await capture(`${server.url}${path}`));
    const floor = await serveFloor(pages);
    stops.unshift(floor.dispose);
    const controlWarmup = await load(floor.url, idle, RUNTIME_WARMUP);
    const control = await load(floor.url, script, SECONDS);

    const result = {
      date: new Date().toISOString(),
      seconds: Math.round(quire.seconds),
      connections: CONNECTIONS,
      pages: paths.length,
      requests: quire.requests,
      requestsPerSecond: Math.round(quire.requests / quire.seconds),
      latencyMs: { fromCold: first.latencyMs, steady: second.latencyMs },
      answers: quire.answers,
      socketErrors: quire.socket,
      runtimeWarmup: { seconds: RUNTIME_WARMUP, socketErrors: warmup.socket, loopStarved: warmup.starved },
      readErrors: { fromCold: first.socket.read, steady: second.socket.read },
      loopStarved: { fromCold: first.starved, steady: second.starved },
      kvReads,
      isolateLiveHeapMiB: { afterColdThird: mib(liveAfterFirst), atEnd: mib(liveAtEnd) },
      control: {
        requestsPerSecond: Math.round(control.requests / control.seconds),
        socketErrors: control.socket,
        runtimeWarmup: { socketErrors: controlWarmup.socket },
      },
    };
    await mkdir(join(ROOT, 'bench'), { recursive: true });
    await writeFile(join(ROOT, 'bench/load.json'), `${JSON.stringify(result, null, 2)}\n`);
    console.log(JSON.stringify(result, null, 2));

    const { answers, socketErrors } = result;
    const problems = [
      answers.errors5xx > 0 && `${answers.errors5xx} answers were 5xx`,
      answers.other > 0 && `${answers.other} answers were neither 200 nor the expected 404`,
      socketErrors.connect + socketErrors.write > 0 && 'requests could not be connected or sent',
      ...[first, second].flatMap((phase, i) => {
        const name = i === 0 ? 'cold' : 'steady';
        // A request on a starved connection waits out the starvation: longer than wrk's timeout, a timeout.
        const long = phase.starved.filter((seconds) => seconds * 1000 > WRK_TIMEOUT_MS).length;
        return [
          phase.socket.read > CONNECTIONS * phase.starved.length &&
            `${phase.socket.read} connections were closed mid-request in the ${name} phase, more than one per ` +
              `connection per starvation of workerd's loop (${phase.starved.length}; the control: ${control.socket.read})`,
          phase.socket.timeout > CONNECTIONS * long &&
            `${phase.socket.timeout} requests timed out in the ${name} phase, more than one per connection per ` +
              `starvation longer than wrk's timeout (${long})`,
        ];
      }),
      !(liveAtEnd <= liveAfterFirst * 1.1 + 2 ** 20) &&
        `the isolate's live heap grew from ${mib(liveAfterFirst)} to ${mib(liveAtEnd)} MiB`,
    ].filter(Boolean);
    if (problems.length > 0) {
      console.error(`load: FAILED: ${problems.join('; ')}`);
      process.exitCode = 1;
    } else {
      console.error(
        `load: passed: ${quire.requests} requests, no errors of ours (read errors ${first.socket.read} + ` +
          `${second.socket.read}, timeouts ${quire.socket.timeout}, none beyond workerd's starved loop: ` +
          `${JSON.stringify([first.starved, second.starved])} s; ` +
          `the control ${control.socket.read}), ` +
          `steady p99 ${second.latencyMs.p99} ms, live heap steady`,
      );
    }
  } finally {
    for (const stop of stops) await stop().catch(() => undefined);
  }
}

await main();
