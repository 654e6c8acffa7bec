/** A problem in the author's content, reported as `path:line:col: message`. */
export interface Problem {
  path: string;
  line: number;
  col: number;
  message: string;
}

export const formatProblem = (p: Problem): string => `${p.path}:${p.line}:${p.col}: ${p.message}`;

export const byPosition = (a: Problem, b: Problem): number =>
  (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) || a.line - b.line || a.col - b.col;

/** The closest known word within two edits, for "did you mean" hints. */
export function suggest(word: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}

/** Problems found while compiling a release that loading could not see; the CLI reports them like any other. */
export class ContentProblems extends Error {
  override name = 'ContentProblems';
  constructor(readonly problems: Problem[]) {
    super(problems.map(formatProblem).join('\n'));
  }
}
