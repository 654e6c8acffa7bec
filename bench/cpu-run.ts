/**
 * CPU per page in process (bench/cpu.ts) over sites as published to local KV, in a process of its
 * own that bench/run.ts spawns: the sizes are timed together, request by request in turns, in one
 * state (a heap holding only the values their pages read), not after the bench's other work.
 * A 10-article page timed in a heap that also holds a 10,000-article site costs more, though it is
 * the same page; timed minutes apart on a shared machine, it costs what the machine's load says.
 * Prints one PageTimings a site, as one line of JSON (the last line of stdout).
 * Run: `node --import tsx bench/cpu-run.ts '<CpuRun as JSON>'`.
 */
import { readFile } from 'node:fs/promises';
import * as v from 'valibot';
import { rootSchema } from '../src/content/stored';
import { cpuPerPage, type Kind, memoryKV } from './cpu';
import { localKV } from './serve';

export interface CpuRun {
  /** Each site's local KV (`.wrangler/state`), its live root, and its pages (the same pages at each size). */
  sites: { persist: string; releaseModule: string; paths: string[] }[];
  kinds: Kind[];
  runs: number;
}

const KINDS: readonly Kind[] = ['miss', 'naive', 'hit', 'floor'];
const asked = JSON.parse(process.argv[2] ?? 'null') as CpuRun | null;
if (!asked?.sites?.length || !asked.kinds.every((k) => KINDS.includes(k)) || !(asked.runs >= 1))
  throw new Error(`bench/cpu-run.ts: expected a CpuRun as JSON, got ${process.argv[2]}`);

const kvs = await Promise.all(asked.sites.map((site) => localKV(site.persist)));
try {
  const sites = await Promise.all(
    asked.sites.map(async (site, i) => ({
      root: v.parse(rootSchema, JSON.parse(await readFile(site.releaseModule, 'utf8'))),
      // Each value is read from local KV once, then from memory.
      kv: memoryKV(new Map(), kvs[i].get),
      paths: site.paths,
    })),
  );
  console.log(JSON.stringify(await cpuPerPage(sites, asked.runs, asked.kinds)));
} finally {
  for (const kv of kvs) await kv.dispose();
}
