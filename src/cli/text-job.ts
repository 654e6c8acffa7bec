import { threadId } from 'node:worker_threads';
import type { ArticleText } from '../search';
import { Numbering } from '../search/numbering';
import { packedTerms } from '../search/related-terms';
import { articleTextJob, type TextJob } from '../search/site';

/**
 * An article's text as a pool thread sends it back: its term weights numbered in a dictionary the
 * thread keeps for the whole map (`run`), with only the terms this article added to it. A Map of
 * some 440 terms an article would cross threads as 440 strings; at 100,000 articles this thread
 * then had 44 million strings to take in and number, where the dictionaries hold a few hundred
 * thousand.
 */
export interface PackedText extends Omit<ArticleText, 'terms'> {
  thread: number;
  pairs: Uint32Array;
  newTerms: string[];
}

export interface PackedTextJob extends TextJob {
  /** One map over the pool: a thread's dictionary lives as long as the map it numbers for. */
  run: string;
}

let current: { run: string; numbering: Numbering } | undefined;

/** `articleTextJob`, its terms numbered in this thread's dictionary for `run`. */
export function packedTextJob({ run, ...job }: PackedTextJob): PackedText {
  if (current?.run !== run) current = { run, numbering: new Numbering() };
  const { numbering } = current;
  const before = numbering.names.length;
  const { terms, ...text } = articleTextJob(job);
  const pairs: number[] = [];
  terms.forEach((count, term) => {
    pairs.push(numbering.of(term), count);
  });
  return { ...text, thread: threadId, pairs: Uint32Array.from(pairs), newTerms: numbering.names.slice(before) };
}

/**
 * The texts of one map, in its order, each thread's dictionary rebuilt from the terms its texts
 * added. A thread maps its items in the order it is given them, which is their order in the map,
 * so reading the results in order rebuilds each dictionary as the thread numbered it.
 */
export function unpackTexts(results: readonly PackedText[]): ArticleText[] {
  const dicts = new Map<number, string[]>();
  return results.map(({ thread, pairs, newTerms, ...text }) => {
    let dict = dicts.get(thread);
    if (!dict) {
      dict = [];
      dicts.set(thread, dict);
    }
    for (const term of newTerms) dict.push(term);
    return { ...text, terms: packedTerms(pairs, dict) };
  });
}
