import { readingMinutes } from './format';

/**
 * How much of a series is left to read, without accounts: the time is the same for every reader,
 * and what each has opened is shown by the browser alone (`:visited`, see STYLE).
 */

/** "45 minutes", "1 hour", "2 hours 10 minutes": the same rounding as "12 min read". */
export function duration(words: number): string {
  const minutes = readingMinutes(words);
  const count = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return count(rest, 'minute');
  return rest === 0 ? count(hours, 'hour') : `${count(hours, 'hour')} ${count(rest, 'minute')}`;
}

/**
 * The words of part `index` and of every later part a reader can open now. Forthcoming parts
 * (scheduled or only planned) do not count: their length is unknown to the reader, and a time
 * that grows on its own would mislead; an unfinished series says that the time covers what is out.
 */
export function wordsFrom(parts: readonly { words: number; due?: boolean }[], index: number): number {
  let words = 0;
  for (const part of parts.slice(index)) if (part.due !== false) words += part.words;
  return words;
}

/** A series a reader can finish today: its author calls it complete and nothing is still to come. */
export const isFinished = (status: string, forthcoming: number): boolean => status === 'complete' && forthcoming === 0;

/** "This series is complete." or that more is to come, so the time left is read rightly. */
export const seriesState = (finished: boolean): string =>
  finished ? 'This series is complete.' : 'This series is ongoing: the time left counts the parts published so far.';

/**
 * A key to the list's link colours. `:visited` may only change colour, so the key names each
 * state in words beside a sample of its colour: a reader who cannot tell the colours apart still
 * learns what they mean, and screen readers announce visited links themselves.
 */
export function VisitedKey() {
  return (
    <p class="key">
      Link colours: <span class="unseen">not opened yet</span> · <span class="seen">opened before</span>
    </p>
  );
}
