import type { TestProject } from 'vitest/node';
import { projectSandbox, startDev } from '../support/sandbox';

/**
 * Global setup of the e2e project: one `quire dev` on an untouched copy of the sample site, shared
 * by every test that only reads it (`inject('sampleSiteUrl')`). Tests that edit content or need
 * other flags start a server of their own.
 */

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the run's shared `quire dev` serves the sample site, e.g. http://127.0.0.1:40123. */
    sampleSiteUrl: string;
  }
}

// Long enough for the whole e2e run; coreutils' timeout still stops it if the run is killed.
const LIFETIME_SECONDS = 900;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const sandbox = await projectSandbox();
  try {
    // --no-watch: nothing may republish the site under the tests that share it.
    const server = await startDev(sandbox.dir, ['--no-watch'], LIFETIME_SECONDS);
    project.provide('sampleSiteUrl', server.url);
    return async () => {
      await server.stop();
      await sandbox.remove();
    };
  } catch (error) {
    await sandbox.remove();
    throw error;
  }
}
