import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { HISTORY_KEY } from '../content/keys';
import type { Root } from '../content/stored';
import { RELEASE_MODULE, writeReleaseModule } from './local';
import type { Runner } from './wrangler';

/** Where a release is published: a KV namespace, and the worker that serves one release of it. */
export interface Target {
  name: string;
  listKeys(): Promise<Set<string>>;
  get(key: string): Promise<string | null>;
  /** Put one batch of entries. */
  put(entries: [string, string][]): Promise<void>;
  delete(keys: string[]): Promise<void>;
  /** The switch: the worker serves `root` from now on. Always the last step. */
  activate(root: Root): Promise<void>;
  /** The release the worker is built with here, if this target can tell (the local module). */
  currentId(): Promise<string | null>;
  /** The steps `put` ×batches then `activate` would take, for `--dry-run`. */
  describe(batches: number, root: Root): string[];
  close(): Promise<void>;
}

const WORK_DIR = '.wrangler/quire';

/** Workers KV on Cloudflare, through wrangler (which carries the account and its credentials). */
export function remoteTarget(
  run: Runner,
  { moduleFile, workDir = WORK_DIR }: { moduleFile?: string; workDir?: string } = {},
): Target {
  const kv = (...args: string[]) => run(['kv', ...args, '--binding', 'CONTENT', '--remote']);
  let batch = 0;
  const writeBatch = async (data: unknown): Promise<string> => {
    await mkdir(workDir, { recursive: true });
    const file = join(workDir, `batch-${++batch}.json`);
    await writeFile(file, JSON.stringify(data));
    return file;
  };
  return {
    name: 'Cloudflare (remote KV, wrangler deploy)',
    async listKeys() {
      const listed = JSON.parse(await kv('key', 'list')) as { name: string }[];
      return new Set(listed.map((k) => k.name));
    },
    async get(key) {
      return kv('key', 'get', key, '--text').then(
        (text) => text,
        // wrangler reports a missing value as the API's 404 on its /values/ URL; anything else is trouble.
        (error: Error) => (/\/values\/\S* - 404: Not Found/.test(error.message) ? null : Promise.reject(error)),
      );
    },
    async put(entries) {
      await kv('bulk', 'put', await writeBatch(entries.map(([key, value]) => ({ key, value }))));
    },
    async delete(keys) {
      await kv('bulk', 'delete', await writeBatch(keys), '--force');
    },
    async activate(root) {
      await writeReleaseModule(root, moduleFile);
      await run(['deploy', '--message', `Quire release ${root.id}`]);
    },
    currentId: async () => null,
    describe: (batches, root) => [
      'wrangler kv key list --binding CONTENT --remote',
      ...Array.from(
        { length: batches },
        (_, i) => `wrangler kv bulk put ${join(workDir, `batch-${batch + i + 1}.json`)} --binding CONTENT --remote`,
      ),
      `write ${moduleFile ?? RELEASE_MODULE} (release ${root.id})`,
      `wrangler deploy --message "Quire release ${root.id}"`,
      `wrangler kv bulk put <history> --binding CONTENT --remote (${HISTORY_KEY})`,
    ],
    async close() {},
  };
}

// Writes a batch from inside workerd: one request per batch instead of one per key. Lists every
// key there too: one request instead of one per page of a thousand keys. GET ?key=K reads one.
const LOADER = `export default {
  async fetch(request, env) {
    const key = new URL(request.url).searchParams.get('key');
    if (request.method === 'GET' && key !== null) {
      const value = await env.CONTENT.get(key);
      return value === null ? new Response(null, { status: 404 }) : new Response(value);
    }
    if (request.method === 'GET') {
      const names = [];
      let cursor;
      do {
        const page = await env.CONTENT.list({ cursor });
        for (const key of page.keys) names.push(key.name);
        cursor = page.list_complete ? undefined : page.cursor;
      } while (cursor);
      return Response.json(names);
    }
    const body = await request.json();
    if (request.method === 'DELETE') await Promise.all(body.map((key) => env.CONTENT.delete(key)));
    else await Promise.all(body.map(([key, value]) => env.CONTENT.put(key, value)));
    return new Response('ok');
  },
};`;

/** Calls into local KV's thread (local-kv.js), started at the first call. */
function kvThread(options: { persistTo: string; script: string }) {
  let worker: Worker | undefined;
  let stopped: Error | undefined;
  let next = 0;
  const pending = new Map<number, { done: (value: unknown) => void; fail: (error: Error) => void }>();
  const stop = (error: Error) => {
    stopped ??= error;
    for (const { fail } of pending.values()) fail(error);
    pending.clear();
  };
  const call = <T>(operation: 'list' | 'get' | 'put' | 'delete' | 'close', argument?: unknown): Promise<T> => {
    if (stopped) return Promise.reject(stopped);
    if (!worker) {
      worker = new Worker(new URL('./local-kv.js', import.meta.url), { workerData: { options } });
      worker.on('message', ({ id, value, error }: { id: number; value?: unknown; error?: string }) => {
        const waiting = pending.get(id);
        pending.delete(id);
        if (error === undefined) waiting?.done(value);
        else waiting?.fail(new Error(error));
      });
      worker.on('error', stop);
      worker.on('exit', (code) => stop(new Error(`local KV's thread stopped (exit code ${code})`)));
    }
    const thread = worker;
    return new Promise<T>((done, fail) => {
      pending.set(++next, { done: done as (value: unknown) => void, fail });
      thread.postMessage({ id: next, operation, argument });
    });
  };
  return {
    call,
    async close() {
      if (!worker || stopped) return;
      await call('close').catch(() => {});
      await worker.terminate();
    },
  };
}

/** miniflare's local state, the very KV that `npm start` (`quire dev`) serves, through a thread of its own. */
export function localTarget(persistTo: string, moduleFile?: string): Target {
  const kv = kvThread({ persistTo, script: LOADER });
  return {
    name: `local KV (${persistTo})`,
    listKeys: async () => new Set(await kv.call<string[]>('list')),
    get: (key) => kv.call<string | null>('get', key),
    put: (entries) => kv.call('put', entries),
    delete: (keys) => kv.call('delete', keys),
    activate: (root) => writeReleaseModule(root, moduleFile),
    currentId: () =>
      readFile(moduleFile ?? RELEASE_MODULE, 'utf8').then(
        (text) => (JSON.parse(text) as { id?: string }).id ?? null,
        () => null,
      ),
    describe: (batches, root) => [
      `put ${batches} batches into miniflare's KV state in ${persistTo}`,
      `write ${moduleFile ?? RELEASE_MODULE} (release ${root.id}); a running npm start reloads`,
      `record the release in ${HISTORY_KEY}`,
    ],
    close: () => kv.close(),
  };
}
