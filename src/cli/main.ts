import { parseArgs } from 'node:util';
import { buildFromDisk } from './build';
import { dev } from './dev';
import { writeReleaseModule } from './local';

const USAGE = `Usage: quire <command> [options]

  check   [--content DIR]            validate content; every problem as file:line:col: message
  build   [--content DIR]            compile the release and write ${'src/generated/release.json'}
  dev     [--content DIR] [--port N] [--persist-to DIR] [--no-watch]
                                     serve content on miniflare (wrangler dev), republishing on edits
`;

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      content: { type: 'string', default: 'content' },
      port: { type: 'string', default: '8787' },
      'persist-to': { type: 'string' },
      'no-watch': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 1;
  }
  switch (command) {
    case 'check':
    case 'build': {
      const built = await buildFromDisk(values.content);
      if (!built.ok) {
        console.error(built.report);
        return 1;
      }
      const { root, entries } = built.release;
      if (command === 'build') await writeReleaseModule(built.release);
      console.log(`${values.content}: ${root.count} articles, ${entries.size} entries, release ${root.id}`);
      return 0;
    }
    case 'dev':
      return dev({
        content: values.content,
        port: Number(values.port),
        persistTo: values['persist-to'],
        watch: !values['no-watch'],
      });
    default:
      console.error(`quire: unknown command "${command}"\n\n${USAGE}`);
      return 1;
  }
}
