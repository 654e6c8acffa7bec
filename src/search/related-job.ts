/**
 * Related reading as plain data, so it can run on another thread while this one builds the search
 * index: every doc's terms as packed (term, count) pairs into one of a few dictionaries. Pairs a
 * build cache keeps are handed on as they are (over a shared buffer they are not even copied);
 * counts given as a Map are numbered into one fresh dictionary, in fresh arrays that can be moved.
 *
 * The job is a few arrays, not an object a doc, and the answer is the related docs' places, not
 * their slugs: at 100,000 articles, copying objects and lists of strings between the threads cost
 * this one about 0.45 s and the other about 0.3 s.
 */

import { Numbering } from './numbering';
import { type RelatedDoc, relatedPlaces } from './related';
import { packedTerms } from './related-terms';

export interface RelatedJob {
  slugs: string[];
  dates: string[];
  /** Doc i's tags are `tags[tagStarts[i]]` up to `tags[tagStarts[i + 1]]`, numbers into `tagNames`. */
  tagNames: string[];
  tagStarts: Int32Array;
  tags: Int32Array;
  /** Each doc's series as a number into `seriesNames`; -1: none. */
  seriesNames: string[];
  series: Int32Array;
  /** Doc i's pairs: `length[i]` numbers from byte `offset[i]` of `buffers[buffer[i]]`, numbered in `dicts[dict[i]]`. */
  buffers: ArrayBufferLike[];
  buffer: Int32Array;
  offset: Float64Array;
  length: Int32Array;
  dict: Int32Array;
  dicts: (readonly string[])[];
}

/** `docs` as a job, and the buffers it alone holds (which a thread may take rather than copy). */
export function relatedJobOf(docs: readonly RelatedDoc[]): { job: RelatedJob; own: ArrayBuffer[] } {
  const fresh = new Numbering();
  const dicts = new Numbering<readonly string[]>([fresh.names]);
  const buffers = new Numbering<ArrayBufferLike>();
  const tagNames = new Numbering();
  const seriesNames = new Numbering();
  const own: ArrayBuffer[] = [];
  const freshPairs = (doc: RelatedDoc): Uint32Array => {
    const counted: number[] = [];
    doc.terms.forEach((count, term) => {
      counted.push(fresh.of(term), count);
    });
    const made = Uint32Array.from(counted);
    own.push(made.buffer);
    return made;
  };
  const tagStarts = new Int32Array(docs.length + 1);
  const tags: number[] = [];
  const series = new Int32Array(docs.length);
  const buffer = new Int32Array(docs.length);
  const offset = new Float64Array(docs.length);
  const length = new Int32Array(docs.length);
  const dict = new Int32Array(docs.length);
  docs.forEach((doc, i) => {
    for (const tag of doc.tags) tags.push(tagNames.of(tag));
    tagStarts[i + 1] = tags.length;
    series[i] = doc.series === undefined ? -1 : seriesNames.of(doc.series);
    const pairs = doc.terms.packed ? doc.terms.packed.pairs : freshPairs(doc);
    dict[i] = doc.terms.packed ? dicts.of(doc.terms.packed.dict) : 0;
    buffer[i] = buffers.of(pairs.buffer);
    offset[i] = pairs.byteOffset;
    length[i] = pairs.length;
  });
  const job: RelatedJob = {
    slugs: docs.map((doc) => doc.slug),
    dates: docs.map((doc) => doc.date),
    tagNames: tagNames.names,
    tagStarts,
    tags: Int32Array.from(tags),
    seriesNames: seriesNames.names,
    series,
    buffers: buffers.names,
    buffer,
    offset,
    length,
    dict,
    dicts: dicts.names,
  };
  return { job, own };
}

/** Related reading of a job: `relatedPlaces` of the docs it was made from (`relatedLists` turns them into slugs). */
export function relatedJob(job: RelatedJob): Int32Array {
  return relatedPlaces(
    job.slugs.map(
      (slug, i): RelatedDoc => ({
        slug,
        date: job.dates[i],
        tags: Array.from(job.tags.subarray(job.tagStarts[i], job.tagStarts[i + 1]), (tag) => job.tagNames[tag]),
        series: job.series[i] < 0 ? undefined : job.seriesNames[job.series[i]],
        terms: packedTerms(new Uint32Array(job.buffers[job.buffer[i]], job.offset[i], job.length[i]), job.dicts[job.dict[i]]),
      }),
    ),
  );
}
