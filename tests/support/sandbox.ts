import { type ChildProcess, spawn } from 'node:child_process';
import { cp, mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

/** A copy of the project in a temporary folder, so a test can edit content and run the CLI freely. */
export async function projectSandbox(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'quire-test-'));
  const skip = (path: string) => !path.includes(`${join('src', 'generated')}`);
  // Every tsconfig: wrangler's esbuild reads the JSX settings through tsconfig.json's `extends`.
  const tsconfigs = (await readdir(ROOT)).filter((name) => /^tsconfig(\..+)?\.json$/.test(name));
  for (const entry of ['src', 'content', 'wrangler.toml', 'package.json', ...tsconfigs]) {
    await cp(join(ROOT, entry), join(dir, entry), { recursive: true, filter: skip });
  }
  await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
    });
  });
}

export interface Running {
  url: string;
  output: () => string;
  stop: () => Promise<void>;
}

/** Run `quire <args>` in `dir`; coreutils' timeout guarantees it stops even if the test run dies. */
export function runQuire(dir: string, args: string[], seconds = 240): ChildProcess {
  return spawn('timeout', ['-k', '5', String(seconds), process.execPath, join(dir, 'src/cli/quire.js'), ...args], {
    cwd: dir,
    detached: true,
    env: { ...process.env, NO_COLOR: '1', CI: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * Start `quire dev` on 127.0.0.1 and wait until it answers. It is stopped by `stop()`, when this
 * process exits, and in any case after `seconds` (so a killed test run leaves nothing behind).
 */
export const startDev = (dir: string, extra: string[] = [], seconds = 240): Promise<Running> =>
  startServer(dir, ['dev', ...extra], seconds);

/** Start a serving command (`dev`, `preview`) on a free port with the sandbox's state, as `startDev`. */
export async function startServer(dir: string, args: string[], seconds = 240): Promise<Running> {
  const port = await freePort();
  const child = runQuire(dir, [...args, '--port', String(port), '--persist-to', join(dir, '.state')], seconds);
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const url = `http://127.0.0.1:${port}`;
  // The child leads its own process group (workerd and esbuild under it): signal the group.
  const killGroup = () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // The group is already gone.
    }
  };
  process.once('exit', killGroup);
  const stop = async () => {
    process.off('exit', killGroup);
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise((done) => child.once('exit', done));
    killGroup();
    await exited;
  };
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`quire ${args[0]} exited early:\n${output}`);
    const ok = await fetch(url).then(
      (r) => r.status < 500,
      () => false,
    );
    if (ok) return { url, output: () => output, stop };
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`quire ${args[0]} did not answer within 90 s:\n${output}`);
}

/** Poll until `check` passes or time runs out; returns whether it passed. */
export async function eventually(check: () => Promise<boolean>, seconds = 30): Promise<boolean> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}
