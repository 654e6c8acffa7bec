#!/usr/bin/env node
// The `quire` command: runs the TypeScript CLI through tsx, so authors need no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  // Trouble outside the content (a missing folder, wrangler failing): say what, without a stack.
  console.error(`quire: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
}
