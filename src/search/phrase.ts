/** Whether some start position has every phrase term at its offset. Lists are ascending positions. */
export function phraseAt(lists: readonly number[][], offsets: readonly number[]): boolean {
  const [first, ...rest] = lists;
  for (const start of first) {
    const origin = start - offsets[0];
    if (rest.every((list, i) => contains(list, origin + offsets[i + 1]))) return true;
  }
  return false;
}

function contains(sorted: readonly number[], value: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] === value) return true;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
