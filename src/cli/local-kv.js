// Local KV on a thread of its own (targets.ts's localTarget): one miniflare, started at the
// target's first call. `quire publish` asks for the keys once the content is valid, then compiles
// for seconds without giving its event loop a turn; here workerd starts and lists them meanwhile,
// and miniflare's large module is never loaded into the compiling thread.
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { Miniflare } from 'miniflare';

const { register } = await import('tsx/esm/api');
register();
// wrangler.toml names the namespace (wrangler's package, loaded to read it, stays in this thread too).
const { contentNamespaceId } = await import('./wrangler.ts');
const { persistTo, script } = workerData.options;
const mf = new Miniflare({
  modules: true,
  script,
  kvNamespaces: { CONTENT: contentNamespaceId() },
  kvPersist: join(persistTo, 'v3', 'kv'),
  // No fetch of Cloudflare's `request.cf` sample (the loader never reads it): offline, its
  // failure cost a third of a second of parsing miniflare's source map for the error's stack.
  cf: false,
});

async function send(method, body) {
  const res = await mf.dispatchFetch('http://quire.local/', { method, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`local KV write failed: ${await res.text()}`);
  await res.text();
}

const operations = {
  async list() {
    const res = await mf.dispatchFetch('http://quire.local/');
    if (!res.ok) throw new Error(`listing local KV failed: ${await res.text()}`);
    return res.json();
  },
  async get(key) {
    const res = await mf.dispatchFetch(`http://quire.local/?key=${encodeURIComponent(key)}`);
    if (res.status === 404) return null;
    if (!res.ok) throw new Error(`reading local KV failed: ${await res.text()}`);
    return res.text();
  },
  put: (entries) => send('PUT', entries),
  delete: (keys) => send('DELETE', keys),
  close: () => mf.dispose(),
};

parentPort.on('message', async ({ id, operation, argument }) => {
  try {
    parentPort.postMessage({ id, value: await operations[operation](argument) });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
