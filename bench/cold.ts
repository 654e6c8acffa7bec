/**
 * Cold requests (issue 14): the first request a process ever serves, for the three that did the
 * most work the first time: the 10,000-word essay's first view after publish, the 50,000-word
 * series' first EPUB, a fresh release's first feed. The release is the one `quire publish --local`
 * left in local KV (so whatever publish renders ahead is there, as on Cloudflare); each request
 * runs in `runs` fresh Node processes (bench/cold-request.ts), one after another. The figure is the
 * request with the code compiled: the fresh process's very first request also compiles the app,
 * 100-200 ms in Node whatever the page, which says nothing of the page's own work.
 * Alone, without publishing: `npx tsx bench/cold.ts [runs=9]` (the release compiled and rendered
 * in memory, as publish would upload it to an empty namespace).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { withRenders } from '../src/cli/prerender';
import { isSourceKey } from '../src/content/keys';
import { paths } from '../src/content/paths';
import { compile } from '../tests/support/compile';
import { percentile } from './cpu';
import { localKV } from './serve';
import { coldSite, LONG_ESSAY, LONG_SERIES } from './site';
import type { COLD_SHOWN } from './targets';

const ROOT = resolve(import.meta.dirname, '..');
const run = promisify(execFile);

/** The three the issue names, and the long series' feed (shown beside them, not in the target). */
export const COLD_PATHS = {
  essay: paths.article(LONG_ESSAY),
  epub: paths.book(LONG_SERIES),
  feed: '/feed.xml',
  seriesFeed: paths.feed(paths.series(LONG_SERIES), 'feed.xml'),
} as const satisfies Record<(typeof COLD_SHOWN)[number], string>;

/** Every value of the published local KV and the live root, in one file for the fresh processes. */
export async function dumpRelease(persist: string, releaseModule: string, file: string): Promise<number> {
  const kv = await localKV(persist);
  try {
    const entries: [string, string][] = [];
    for (const key of await kv.keys()) {
      const value = await kv.get(key);
      if (value !== null) entries.push([key, Buffer.from(value).toString('base64')]);
    }
    const root = JSON.parse(await readFile(releaseModule, 'utf8'));
    await writeFile(file, JSON.stringify({ root, entries }));
    return entries.length;
  } finally {
    await kv.dispose();
  }
}

interface Answer {
  status: number;
  bytes: number;
  cpuMs: number;
}

export interface Cold {
  /** CPU of the first-ever request with the code compiled (as in an isolate that served other pages), p50 over the processes, ms. */
  p50Ms: number;
  minMs: number;
  maxMs: number;
  /** CPU of the very first request of a fresh process, compiling the code it runs (p50, ms). */
  freshP50Ms: number;
  /** Answers other than 200 over every request timed ("being prepared" is one). */
  non200: number;
  bytes: number;
}

export async function coldRequest(dump: string, path: string, runs: number): Promise<Cold> {
  const compiled: number[] = [];
  const fresh: number[] = [];
  let non200 = 0;
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'bench/cold-request.ts', dump, path], {
      cwd: ROOT,
      maxBuffer: 1024 * 1024,
    });
    const answer = JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as { fresh: Answer; compiled: Answer };
    compiled.push(answer.compiled.cpuMs);
    fresh.push(answer.fresh.cpuMs);
    non200 += Number(answer.fresh.status !== 200) + Number(answer.compiled.status !== 200);
    bytes = answer.compiled.bytes;
  }
  compiled.sort((a, b) => a - b);
  fresh.sort((a, b) => a - b);
  const p50Ms = percentile(compiled, 50);
  return { p50Ms, minMs: compiled[0], maxMs: compiled[compiled.length - 1], freshP50Ms: percentile(fresh, 50), non200, bytes };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const runs = Number(process.argv[2] ?? 9);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`bench/cold.ts: ${process.argv[2]} is not a number of runs`);
  const release = await withRenders(await compile(coldSite()));
  const dir = await mkdtemp(join(tmpdir(), 'quire-cold-'));
  try {
    const dump = join(dir, 'release-dump.json');
    const entries = [...release.entries]
      .filter(([key]) => !isSourceKey(key))
      .map(([key, value]) => [key, Buffer.from(value).toString('base64')]);
    await writeFile(dump, JSON.stringify({ root: release.root, entries }));
    for (const [name, path] of Object.entries(COLD_PATHS)) {
      const c = await coldRequest(dump, path, runs);
      console.log(
        `${name} ${path}: p50 ${c.p50Ms.toFixed(2)} ms (min ${c.minMs.toFixed(2)}, max ${c.maxMs.toFixed(2)}; very first ${c.freshP50Ms.toFixed(1)} ms; ${c.non200} not 200; ${runs} processes)`,
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
