import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * Which workerd the worker tests run on, and which one `npm start` (wrangler dev) runs on: read
 * from the installed packages, the way Node resolves them, so a nested copy cannot hide.
 */

export const ROOT = resolve(import.meta.dirname, '../..');

export interface InstalledPackage {
  name: string;
  version: string;
  dir: string;
}

export interface RuntimeChain {
  /** The package that starts workerd: wrangler (`npm start`) or the vitest pool (worker tests). */
  host: InstalledPackage;
  miniflare: InstalledPackage;
  workerd: InstalledPackage;
}

function readPackage(dir: string): InstalledPackage {
  const json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; version: string };
  return { name: json.name, version: json.version, dir };
}

/** `name` as Node resolves it from a package in `fromDir`: its own node_modules first, then each parent's. */
export function resolvePackage(fromDir: string, name: string): InstalledPackage {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return readPackage(candidate);
    if (dirname(dir) === dir) throw new Error(`${name} is not installed where ${fromDir} can load it: run npm ci`);
  }
}

/** The miniflare and workerd a host package loads. */
export function runtimeOf(host: string, root = ROOT): RuntimeChain {
  const hostPackage = resolvePackage(root, host);
  const miniflare = resolvePackage(hostPackage.dir, 'miniflare');
  return { host: hostPackage, miniflare, workerd: resolvePackage(miniflare.dir, 'workerd') };
}

/** Every installed copy of every package, hoisted or nested. */
export function installedPackages(root = ROOT): InstalledPackage[] {
  const found: InstalledPackage[] = [];
  const walk = (modules: string) => {
    for (const entry of readdirSync(modules, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      const dir = join(modules, entry.name);
      if (entry.name.startsWith('@')) {
        walk(dir);
        continue;
      }
      if (existsSync(join(dir, 'package.json'))) found.push(readPackage(dir));
      if (existsSync(join(dir, 'node_modules'))) walk(join(dir, 'node_modules'));
    }
  };
  walk(join(root, 'node_modules'));
  return found;
}

const describe = (chain: RuntimeChain) =>
  `workerd ${chain.workerd.version} (miniflare ${chain.miniflare.version}, ${chain.host.name} ${chain.host.version})`;

/** One line naming the worker tests' runtime; an error when it is not the one `npm start` uses. */
export function runtimeLine(tests: RuntimeChain, dev: RuntimeChain): string {
  if (tests.workerd.dir !== dev.workerd.dir || tests.miniflare.dir !== dev.miniflare.dir) {
    throw new Error(
      `The worker tests would run on ${describe(tests)} but npm start runs on ${describe(dev)}: ` +
        `pin ${tests.host.name} to a release that depends on miniflare ${dev.miniflare.version} (README, "Runtime").`,
    );
  }
  return `Worker tests run on ${describe(tests)}, the runtime npm start uses.`;
}
