import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Release } from '../content/release';
import { runWrangler } from './wrangler';

/** Where the worker finds the release it serves: bundled with it, so no KV read is needed. */
export const RELEASE_MODULE = 'src/generated/release.json';

export const DEFAULT_PERSIST = '.wrangler/state';

/** Write a file so that readers (wrangler's watcher) see the old or the new content, never half. */
export async function writeAtomically(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, path);
}

/** The release module alone, e.g. for type-checking and tests, without touching KV. */
export const writeReleaseModule = (release: Release, file = RELEASE_MODULE): Promise<void> =>
  writeAtomically(file, `${JSON.stringify(release.root, null, 1)}\n`);

export interface LocalTarget {
  /** miniflare's state folder, as `wrangler dev --persist-to` uses it. */
  persistTo?: string;
  /** The release module the worker is bundled with. */
  moduleFile?: string;
  /** How wrangler is run; tests pass one that fails to interrupt a publish. */
  run?: typeof runWrangler;
}

/**
 * Put a release into miniflare's local KV (the state `npm start` serves), then switch the
 * worker to it. Entries are content-addressed, so only keys this state has not seen are put.
 */
export async function publishLocal(release: Release, target: LocalTarget = {}): Promise<{ added: number }> {
  const { persistTo = DEFAULT_PERSIST, moduleFile = RELEASE_MODULE, run = runWrangler } = target;
  const seenFile = join(persistTo, 'quire-local-keys.json');
  const seen = new Set<string>(JSON.parse(await readFile(seenFile, 'utf8').catch(() => '[]')));
  const missing = [...release.entries].filter(([key]) => !seen.has(key));
  if (missing.length > 0) {
    const batch = join(persistTo, 'quire-batch.json');
    await writeAtomically(batch, JSON.stringify(missing.map(([key, value]) => ({ key, value }))));
    await run(['kv', 'bulk', 'put', batch, '--binding', 'CONTENT', '--local', '--persist-to', persistTo]);
    for (const [key] of missing) seen.add(key);
    await writeAtomically(seenFile, JSON.stringify([...seen]));
  }
  // Last step, as in a real publish: the worker switches only once every entry is in place.
  await writeReleaseModule(release, moduleFile);
  return { added: missing.length };
}
