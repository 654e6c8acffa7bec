import { runtimeLine, runtimeOf } from '../support/runtime';

/** Global setup of the worker project: say which workerd the tests run on, and refuse any but npm start's. */
export default function setup(): void {
  console.log(runtimeLine(runtimeOf('@cloudflare/vitest-pool-workers'), runtimeOf('wrangler')));
}
