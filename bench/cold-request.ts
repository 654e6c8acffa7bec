/**
 * One cold request, in a fresh process (spawned by bench/cold.ts). Each app below is new and
 * reads its own copy of the release's KV values, so no request finds what another kept. The very
 * first request of the process pays for compiling the code it runs as well; then, after WARM_UPS
 * more such requests on copies of their own, the same first-ever request is timed once more with
 * the code compiled, as in an isolate that has served other pages. CPU by process.cpuUsage() (user +
 * system, every thread of the process). Prints one line of JSON.
 * Run: `node --import tsx bench/cold-request.ts <dump.json> <path>`.
 */
import { readFileSync } from 'node:fs';
import * as v from 'valibot';
import { createApp } from '../src/app';
import { rootSchema } from '../src/content/stored';
import { memoryKV } from './cpu';

const [file, path] = process.argv.slice(2);
if (!file || !path?.startsWith('/')) throw new Error('usage: bench/cold-request.ts <dump.json> <path>');
const dump = JSON.parse(readFileSync(file, 'utf8')) as { root: unknown; entries: [string, string][] };
const entries = new Map(dump.entries.map(([key, base64]) => [key, new Uint8Array(Buffer.from(base64, 'base64'))]));
const root = v.parse(rootSchema, dump.root);

async function firstEver() {
  const app = createApp(root);
  const env = { CONTENT: memoryKV(new Map(entries)) } as Env;
  const before = process.cpuUsage();
  const res = await app.request(path, {}, env);
  const bytes = (await res.arrayBuffer()).byteLength;
  const used = process.cpuUsage(before);
  return { status: res.status, bytes, cpuMs: (used.user + used.system) / 1000 };
}

// Enough for V8 to have compiled what the request runs; more changes little on a quiet machine.
const WARM_UPS = 5;

const fresh = await firstEver();
for (let i = 0; i < WARM_UPS; i++) await firstEver();
const compiled = await firstEver();
console.log(JSON.stringify({ fresh, compiled }));
