import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { configDefaults, defineConfig } from 'vitest/config';

const NODE_TIMEOUTS = { testTimeout: 60_000, hookTimeout: 120_000 };

// Worker code is tested inside workerd (storage isolated per file), the same workerd `npm start` runs
// (tests/worker/runtime.setup.ts names it and refuses any other); the CLI and content tests run
// in Node; the e2e tests run in Node against `quire dev`, one of which the whole run shares.
export default defineConfig({
  test: {
    projects: [
      {
        plugins: [cloudflareTest({ wrangler: { configPath: './wrangler.toml' } })],
        test: { name: 'worker', include: ['tests/**/*.worker.test.ts'], globalSetup: ['tests/worker/runtime.setup.ts'] },
      },
      {
        test: {
          name: 'node',
          include: ['tests/**/*.node.test.ts'],
          exclude: [...configDefaults.exclude, 'tests/e2e/**'],
          environment: 'node',
          ...NODE_TIMEOUTS,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.node.test.ts'],
          globalSetup: ['tests/e2e/sample-site.setup.ts'],
          environment: 'node',
          ...NODE_TIMEOUTS,
        },
      },
    ],
  },
});
