/** Markdown tables and numbers for BENCHMARKS.md. */
export const n = (x: number) => x.toLocaleString('en-US');
const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
export const table = (head: string[], rows: (string | number)[][]) =>
  [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');
export const yes = (ok: boolean) => (ok ? 'held' : '**missed**');
