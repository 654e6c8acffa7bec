import { randomUUID } from 'node:crypto';
import { totalmem } from 'node:os';
import type { ArticleText, EncodedSegment, SegmentJob } from '../search';
import { encodeSegmentJob } from '../search';
import { relatedArticles, relatedLists } from '../search/related';
import { type RelatedJob, relatedJobOf } from '../search/related-job';
import { articleTextJob, type RelatedMaker, type TextJob } from '../search/site';
import { mapParallel, type PoolOptions, threadFor } from './pool';
import { type PackedText, type PackedTextJob, unpackTexts } from './text-job';

/**
 * A large site's first build is mostly indexing: every article's text read twice over (its plain
 * text and term weights, then its postings). Both run here on every core. Each thread also keeps
 * its millions of short-lived objects out of this thread's heap, which holds the whole site and
 * would otherwise be marked again at every collection. What is small (the usual publish: one
 * changed text, one tail segment) stays in this thread, as a thread's start costs more.
 */

export interface IndexPoolOptions extends PoolOptions {
  /** Fewer documents than this to index are analyzed in this thread. */
  minDocs?: number;
}

const MIN_DOCS_FOR_THREADS = 4000;

// Related reading's thread and the segments' threads are never run at once: three busy threads on
// two cores starved a segment thread's garbage collection until it died at its heap limit (a first
// publish of 100,000 articles, the machine near full). Segments encoded on threads wait for it.
let relatedRunning: Promise<unknown> = Promise.resolve();

/** The segments a build lacks, analyzed and encoded, results in order. */
export async function encodeSegmentsOnCores(
  jobs: SegmentJob[],
  { minDocs = MIN_DOCS_FOR_THREADS, ...pool }: IndexPoolOptions = {},
): Promise<EncodedSegment[]> {
  const docs = jobs.reduce((n, job) => n + job.docs.length, 0);
  if (docs < minDocs) return jobs.map(encodeSegmentJob);
  // One segment to a message, the largest first (segments come oldest, so largest, first). A
  // segment of 32,768 articles holds more postings than a thread's default heap: each thread may
  // use a quarter of the machine's memory, as this thread may use half.
  await relatedRunning;
  try {
    return await mapParallel<SegmentJob, EncodedSegment>(
      jobs,
      new URL('../search/build.ts', import.meta.url),
      'encodeSegmentJob',
      { minPerThread: 1, heapMb: Math.max(4096, Math.floor(totalmem() / 4 / 1024 / 1024)), ...pool },
    );
  } catch (error) {
    // A thread that ran out of its heap (a smaller machine, a larger segment) stops alone; the
    // segments are then built here, in the larger heap, as they were before threads.
    if ((error as { code?: string }).code !== 'ERR_WORKER_OUT_OF_MEMORY') throw error;
    return jobs.map(encodeSegmentJob);
  }
}

/** The article texts a build lacks, results in order. */
export async function makeTextsOnCores(
  jobs: TextJob[],
  { minDocs = MIN_DOCS_FOR_THREADS, ...pool }: IndexPoolOptions = {},
): Promise<ArticleText[]> {
  if (jobs.length < minDocs) return jobs.map(articleTextJob);
  // Term weights come back numbered in each thread's dictionary (text-job.ts), not as Maps.
  const run = randomUUID();
  const packed = await mapParallel<PackedTextJob, PackedText>(
    jobs.map((job) => ({ ...job, run })),
    new URL('./text-job.ts', import.meta.url),
    'packedTextJob',
    { minPerThread: 1, ...pool },
  );
  return unpackTexts(packed);
}

/**
 * Related reading for a site of `articles` articles: on a thread of its own once there are
 * `minDocs`, started now so that it has loaded its code when the terms are ready. The build then
 * runs it while it builds the search index here; the two take about as long. The pairs a build
 * cache keeps lie in a shared buffer, so they are not copied to the thread. Always `stop` it.
 */
export function relatedOnCores(
  articles: number,
  { minDocs = MIN_DOCS_FOR_THREADS, heapMb }: { minDocs?: number; heapMb?: number } = {},
): { related: RelatedMaker; stop: () => Promise<void> } {
  if (articles < minDocs) return { related: async (docs) => relatedArticles(docs), stop: async () => {} };
  // As much heap as an indexing thread: the job holds every article's terms and the dictionaries.
  const thread = threadFor<RelatedJob, Int32Array>(new URL('../search/related-job.ts', import.meta.url), 'relatedJob', {
    heapMb: heapMb ?? Math.max(4096, Math.floor(totalmem() / 4 / 1024 / 1024)),
  });
  return {
    related: async (docs) => {
      const { job, own } = relatedJobOf(docs);
      const running = thread.run(job, own);
      relatedRunning = running.catch(() => {});
      try {
        return relatedLists(docs, await running);
      } catch (error) {
        // A thread that ran out of its heap stops alone: related reading is then made here, as
        // before threads (the docs' own terms were never moved, only fresh copies of them).
        if ((error as { code?: string }).code !== 'ERR_WORKER_OUT_OF_MEMORY') throw error;
        return relatedArticles(docs);
      }
    },
    stop: () => thread.stop(),
  };
}
