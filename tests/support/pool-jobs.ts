import { threadId } from 'node:worker_threads';

/** Jobs for tests/cli/pool.node.test.ts: each says which thread did it. */
export const square = (n: number): { n: number; square: number; thread: number } => ({ n, square: n * n, thread: threadId });

export function failOnSeven(n: number): number {
  if (n === 7) throw new Error('seven is not allowed');
  return n;
}
