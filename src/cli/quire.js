#!/usr/bin/env node
// The `quire` command: runs the TypeScript CLI through tsx, so authors need no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
