import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { checkFromDisk } from './check';
import { DEFAULT_PERSIST, writeReleaseModule } from './local';
import { newCommand } from './new';
import type { Target } from './targets';
import type { uploadAhead } from './upload';

const USAGE = `Usage: quire <command> [options]

  check     [--content DIR]          validate content; every problem as file:line:col: message
  build     [--content DIR] [--out DIR]
                                     compile the release, write src/generated/release.json
                                     (and, with --out, every KV entry as a file to inspect)
  dev       [--content DIR] [--port N] [--persist-to DIR] [--no-watch] [--drafts]
                                     serve the working copy on miniflare, republishing on edits
  preview   [--port N] [--persist-to DIR]
                                     serve the release last published to local KV, as it is
  new       article "Title" [--series SLUG] [--slug SLUG] | series "Title"
                                     write a new file with the right front matter
  publish   --local | --remote [--dry-run] [--max-writes N]
                                     render and upload what is new, then switch the site to the
                                     release; a new renderer version re-renders at most what
                                     N writes allow (default 1000, the free plan's daily writes)
  releases  --local | --remote       the releases kept, newest first, and which is live
  rollback  --local | --remote [RELEASE]
                                     serve an earlier release again at once (no upload)
  prune     --local | --remote --keep N [--dry-run]
                                     delete the keys no kept release needs
`;

const OPTIONS = {
  content: { type: 'string', default: 'content' },
  out: { type: 'string' },
  port: { type: 'string', default: '8787' },
  'persist-to': { type: 'string', default: DEFAULT_PERSIST },
  'no-watch': { type: 'boolean', default: false },
  drafts: { type: 'boolean', default: false },
  local: { type: 'boolean', default: false },
  remote: { type: 'boolean', default: false },
  'dry-run': { type: 'boolean', default: false },
  'max-writes': { type: 'string', default: '1000' },
  keep: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

const log = (line: string) => console.log(line);

const done = async (work: Promise<unknown>): Promise<number> => {
  await work;
  return 0;
};

// wrangler and miniflare are large: only the commands that talk to a target load them, so
// `check` and `build` start quickly.
async function target(values: Values): Promise<Target> {
  if (values.local === values.remote) throw new Error('say where: --local (the preview state) or --remote (Cloudflare)');
  const { localTarget, remoteTarget } = await import('./targets');
  const { runWrangler } = await import('./wrangler');
  return values.remote ? remoteTarget(runWrangler) : localTarget(values['persist-to']);
}

async function withTarget<T>(values: Values, work: (t: Target) => Promise<T>): Promise<T> {
  const t = await target(values);
  try {
    return await work(t);
  } finally {
    await t.close();
  }
}

const publishing = () => import('./publish');

// Checking needs no compiler, no search index and no wrangler: only what reading and validating takes.
async function check(values: Values): Promise<number> {
  const checked = await checkFromDisk(values.content);
  if (!checked.ok) {
    console.error(checked.report);
    return 1;
  }
  const { articles, series, pages } = checked.site;
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const found = [count(articles.length, 'article', 'articles'), `${series.length} series`, count(pages.length, 'page', 'pages')];
  console.log(`${values.content}: ${found.join(', ')}; no problems`);
  return 0;
}

/**
 * Build, then publish. Once the content is valid, the target lists its keys (in workerd or
 * wrangler) while this process compiles, and local KV takes the search records while the index is
 * built. Not Cloudflare: a build that then fails, on a content problem, would have spent writes of
 * the day's quota on records the corrected content may not keep. (Publish uploads the build's
 * entries while it renders on every target: a build that got that far is valid, and a rerun
 * reuses what went up.)
 */
async function publishCommand(values: Values): Promise<number> {
  const maxWrites = Number(values['max-writes']);
  if (!Number.isInteger(maxWrites) || maxWrites < 1)
    throw new Error('--max-writes N needs a whole number of KV writes (at least 1)');
  const { buildFromDisk } = await import('./build');
  let t: Target | undefined;
  let existing: Promise<Set<string>> | undefined;
  let ahead: ReturnType<typeof uploadAhead> | undefined;
  try {
    const built = await buildFromDisk(values.content, {
      valid: async () => {
        t = await target(values);
        existing = t.listKeys();
        // Awaited by publish; a listing that fails while the build does is not left unhandled.
        existing.catch(() => {});
        if (values.local && !values['dry-run']) ahead = (await import('./upload')).uploadAhead(t, existing);
      },
      ahead: (entries) => ahead?.offer(entries),
    });
    if (!built.ok) {
      console.error(built.report);
      return 1;
    }
    t ??= await target(values);
    return await done(
      (await publishing()).publish(built.release, t, { dryRun: values['dry-run'], maxWrites, existing, ahead, log }),
    );
  } finally {
    await ahead?.stop();
    await t?.close();
  }
}

async function build(values: Values, command: string): Promise<number> {
  if (command === 'publish') return publishCommand(values);
  const { buildFromDisk } = await import('./build');
  const built = await buildFromDisk(values.content);
  if (!built.ok) {
    console.error(built.report);
    return 1;
  }
  const { root, entries } = built.release;
  if (command === 'build') {
    await writeReleaseModule(root);
    if (values.out) {
      for (const [key, value] of entries) {
        await mkdir(dirname(join(values.out, key)), { recursive: true });
        await writeFile(join(values.out, key), value);
      }
    }
  }
  console.log(`${values.content}: ${root.count} articles, ${entries.size} entries, release ${root.id}`);
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  // `new` has options of its own (--series, --slug).
  if (argv[0] === 'new') return newCommand(argv.slice(1), { content: 'content' });
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 1;
  }
  switch (command) {
    case 'check':
      return check(values);
    case 'build':
    case 'publish':
      return build(values, command);
    case 'dev':
      return (await import('./dev')).dev({
        content: values.content,
        port: Number(values.port),
        persistTo: values['persist-to'],
        watch: !values['no-watch'],
        drafts: values.drafts,
      });
    case 'preview':
      return (await import('./preview')).preview({ port: Number(values.port), persistTo: values['persist-to'] });
    case 'releases':
      return withTarget(values, async (t) => done((await publishing()).listReleases(t, log)));
    case 'rollback':
      return withTarget(values, async (t) => done((await publishing()).rollback(t, rest[0], log)));
    case 'prune': {
      const keep = Number(values.keep);
      if (!Number.isInteger(keep) || keep < 1)
        throw new Error('prune needs --keep N, the number of releases to keep (at least 1)');
      return withTarget(values, async (t) => done((await import('./prune')).prune(t, keep, { dryRun: values['dry-run'], log })));
    }
    default:
      console.error(`quire: unknown command "${command}"\n\n${USAGE}`);
      return 1;
  }
}
