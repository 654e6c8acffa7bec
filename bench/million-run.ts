/**
 * The 1,000,000-article release built in memory (bench/million.ts), in a process of its own so its
 * heap is apart from the bench's; bench/run.ts spawns it. Prints the figures as one line of JSON.
 * Run: `node --max-old-space-size=12288 --import tsx bench/million-run.ts [count]`.
 */
import { millionFigures } from './million';

const count = Number(process.argv[2] ?? 1_000_000);
if (!Number.isInteger(count) || count < 1)
  throw new Error(`bench/million-run.ts: ${process.argv[2]} is not a number of articles`);
console.log(JSON.stringify(await millionFigures(count)));
