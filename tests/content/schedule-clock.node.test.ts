/**
 * The schedule the app works out once and reuses until the next scheduled article falls due
 * (content/schedule.ts, `scheduleClock`) must answer every question as the schedule worked out at
 * that very moment would.
 */
import { describe, expect, it } from 'vitest';
import { type Schedule, scheduleAt, scheduleClock } from '../../src/content/schedule';
import { compile } from '../support/compile';
import { articleFile, contentFiles } from '../support/fixtures';

const answers = (s: Schedule, dates: string[]) => ({
  edition: s.edition,
  hidden: s.hidden,
  tags: ['war', 'peace'].map((t) => s.hiddenWithTag(t)),
  series: s.hiddenInSeries('the-war'),
  years: [2026, 2030, 2031].map((y) => s.hiddenInYear(y)),
  docs: [...s.hiddenDocs].sort(),
  due: dates.map((d) => d <= s.now),
});

describe('schedule clock', () => {
  it('answers as the schedule of the moment, and works it out again only when an article falls due', async () => {
    const dates = ['2026-01-01', '2030-06-01', '2030-06-01', '2031-01-01T12:00:00Z'];
    const release = await compile(
      contentFiles({
        articles: dates.map((date, i) => articleFile({ slug: `a-${i}`, date, tags: i % 2 ? ['war'] : ['peace'] })),
      }),
    );
    const { root } = release;
    const articleDates = root.upcoming.map((a) => a.date);
    const firstDue = Date.parse('2030-06-01');
    const lastDue = Date.parse('2031-01-01T12:00:00Z');
    let now = Date.parse('2029-01-01');
    const clock = scheduleClock(root, () => now);
    const moments = [
      Date.parse('2029-01-01'),
      firstDue - 1,
      firstDue,
      firstDue + 1,
      lastDue - 1,
      lastDue,
      lastDue + 86_400_000,
      firstDue - 1, // a clock that goes back is believed
    ];
    for (const moment of moments) {
      now = moment;
      const s = clock();
      expect(answers(s, articleDates), new Date(moment).toISOString()).toEqual(
        answers(scheduleAt(root, new Date(moment)), articleDates),
      );
    }
    now = firstDue - 1000;
    const before = clock();
    now = firstDue - 1;
    expect(clock(), 'the same schedule until an article falls due').toBe(before);
    now = firstDue;
    expect(clock()).not.toBe(before);
    expect(clock().hidden).toBe(1);
  });
});
