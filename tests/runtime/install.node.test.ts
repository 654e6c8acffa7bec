import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { installedPackages, ROOT, type RuntimeChain, runtimeLine, runtimeOf } from '../support/runtime';

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  engines: { node: string };
  allowScripts: Record<string, boolean>;
};

describe('the installed runtime', () => {
  it('is one workerd, the one wrangler runs for npm start', () => {
    const dev = runtimeOf('wrangler');
    const versions = new Set(installedPackages().flatMap((p) => (p.name === 'workerd' ? [p.version] : [])));
    expect([...versions]).toEqual([dev.workerd.version]);
  });

  it('is the same miniflare and workerd for the worker tests as for npm start', () => {
    const tests = runtimeOf('@cloudflare/vitest-pool-workers');
    const dev = runtimeOf('wrangler');
    expect(tests.miniflare.dir).toBe(dev.miniflare.dir);
    expect(tests.workerd.dir).toBe(dev.workerd.dir);
    expect(runtimeLine(tests, dev)).toBe(
      `Worker tests run on workerd ${dev.workerd.version} (miniflare ${dev.miniflare.version}, ` +
        `@cloudflare/vitest-pool-workers ${tests.host.version}), the runtime npm start uses.`,
    );
  });

  it('refuses, naming both, a test runtime that is not the dev runtime', () => {
    const at = (name: string, version: string) => ({ name, version, dir: `/nm/${name}@${version}` });
    const chain = (host: string, hostVersion: string, miniflare: string, workerd: string): RuntimeChain => ({
      host: at(host, hostVersion),
      miniflare: at('miniflare', miniflare),
      workerd: at('workerd', workerd),
    });
    const tests = chain('@cloudflare/vitest-pool-workers', '0.23.0', '5.20260815.0-alpha', '1.20260815.1');
    const dev = chain('wrangler', '4.86.0', '4.20260426.0', '1.20260426.1');
    expect(() => runtimeLine(tests, dev)).toThrow(
      'The worker tests would run on workerd 1.20260815.1 (miniflare 5.20260815.0-alpha, @cloudflare/vitest-pool-workers 0.23.0) ' +
        'but npm start runs on workerd 1.20260426.1 (miniflare 4.20260426.0, wrangler 4.86.0): ' +
        'pin @cloudflare/vitest-pool-workers to a release that depends on miniflare 4.20260426.0 (README, "Runtime").',
    );
  });
});

describe('the Node versions package.json and README promise', () => {
  it('are supported by every installed package', () => {
    const unsupported = installedPackages()
      .flatMap((p) => {
        const range = (JSON.parse(readFileSync(join(p.dir, 'package.json'), 'utf8')) as { engines?: { node?: string } }).engines
          ?.node;
        return range && !semver.subset(manifest.engines.node, range) ? [`${p.name}@${p.version} needs node ${range}`] : [];
      })
      .sort();
    expect(unsupported).toEqual([]);
  });

  it('are the ones README states', () => {
    const stated = /Node\.js `([^`]+)`/.exec(readFileSync(join(ROOT, 'README.md'), 'utf8'))?.[1];
    expect(stated).toBe(manifest.engines.node);
  });
});

describe('allowScripts', () => {
  it('decides, by name, for exactly the locked packages that have install scripts', () => {
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { hasInstallScript?: boolean }>;
    };
    const withScripts = new Set(
      Object.entries(lock.packages).flatMap(([path, p]) => (p.hasInstallScript ? [path.replace(/^.*node_modules\//, '')] : [])),
    );
    expect(Object.keys(manifest.allowScripts).sort()).toEqual([...withScripts].sort());
  });
});
