import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

/** The one place Quire runs wrangler, so every invocation can be seen (and checked) in one spot. */
const WRANGLER = createRequire(import.meta.url).resolve('wrangler/bin/wrangler.js');

export const wranglerEnv = (): NodeJS.ProcessEnv => ({ ...process.env, WRANGLER_SEND_METRICS: 'false' });

/** Run `wrangler <args>` to completion; reject with its output when it fails. */
export function runWrangler(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRANGLER, ...args], { env: wranglerEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`wrangler ${args.join(' ')} failed:\n${output}`)),
    );
  });
}

/** Start a long-running wrangler (e.g. `dev`) attached to this terminal. */
export const startWrangler = (args: string[]) =>
  spawn(process.execPath, [WRANGLER, ...args], { env: wranglerEnv(), stdio: 'inherit' });
