import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The one place Quire runs wrangler, so every invocation can be seen (and checked) in one spot. */
const WRANGLER = require.resolve('wrangler/bin/wrangler.js');

// WRANGLER_LOG=log: quieter levels would also silence the JSON that `kv key list` prints.
export const wranglerEnv = (): NodeJS.ProcessEnv => ({ ...process.env, WRANGLER_SEND_METRICS: 'false', WRANGLER_LOG: 'log' });

/** Runs `wrangler <args>` and resolves with its standard output; tests pass fakes of this type. */
export type Runner = (args: string[]) => Promise<string>;

/** Run `wrangler <args>` to completion; reject with its output when it fails. */
export const runWrangler: Runner = (args) =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRANGLER, ...args], { env: wranglerEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`wrangler ${args.join(' ')} failed:\n${stderr || stdout}`)),
    );
  });

/** The id of the CONTENT namespace in wrangler.toml: `wrangler dev` names its local state after it. */
export function contentNamespaceId(): string {
  // Loaded here, not with this module: wrangler's package takes half a second to load, and
  // running wrangler (runWrangler) needs none of it in this process.
  const { unstable_readConfig } = require('wrangler') as typeof import('wrangler');
  const binding = unstable_readConfig({ config: 'wrangler.toml' }).kv_namespaces.find(
    (ns: { binding: string }) => ns.binding === 'CONTENT',
  );
  if (!binding?.id) throw new Error('wrangler.toml has no [[kv_namespaces]] entry with binding = "CONTENT" and an id');
  return binding.id;
}
