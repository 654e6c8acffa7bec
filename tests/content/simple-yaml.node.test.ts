import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { simpleYaml } from '../../src/content/simple-yaml';
import { seededRandom } from '../support/fuzz';

/** What the library makes of `text` (the reference), or undefined when it refuses it. */
function library(text: string): unknown {
  try {
    return parse(text, { uniqueKeys: true }) ?? {};
  } catch {
    return undefined;
  }
}

// Front matter as authors write it, and the near misses that YAML reads otherwise.
const VALUES = [
  'The Long Peace',
  '"Quoted: with # and \'single\'"',
  "'It''s single'",
  '2026-10-02',
  '2026-10-02T09:00:00Z',
  '2026-05-20 09:00',
  'https://example.org/essay#part',
  '3',
  '07',
  '-1',
  '1.5',
  '1e3',
  '0x1F',
  '.inf',
  'true',
  'False',
  'yes',
  'null',
  '~',
  '',
  '[essays, history, cold-war]',
  '[]',
  '[a, 1]',
  '[a, "b"]',
  '[a,, b]',
  '[a, b',
  'a: b',
  'a #comment',
  'a#b',
  '"open',
  '"esc\\"aped"',
  "'bad'quote'",
  '&anchor x',
  '*alias',
  '!tag x',
  '- item',
  '@at',
  '|',
  'x\u0007y',
  'éèà ‘curly’ — dash',
];

const BLOCKS = [
  '\n  - one\n  - two',
  '\n- one\n- two',
  '\n  - one\n\n  - two',
  '\n  - one\n    - nested',
  '\n  outlet: The Atlantic\n  url: https://example.org/x\n  date: 2024-11-08',
  '\n  - date: 2026-01-02\n    note: Fixed.',
  '\n  outlet: A\n   url: B',
  '\n  # a comment\n  - one',
];

function frontMatter(random: () => number): string {
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  const keys = ['title', 'date', 'summary', 'tags', 'part', 'draft', 'firstPublished', 'title', 'constructor'];
  const lines: string[] = [];
  for (let n = 1 + Math.floor(random() * 6); n > 0; n--) {
    const key = pick(keys);
    const roll = random();
    if (roll < 0.2) lines.push(`${key}:${pick(BLOCKS)}`);
    else if (roll < 0.25) lines.push(pick(['# comment', '', '  indented: x', `${key} : x`, `${key}:\tx`, '...']));
    else lines.push(`${key}: ${pick(VALUES)}${random() < 0.1 ? '   ' : ''}`);
  }
  return lines.join('\n');
}

describe('simpleYaml', () => {
  it('reads the usual front matter as the YAML library does', () => {
    const text = [
      'title: "Article article-1000"',
      'date: 2001-05-15',
      "summary: It's about nothing, much",
      'tags: [essays, history, economics]',
      'series: series-20',
      'part: 1',
      'draft: false',
      'aliases:',
      '  - /2019/old-title',
      'firstPublished:',
      '  outlet: The Atlantic',
      '  url: https://example.org/concert',
      '  date: 2024-11-08',
    ].join('\n');
    expect(simpleYaml(text)).toMatchObject({ part: 1, draft: false, tags: ['essays', 'history', 'economics'] });
    expect(simpleYaml(text)).toEqual(library(text));
  });

  it('reads every value either as the library does or not at all', () => {
    for (const value of VALUES) {
      const text = `title: ${value}`;
      const quick = simpleYaml(text);
      if (quick !== undefined) expect(quick, text).toEqual(library(text));
    }
    const read = VALUES.filter((value) => simpleYaml(`title: ${value}`) !== undefined);
    expect(read).toEqual([
      'The Long Peace',
      '"Quoted: with # and \'single\'"',
      "'It''s single'",
      '2026-10-02',
      '2026-10-02T09:00:00Z',
      '2026-05-20 09:00',
      'https://example.org/essay#part',
      '3',
      'true',
      'False',
      'yes',
      '[essays, history, cold-war]',
      '[]',
      'a#b',
      'éèà ‘curly’ — dash',
    ]);
  });

  it('never reads a random front matter differently from the library (2,000 cases)', () => {
    const random = seededRandom(14);
    let read = 0;
    for (let i = 0; i < 2000; i++) {
      const text = frontMatter(random);
      const quick = simpleYaml(text);
      if (quick === undefined) continue;
      read++;
      expect(quick, `case ${i}:\n${text}`).toEqual(library(text));
    }
    // Enough of them are read quickly for the comparison to mean something.
    expect(read).toBeGreaterThan(100);
  });

  it('leaves duplicate keys, nulls and lists of maps to the library', () => {
    expect(simpleYaml('title: A\ntitle: B')).toBeUndefined();
    expect(simpleYaml('title:')).toBeUndefined();
    expect(simpleYaml('corrections:\n  - date: 2026-01-02\n    note: Fixed.')).toBeUndefined();
    expect(simpleYaml('__proto__: x')).toBeUndefined();
  });
});
