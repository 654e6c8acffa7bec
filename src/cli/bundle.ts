import { resolve } from 'node:path';
import type { BuildOptions } from 'esbuild';

/**
 * esbuild options that bundle a worker as `wrangler deploy` would, with the release module the
 * worker imports (src/generated/release.json) taken from `releaseModule`: the local server and the
 * bench serve a chosen release without touching the project's own module.
 */
export function bundleOptions(entry: string, releaseModule: string, root = process.cwd()): BuildOptions {
  return {
    entryPoints: [resolve(root, entry)],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    minify: true,
    write: false,
    logLevel: 'silent',
    tsconfig: resolve(root, 'tsconfig.json'),
    conditions: ['workerd', 'worker', 'browser'],
    // As wrangler resolves packages: a CommonJS package (the stemmer) has only `main`.
    mainFields: ['browser', 'module', 'main'],
    plugins: [
      {
        name: 'release',
        setup(b) {
          b.onResolve({ filter: /generated\/release\.json$/ }, () => ({ path: resolve(root, releaseModule) }));
        },
      },
    ],
  };
}

/** The worker at `entry` bundled once, as one ES module's text. */
export async function bundleWorker(entry: string, releaseModule: string, root?: string): Promise<string> {
  const { build } = await import('esbuild');
  const result = await build(bundleOptions(entry, releaseModule, root));
  return result.outputFiles?.[0].text ?? '';
}
