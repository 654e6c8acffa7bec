import { beforeAll, describe, expect, it } from 'vitest';
import type { Release } from '../../src/content/release';
import { duration } from '../../src/render/series-progress';
import { STYLE } from '../../src/render/style';
import { articleFile, contentFiles, seriesFile } from '../support/fixtures';
import { createApp, publish, request } from '../support/worker';

// Word counts chosen so the minutes are exact at 230 words a minute: 10, 20 and 30 minutes, and
// a last part of 10 minutes scheduled for later. `words(n)` is a body of exactly n words.
const words = (n: number) => 'word '.repeat(n).trim();
const LATER = '2030-05-01T09:00:00Z';
let release: Release;

beforeAll(async () => {
  const saga = (part: number, n: number, date = `2026-01-0${part}`) =>
    articleFile({ slug: `saga-${part}`, title: `Saga ${part}`, date, series: 'saga', part, body: words(n) });
  // 345 words is 1.5 minutes: two such parts are 3 minutes together, not 2 + 2.
  const notes = (part: number) =>
    articleFile({ slug: `notes-${part}`, title: `Notes ${part}`, series: 'notes', part, body: words(345) });
  release = await publish(
    contentFiles({
      articles: [
        ...[saga(1, 2300), saga(2, 4600), saga(3, 6900), saga(4, 2300, LATER), notes(1), notes(2)],
        articleFile({ slug: 'solo-1', series: 'solo', part: 1, body: words(230) }),
      ],
      series: [
        seriesFile('saga', 'status: complete'),
        seriesFile('notes', 'status: ongoing\nplanned: ["Notes 3"]'),
        seriesFile('solo', 'status: complete'),
      ],
    }),
  );
});

async function html(path: string, at = '2026-06-01T00:00:00Z'): Promise<string> {
  const res = await request(createApp(release.root, { clock: () => new Date(at) }), path);
  expect(res.status, path).toBe(200);
  return res.text();
}

/** The series box of an article page. */
const box = async (slug: string, at?: string) =>
  /<aside class="series-box".*?<\/aside>/s.exec(await html(`/articles/${slug}`, at))?.[0] ?? '';

describe('series progress in the series box', () => {
  it('gives each part its position and the reading time of the published rest', async () => {
    // Part 4 is not out yet: it is not counted, and the series is not finished for the reader.
    expect(await box('saga-1')).toContain('<strong>Part 1 of 4</strong>');
    expect(await box('saga-1')).toContain(
      '<p class="meta">About 1 hour left from here. This series is ongoing: the time left counts the parts published so far.</p>',
    );
    expect(await box('saga-2')).toContain('<p class="meta">About 50 minutes left from here. ');
    expect(await box('saga-3')).toContain('<p class="meta">About 30 minutes left from here. ');
    expect(await box('saga-3')).toContain('<li class="forthcoming">Forthcoming</li>');
  });

  it('counts a part from its time on, and says when the series is complete', async () => {
    expect(await box('saga-1', LATER)).toContain(
      '<p class="meta">About 1 hour 10 minutes left from here. This series is complete.</p>',
    );
    const last = await box('saga-4', LATER);
    expect(last).toContain('<strong>Part 4 of 4</strong>');
    expect(last).toContain('<p class="meta">The last part: about 10 minutes to the end. This series is complete.</p>');
    expect(last).toContain('<a href="/series/saga.epub">Download the e-book</a>');
    expect(last).toContain('<a href="/series/saga/all">Read all parts on one page</a>');
  });

  it('rounds the sum of the words, not each part', async () => {
    const first = await box('notes-1');
    expect(first).toContain('<strong>Part 1 of 3</strong>');
    expect(first).toContain('<p class="meta">About 3 minutes left from here. This series is ongoing');
    expect(first).toContain('<li class="forthcoming">Notes 3 (forthcoming)</li>');
  });

  it('lists the parts with links a browser can mark as opened, and a key in words', async () => {
    const saga = await box('saga-2');
    expect(saga).toContain('<ol class="parts"><li><a href="/articles/saga-1">Saga 1</a></li><li aria-current="page">Saga 2</li>');
    expect(saga).toContain(
      '<p class="key">Link colours: <span class="unseen">not opened yet</span> · <span class="seen">opened before</span></p>',
    );
  });

  it('needs no key when no other part can be opened', async () => {
    const solo = await box('solo-1');
    expect(solo).toContain('<p class="meta">The last part: about 1 minute to the end. This series is complete.</p>');
    expect(solo).not.toContain('class="key"');
  });
});

describe('series progress on the series page', () => {
  it('gives every part its number, the total and the time left from it', async () => {
    const page = await html('/series/saga');
    const metas = [...page.matchAll(/<p class="meta">(Part \d of \d) · <time[^>]*>[^<]*<\/time> · ([^<]*)<\/p>/g)];
    expect(metas.map((m) => `${m[1]} · ${m[2]}`)).toEqual([
      'Part 1 of 4 · 10 min read · about 1 hour left from here',
      'Part 2 of 4 · 20 min read · about 50 minutes left from here',
      'Part 3 of 4 · 30 min read · about 30 minutes left from here',
    ]);
    expect(page).not.toContain('Saga 4');
    expect(page).toContain('<li class="forthcoming"><h3>Forthcoming</h3></li>');
    expect(page).toContain('<p class="meta">Ongoing series · 3 parts published</p>');
    expect(page).toContain('<p>This series is ongoing: the time left counts the parts published so far.</p>');
    expect(page).toContain('<p class="key">Link colours:');
    expect(page).toContain('<ol class="list parts">');
  });

  it('says a finished series is complete and links its e-book and one-page edition', async () => {
    const page = await html('/series/saga', LATER);
    expect(page).toContain('<p class="meta">Complete series · 4 parts published</p>');
    expect(page).toContain(
      '<p>This series is complete.</p><p class="book-links"><a href="/series/saga.epub">Download the e-book</a> · <a href="/series/saga/all">Read all parts on one page</a></p>',
    );
    expect(page).toContain('Part 1 of 4 · ');
    expect(page).toContain('about 1 hour 10 minutes left from here</p>');
    expect(page).toContain('10 min read · the last part</p>');
    expect(page).not.toContain('Forthcoming');
  });

  it('counts planned parts in the total of an ongoing series', async () => {
    const page = await html('/series/notes');
    expect(page).toContain('Part 1 of 3 · ');
    expect(page).toContain('2 min read · about 3 minutes left from here</p>');
    expect(page).toContain('2 min read · about 2 minutes left from here</p>');
  });
});

describe('reading time left, in words', () => {
  it('speaks in minutes, then hours and minutes', () => {
    expect(duration(1)).toBe('1 minute');
    expect(duration(344)).toBe('1 minute');
    expect(duration(345)).toBe('2 minutes');
    expect(duration(230 * 60)).toBe('1 hour');
    expect(duration(230 * 61)).toBe('1 hour 1 minute');
    expect(duration(230 * 130)).toBe('2 hours 10 minutes');
  });
});

/** WCAG 2 relative luminance and contrast ratio, as axe computes them. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};

describe('the visited colour', () => {
  it('is set by a rule that changes only colour, as browsers allow for :visited', () => {
    const rules = [...STYLE.matchAll(/([^{}]*:visited[^{}]*)\{([^}]*)\}/g)];
    expect(rules.map((r) => [r[1], r[2]])).toEqual([['.parts a:visited,.key .seen', 'color:var(--seen)']]);
  });

  it('has a contrast of at least 4.5:1 on the page and in the box, light and dark', () => {
    // Browsers hide :visited styles from scripts, so axe cannot check them: the test does.
    const light = /^:root\{[^}]*\}/.exec(STYLE)?.[0] ?? '';
    const dark = /@media \(prefers-color-scheme:dark\)\{:root\{[^}]*\}\}/.exec(STYLE)?.[0] ?? '';
    const seen = [...STYLE.matchAll(/:root\{--seen:(#[0-9a-f]{6})\}/g)].map((m) => m[1]);
    expect(seen).toHaveLength(2);
    for (const [scheme, vars, colour] of [
      ['light', light, seen[0]],
      ['dark', dark, seen[1]],
    ] as const) {
      for (const name of ['bg', 'box']) {
        const background = new RegExp(`--${name}:(#[0-9a-f]{6})`).exec(vars)?.[1] ?? '';
        expect(contrast(colour, background), `${scheme} --${name}`).toBeGreaterThanOrEqual(4.5);
      }
    }
  });
});
