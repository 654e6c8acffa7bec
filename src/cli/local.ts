import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Root } from '../content/stored';

/** Where the worker finds the release it serves: bundled with it, so no KV read is needed. */
export const RELEASE_MODULE = 'src/generated/release.json';

/** miniflare's state folder, shared with `wrangler dev` (its default `--persist-to`). */
export const DEFAULT_PERSIST = '.wrangler/state';

/** Write a file so that readers (wrangler's watcher) see the old or the new content, never half. */
export async function writeAtomically(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, path);
}

/** Point the worker at a release: the module `src/index.ts` imports. */
export const writeReleaseModule = (root: Root, file = RELEASE_MODULE): Promise<void> =>
  writeAtomically(file, `${JSON.stringify(root, null, 1)}\n`);
