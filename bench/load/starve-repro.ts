/**
 * workerd's event loop under a closed-loop load (`node --import tsx bench/load/starve-repro.ts`,
 * about 40 s): a worker answering 3 KB from a constant and a pulse worker answering nothing, in
 * one workerd through miniflare's API. wrk keeps 64 connections busy on the first for 15 s (twice,
 * with and without a Lua request() script) while Node asks the pulse every 50 ms on its own
 * connection. Prints wrk's socket errors and every pulse answer slower than half a second.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Miniflare } from 'miniflare';
import { watchPulse } from './pulse';

const run = promisify(execFile);
const dir = await mkdtemp(join(tmpdir(), 'quire-starve-'));
const script = join(dir, 'request.lua');
await writeFile(script, 'function request() return wrk.format(nil, "/page-" .. math.random(1, 1000)) end\n');
const mf = new Miniflare({
  workers: [
    {
      name: 'site',
      modules: true,
      script: `const BODY = 'x'.repeat(3000);\nexport default { fetch: () => new Response(BODY) };`,
    },
    {
      name: 'pulse',
      modules: true,
      script: 'export default { fetch: () => new Response(null) };',
      unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }],
    },
  ].map((worker) => ({ ...worker, compatibilityDate: '2026-04-20' })),
  host: '127.0.0.1',
  port: 0,
});
try {
  const url = (await mf.ready).origin;
  const pulse = watchPulse((await mf.unsafeGetDirectURL('pulse')).href);
  for (const args of [['-s', script], []]) {
    const started = pulse.now();
    const { stdout } = await run('wrk', ['-t2', '-c64', '-d15s', ...args, url]);
    const errors = stdout.match(/Socket errors: .*/)?.[0] ?? 'no socket errors';
    console.log(
      `wrk ${args.length ? 'with' : 'without'} a script from ${started} s: ${stdout.match(/(\d+) requests in/)?.[1]} requests, ${errors}`,
    );
    console.log(`  pulse answers slower than 0.5 s (asked at, ms): ${JSON.stringify(pulse.take())}`);
  }
  await pulse.stop();
} finally {
  await mf.dispose();
  await rm(dir, { recursive: true, force: true });
}
