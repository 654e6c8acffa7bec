import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { context, type Message } from 'esbuild';
import { Miniflare } from 'miniflare';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';
import { bundleOptions } from './bundle';
import { contentNamespaceId } from './wrangler';

export interface LocalServer {
  url: string;
  /** Bundle the worker again (the release module changed) and serve the new bundle if it differs. */
  reload(): Promise<void>;
  close(): Promise<void>;
}

export interface ServeOptions {
  port: number;
  persistTo: string;
  /** The release module the worker is bundled with. */
  releaseModule: string;
  /** Also rebundle whenever a source file changes (esbuild's watcher). */
  watchSource?: boolean;
}

/**
 * The worker of wrangler.toml served by workerd through miniflare's API, with no `wrangler dev`
 * proxy in front: workerd answers every client itself (a client that vanishes mid-request, an
 * unknown method), so the server keeps running, and about five times faster. Compatibility,
 * static assets (with .assetsignore) and the KV state are wrangler's, read from wrangler.toml.
 */
export async function serveLocally({ port, persistTo, releaseModule, watchSource = false }: ServeOptions): Promise<LocalServer> {
  const { workerOptions, main } = unstable_getMiniflareWorkerOptions('wrangler.toml');
  if (!main) throw new Error('wrangler.toml has no `main`: the worker to serve');
  let served = '';
  let mf: Miniflare | undefined;
  let queue = Promise.resolve();
  const options = (script: string) => ({
    modules: true,
    script,
    compatibilityDate: workerOptions.compatibilityDate,
    compatibilityFlags: workerOptions.compatibilityFlags,
    assets: workerOptions.assets,
    kvNamespaces: { CONTENT: contentNamespaceId() },
    kvPersist: join(persistTo, 'v3', 'kv'),
    // No fetch of Cloudflare's `request.cf` sample: offline it only costs a timeout.
    cf: false,
    host: '127.0.0.1',
    port,
    handleRuntimeStdio,
  });
  const serve = (script: string) => {
    if (script === served) return queue;
    served = script;
    queue = queue.then(() => mf?.setOptions(options(script)));
    return queue;
  };
  const bundling = bundleOptions(main, releaseModule);
  const ctx = await context({
    ...bundling,
    plugins: [
      ...(bundling.plugins ?? []),
      {
        name: 'serve',
        setup(b) {
          b.onEnd((result) => {
            const script = result.outputFiles?.[0]?.text;
            if (result.errors.length > 0)
              console.error(
                `quire: the worker does not build${mf ? '; serving the last build' : ''}:\n${located(result.errors)}`,
              );
            else if (script && mf)
              return serve(script).catch((error: Error) => console.error(`quire: reload failed: ${error.message}`));
          });
        },
      },
    ],
  });
  // The first build must succeed: there is no earlier one to keep serving.
  served = await ctx.rebuild().then(
    (first) => first.outputFiles?.[0]?.text ?? '',
    async () => {
      await ctx.dispose();
      throw new Error('fix the worker (above) and start again');
    },
  );
  mf = new Miniflare(options(served));
  try {
    await mf.ready;
  } catch (error) {
    await Promise.all([mf.dispose().catch(() => {}), ctx.dispose()]);
    throw inUse(error, port) ?? error;
  }
  if (watchSource) await ctx.watch();
  return {
    url: `http://127.0.0.1:${port}`,
    reload: async () => {
      await ctx.rebuild();
      await queue;
    },
    close: async () => {
      await ctx.dispose();
      await queue.catch(() => {});
      await mf?.dispose();
    },
  };
}

const located = (errors: Message[]) =>
  errors.map(({ location: at, text }) => (at ? `${at.file}:${at.line}:${at.column + 1}: ${text}` : text)).join('\n');

// workerd's own reports of a client's malformed request (already answered 400 or 500) and its
// stack addresses mean nothing to an author; the worker's errors and console output pass through.
const NOISE = /^stack: |kj\/compat\/http\.c\+\+|^\*\*\* Fatal uncaught kj::Exception: .*Address already in use/;

function handleRuntimeStdio(stdout: Readable, stderr: Readable): void {
  stdout.pipe(process.stdout);
  createInterface({ input: stderr, crlfDelay: Number.POSITIVE_INFINITY }).on('line', (line) => {
    if (!NOISE.test(line)) process.stderr.write(`${line}\n`);
  });
}

function inUse(error: unknown, port: number): Error | undefined {
  const text = String(error instanceof Error ? `${error.message} ${String(error.cause ?? '')}` : error);
  if (/EADDRINUSE|Address already in use|address in use/i.test(text))
    return new Error(`port ${port} is in use (another \`quire dev\`?): stop it, or choose another with --port N`);
}
