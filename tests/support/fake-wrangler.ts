import { readFile } from 'node:fs/promises';
import type { Runner } from '../../src/cli/wrangler';

/**
 * Stands in for `wrangler` on the commands Quire sends to Cloudflare: a KV namespace in memory,
 * deploys recorded, every command kept for the test to check. `failOn` makes the Nth bulk put fail.
 */
export function fakeWrangler(options: { failOnPut?: number } = {}) {
  const kv = new Map<string, string>();
  const commands: string[][] = [];
  const deployed: string[] = [];
  /** Every key put, in order, across all bulk puts that succeeded. */
  const putKeys: string[] = [];
  let puts = 0;
  const run: Runner = async (args) => {
    commands.push(args);
    const [group, verb, ...rest] = args;
    if (group === 'deploy') {
      deployed.push(args[2]);
      return 'Deployed';
    }
    if (group !== 'kv') throw new Error(`unexpected wrangler ${args.join(' ')}`);
    if (verb === 'key' && rest[0] === 'list') return JSON.stringify([...kv.keys()].map((name) => ({ name })));
    if (verb === 'key' && rest[0] === 'get') {
      const value = kv.get(rest[1]);
      // What wrangler 4.86 prints for a missing value (fetchKVGetValue in its cli.js).
      const url = `https://api.cloudflare.com/client/v4/accounts/acc/storage/kv/namespaces/ns/values/${encodeURIComponent(rest[1])}`;
      if (value === undefined)
        throw new Error(`wrangler kv key get failed:\n✘ [ERROR] Failed to fetch ${url} - 404: Not Found);`);
      return value;
    }
    if (verb === 'bulk' && rest[0] === 'put') {
      if (++puts === options.failOnPut) throw new Error('wrangler kv bulk put: the network went away');
      for (const { key, value } of JSON.parse(await readFile(rest[1], 'utf8')) as { key: string; value: string }[]) {
        kv.set(key, value);
        putKeys.push(key);
      }
      return 'Success!';
    }
    if (verb === 'bulk' && rest[0] === 'delete') {
      for (const key of JSON.parse(await readFile(rest[1], 'utf8')) as string[]) kv.delete(key);
      return 'Success!';
    }
    throw new Error(`unexpected wrangler ${args.join(' ')}`);
  };
  return { run, kv, commands, deployed, putKeys };
}
