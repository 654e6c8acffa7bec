import { existsSync, watch } from 'node:fs';
import { join } from 'node:path';
import { buildFromDisk } from './build';
import { DEFAULT_PERSIST, RELEASE_MODULE } from './local';
import { type Log, publish } from './publish';
import { type LocalServer, serveLocally } from './serve';
import { localTarget, type Target } from './targets';

export interface DevOptions {
  content: string;
  port: number;
  persistTo?: string;
  watch: boolean;
  /** Preview drafts too, marked as such; `publish` never includes them. */
  drafts?: boolean;
}

/** Compile the working copy into local KV, unrecorded: `releases --local` names it apart from what was published. */
async function republish(options: DevOptions, target: Target, log: Log): Promise<string | undefined> {
  const built = await buildFromDisk(options.content, { drafts: options.drafts });
  if (!built.ok) {
    console.error(`${built.report}\nThe site keeps serving the last good release.`);
    return undefined;
  }
  const { id, added } = await publish(built.release, target, { record: false, log });
  console.log(`quire: working copy is release ${id} (${built.release.root.count} articles, ${added} new entries)`);
  return id;
}

/** Stop `server` on the first SIGINT or SIGTERM; resolves once it is stopped. */
export function untilSignal(server: LocalServer, cleanup: () => Promise<void> = async () => {}): Promise<number> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      Promise.allSettled([server.close(), cleanup()]).then(() => resolve(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** Compile content into local KV, serve it on miniflare, and republish on every edit. */
export async function dev(options: DevOptions): Promise<number> {
  const target = localTarget(options.persistTo ?? DEFAULT_PERSIST);
  console.log(`quire: compiling ${options.content}/ into ${target.name}`);
  // The first start of a large site uploads thousands of entries: show publish's progress then.
  const first = await republish(options, target, (line) => line.startsWith('uploaded') && console.log(`quire: ${line}`));
  if (!first) {
    await target.close();
    return 1;
  }
  let server: LocalServer;
  try {
    server = await serveLocally({
      port: options.port,
      persistTo: options.persistTo ?? DEFAULT_PERSIST,
      releaseModule: RELEASE_MODULE,
      watchSource: options.watch,
    });
  } catch (error) {
    await target.close();
    throw error;
  }
  console.log(
    `quire: serving the working copy of ${options.content}/ (release ${first}${options.drafts ? ', with drafts' : ''}) at ${server.url}`,
  );
  console.log('quire: `quire preview` serves the last published local release instead');
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  const onChange = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running
        .then(async () => {
          if (await republish(options, target, () => {})) await server.reload();
        })
        .catch((error) => console.error(error));
    }, 100);
  };
  // One plain (inotify) watcher per folder of the content layout: Node 20's recursive watch
  // on Linux was seen to miss edits.
  const folders = ['', 'articles', 'series', 'pages'].map((f) => join(options.content, f)).filter((f) => existsSync(f));
  const watchers = options.watch ? folders.map((folder) => watch(folder, onChange)) : [];
  return untilSignal(server, async () => {
    clearTimeout(timer);
    for (const w of watchers) w.close();
    await running;
    await target.close();
  });
}
