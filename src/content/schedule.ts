import type { Root } from './stored';

/**
 * Scheduled articles (a `date` in the future) appear by themselves at their time, with no
 * publish run (property 6, docs/architecture.md). Lists are kept oldest first, so the articles not yet due are
 * always the newest ones: the release root carries the newest SCHEDULE_WINDOW articles, and at any
 * moment the ones dated after `now` are hidden from the end of each list.
 */
export const MAX_SCHEDULED = 50;
// One more than may be pending, so that the oldest of the window being due proves none is missed.
export const SCHEDULE_WINDOW = MAX_SCHEDULED + 1;

export interface Schedule {
  /** ISO time the page is rendered for; an article is visible when its date is not after it. */
  now: string;
  /** Part of every cache key: it changes exactly when a scheduled article comes due. */
  edition: string;
  /** How many articles at the end of the site list are not yet due. */
  hidden: number;
  hiddenWithTag(tag: string): number;
  hiddenInSeries(slug: string): number;
  hiddenInYear(year: number): number;
  /** Search documents of the articles not yet due. */
  hiddenDocs: ReadonlySet<string>;
}

export function scheduleAt(root: Root, at: Date): Schedule {
  const now = at.toISOString();
  const due = root.upcoming.filter((a) => a.date <= now).length;
  const pending = root.upcoming.filter((a) => a.date > now);
  return {
    now,
    edition: `${root.id}.${due}`,
    hidden: pending.length,
    hiddenWithTag: (tag) => pending.filter((a) => a.tags.includes(tag)).length,
    hiddenInSeries: (slug) => pending.filter((a) => a.series === slug).length,
    hiddenInYear: (year) => pending.filter((a) => Number(a.date.slice(0, 4)) === year).length,
    hiddenDocs: new Set(pending.flatMap((a) => (a.doc ? [a.doc] : []))),
  };
}

/** Whether more articles are scheduled after `at` than the worker can keep hidden. */
export const tooManyScheduled = (root: Root, at: Date): boolean =>
  root.upcoming.length === SCHEDULE_WINDOW && root.upcoming[0].date > at.toISOString();

/**
 * The schedule at each moment, for the hot path that asks on every request: worked out again only
 * when the next scheduled article falls due (or if the clock goes back). In between, every answer
 * a schedule gives stays the same (only the root's `upcoming` articles can be pending, and none of
 * them comes due), so the one worked out first serves them all; its `now` is that first moment.
 */
export function scheduleClock(root: Root, clock: () => number = Date.now): () => Schedule {
  let schedule: Schedule | undefined;
  let from = Number.POSITIVE_INFINITY;
  let until = Number.NEGATIVE_INFINITY;
  return () => {
    const now = clock();
    if (schedule && now >= from && now < until) return schedule;
    schedule = scheduleAt(root, new Date(now));
    const next = root.upcoming.map((a) => Date.parse(a.date)).filter((t) => t > now);
    from = now;
    until = Math.min(Number.POSITIVE_INFINITY, ...next);
    return schedule;
  };
}

/** The edition at each moment (`scheduleClock`): what the memory cache keys its pages by. */
export function editionClock(root: Root, clock: () => number = Date.now): () => string {
  const schedule = scheduleClock(root, clock);
  return () => schedule().edition;
}
