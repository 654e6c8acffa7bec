/**
 * The load test's read errors, reduced (`node --import tsx bench/load/keepalive-repro.ts`, about a
 * minute): a worker answering 30 KB from a constant, in workerd through miniflare's API, and the
 * same bytes from a Node server, each under wrk at 64 connections for 8 s, with and without a Lua
 * `request()` script. wrk counts a read error when the server closes a keep-alive connection it
 * has already sent its next request on. Seen on a loaded 2-core machine: workerd with the script,
 * 64 (one per connection) in most runs; workerd without it, and Node with or without it, none;
 * 2 s runs, none. Nothing Quire sends or answers is involved. On a quiet machine (30 November) no
 * read errors either way: the closing depends on whether workerd's loop starves connections for
 * more than 5 s, which is timing (run.ts's header, close-probe.ts, starve-repro.ts).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Miniflare } from 'miniflare';

const run = promisify(execFile);
const BODY = 'x'.repeat(30_000);

async function wrk(url: string, script?: string): Promise<string> {
  const { stdout } = await run('wrk', ['-t2', '-c64', '-d8s', ...(script ? ['-s', script] : []), url]);
  return `${stdout.match(/(\d+) requests in/)?.[1]} requests, ${stdout.match(/Socket errors: .*/)?.[0] ?? 'no socket errors'}`;
}

const dir = await mkdtemp(join(tmpdir(), 'quire-repro-'));
const script = join(dir, 'request.lua');
await writeFile(script, 'function request() return wrk.format(nil, "/page-" .. math.random(1, 1000)) end\n');
const mf = new Miniflare({
  modules: true,
  script: `const BODY = ${JSON.stringify(BODY)};\nexport default { fetch: () => new Response(BODY) };`,
  compatibilityDate: '2026-04-20',
  host: '127.0.0.1',
  port: 0,
});
const node = createServer((_, res) => res.end(BODY));
node.keepAliveTimeout = 60_000;
await new Promise<void>((done) => node.listen(0, '127.0.0.1', done));
const address = node.address();
try {
  const servers = { workerd: (await mf.ready).origin, node: `http://127.0.0.1:${typeof address === 'object' && address?.port}` };
  for (const [name, url] of Object.entries(servers)) {
    for (const round of [1, 2]) {
      console.log(`${name}, round ${round}: with a request() script ${await wrk(url, script)}; without ${await wrk(url)}`);
    }
  }
} finally {
  node.close();
  node.closeAllConnections();
  await mf.dispose();
  await rm(dir, { recursive: true, force: true });
}
