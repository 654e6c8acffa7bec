import { existsSync, watch } from 'node:fs';
import { join } from 'node:path';
import { buildFromDisk } from './build';
import { DEFAULT_PERSIST } from './local';
import { publish } from './publish';
import { localTarget, type Target } from './targets';
import { startWrangler } from './wrangler';

export interface DevOptions {
  content: string;
  port: number;
  persistTo?: string;
  watch: boolean;
  /** Preview drafts too, marked as such; `publish` never includes them. */
  drafts?: boolean;
}

async function republish(options: DevOptions, target: Target): Promise<boolean> {
  const built = await buildFromDisk(options.content, { drafts: options.drafts });
  if (!built.ok) {
    console.error(`${built.report}\nThe site keeps serving the last good release.`);
    return false;
  }
  await publish(built.release, target, { record: false, log: () => {} }).then(({ id, added }) =>
    console.log(`quire: release ${id} (${built.release.root.count} articles, ${added} new entries)`),
  );
  return true;
}

/** Compile content into local KV, serve it with `wrangler dev`, and republish on every edit. */
export async function dev(options: DevOptions): Promise<number> {
  const target = localTarget(options.persistTo ?? DEFAULT_PERSIST);
  if (!(await republish(options, target))) {
    await target.close();
    return 1;
  }
  const wrangler = startWrangler([
    'dev',
    '--port',
    String(options.port),
    '--ip',
    '127.0.0.1',
    '--persist-to',
    options.persistTo ?? DEFAULT_PERSIST,
    '--show-interactive-dev-session=false',
  ]);
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve(true);
  const onChange = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running
        .then(() => republish(options, target))
        .catch((error) => {
          console.error(error);
          return false;
        });
    }, 100);
  };
  // One plain (inotify) watcher per folder of the content layout: Node 20's recursive watch
  // on Linux was seen to miss edits.
  const folders = ['', 'articles', 'series', 'pages'].map((f) => join(options.content, f)).filter((f) => existsSync(f));
  const watchers = options.watch ? folders.map((folder) => watch(folder, onChange)) : [];
  const stop = () => wrangler.kill('SIGTERM');
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise((resolve) => {
    wrangler.on('exit', (code) => {
      for (const w of watchers) w.close();
      target.close().finally(() => resolve(code ?? 0));
    });
  });
}
