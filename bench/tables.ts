/** Markdown tables and numbers for BENCHMARKS.md. */
/** A figure a failed piece of the run left out reads "not measured". */
export const n = (x: number | undefined) =>
  typeof x === 'number' && Number.isFinite(x) ? x.toLocaleString('en-US') : 'not measured';
const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
export const table = (head: string[], rows: (string | number)[][]) =>
  [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');
export const yes = (ok: boolean) => (ok ? 'held' : '**missed**');
