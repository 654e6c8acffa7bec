/** Debian's wrk (the load generator) and nginx (the physical limit), run on 127.0.0.1 and stopped. */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../tests/support/sandbox';
import type { Page } from './serve';

const run = promisify(execFile);

export interface WrkResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Non-2xx/3xx answers plus socket errors. */
  errors: number;
}

const MS = { us: 0.001, ms: 1, s: 1000 } as const;

function latency(output: string, percentile: string): number {
  const found = output.match(new RegExp(`^\\s+${percentile}%\\s+([\\d.]+)(us|ms|s)\\s*$`, 'm'));
  if (!found) throw new Error(`wrk printed no ${percentile}% latency:\n${output}`);
  return Number(found[1]) * MS[found[2] as keyof typeof MS];
}

/** `wrk` for `seconds` at `connections`, with its latency distribution. */
export async function wrk(
  url: string,
  { seconds, connections, threads = 2 }: { seconds: number; connections: number; threads?: number },
) {
  const args = [`-t${Math.min(threads, connections)}`, `-c${connections}`, `-d${seconds}s`, '--latency', url];
  const { stdout } = await run('wrk', args, { timeout: (seconds + 30) * 1000 });
  const requests = Number(stdout.match(/(\d+) requests in/)?.[1]);
  const socket = stdout.match(/Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/);
  const non2xx = Number(stdout.match(/Non-2xx or 3xx responses: (\d+)/)?.[1] ?? 0);
  return {
    requestsPerSecond: Number(stdout.match(/Requests\/sec:\s+([\d.]+)/)?.[1]),
    p50Ms: latency(stdout, '50'),
    p99Ms: latency(stdout, '99'),
    requests,
    errors: non2xx + (socket ? socket.slice(1).reduce((n, x) => n + Number(x), 0) : 0),
  } satisfies WrkResult;
}

// Linux counts a process's CPU time in clock ticks of 1/100 s (USER_HZ, `getconf CLK_TCK`).
const TICK_MS = 10;

/** CPU time (user + system) a process has used so far, in ms, from /proc. */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

/**
 * The CPU the server process `pid` spends per request at `url`, in ms: its CPU time over a wrk
 * run (4 connections) divided by the requests served. Unlike requests/s, other work on the
 * machine does not move it, and it counts all the server's threads: for workerd, the worker, the
 * local KV and cache simulators and the HTTP handling.
 */
export async function cpuPerRequest(pid: number, url: string, seconds: number): Promise<number> {
  const before = cpuMsOf(pid);
  const { requests } = await wrk(url, { seconds, connections: 4 });
  return (cpuMsOf(pid) - before) / requests;
}

export async function have(command: string): Promise<boolean> {
  return run('sh', ['-c', `command -v ${command}`]).then(
    () => true,
    () => false,
  );
}

/** nginx serving `pages` (path → the worker's bytes) as static files, with a config written here. */
export async function startNginx(pages: Map<string, Page>): Promise<{ url: string; stop: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'quire-nginx-'));
  await chmod(dir, 0o755); // nginx's workers run as an unprivileged user
  const root = join(dir, 'www');
  for (const [path, page] of pages) {
    const file = join(root, path === '/' ? 'index.html' : path);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, page.body);
  }
  const port = await freePort();
  const conf = join(dir, 'nginx.conf');
  await writeFile(
    conf,
    `worker_processes auto;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path ${dir}/tmp;
  proxy_temp_path ${dir}/tmp;
  fastcgi_temp_path ${dir}/tmp;
  uwsgi_temp_path ${dir}/tmp;
  scgi_temp_path ${dir}/tmp;
  types { text/html html; application/rss+xml xml; }
  default_type text/html;
  server {
    listen 127.0.0.1:${port};
    root ${root};
    location / { try_files $uri $uri/index.html =404; }
  }
}
`,
  );
  const child: ChildProcess = spawn('nginx', ['-e', join(dir, 'error.log'), '-p', dir, '-c', conf], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (
      await fetch(url).then(
        () => true,
        () => false,
      )
    )
      break;
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}; see ${dir}/error.log`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((done) => child.once('exit', done));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
