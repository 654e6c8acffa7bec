import * as v from 'valibot';
import { releaseKey } from '../content/keys';
import { rootSchema } from '../content/stored';
import { untilSignal } from './dev';
import { DEFAULT_PERSIST, writeReleaseModule } from './local';
import { readHistory } from './publish';
import { serveLocally } from './serve';
import { localTarget } from './targets';

/** Its own module, so the working copy's (src/generated/release.json) is left as `quire dev` wrote it. */
const PREVIEW_MODULE = '.wrangler/quire/preview-release.json';

/** Serve the release last published (or rolled back to) in local KV, as it is: nothing is compiled. */
export async function preview({ port, persistTo = DEFAULT_PERSIST }: { port: number; persistTo?: string }): Promise<number> {
  const target = localTarget(persistTo);
  let live: string;
  try {
    const history = await readHistory(target);
    if (!history.live) throw new Error(`no release is published to ${target.name} yet: run \`quire publish --local\` first`);
    live = history.live;
    const text = await target.get(releaseKey(live));
    const root = text === null ? null : v.safeParse(rootSchema, JSON.parse(text));
    if (!root?.success)
      throw new Error(`release ${live} is not complete in ${target.name} (pruned, or built by another version)`);
    await writeReleaseModule(root.output, PREVIEW_MODULE);
  } finally {
    await target.close();
  }
  const server = await serveLocally({ port, persistTo, releaseModule: PREVIEW_MODULE });
  console.log(`quire: serving the published local release ${live} at ${server.url} (edits to content/ are not shown)`);
  return untilSignal(server);
}
