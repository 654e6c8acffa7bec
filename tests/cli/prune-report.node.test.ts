import { describe, expect, it } from 'vitest';
import { describeDoomed } from '../../src/cli/prune-report';

const release = (id: string, articles: number) => ({ id, published: `2026-0${articles}-01T10:00:00.000Z`, articles });

describe("prune's dry run: what it would delete, by release and kind", () => {
  it('names the newest dropped release listing each key; a kept render goes with its body', () => {
    const newer = { release: release('bbbb', 2), keys: new Set(['release/bbbb', 'manifest/bbbb', 'md/h1', 'md/h2', 'list/l2']) };
    const older = {
      release: release('aaaa', 1),
      keys: new Set(['release/aaaa', 'manifest/aaaa', 'md/h1', 'sx/s1/d', 'sx/s1/0']),
    };
    const doomed = [
      ...['release/bbbb', 'manifest/bbbb', 'md/h1', 'md/h2', 'list/l2', 'html/r3/h2'],
      ...['release/aaaa', 'manifest/aaaa', 'sx/s1/d', 'sx/s1/0'],
      ...['feed/r3/f1', 'book/r3/b1', 'md/lost', 'junk'],
    ];
    expect(describeDoomed(doomed, [newer, older])).toEqual([
      '  release bbbb (published 2026-02-01T10:00:00.000Z, 2 articles): 6 keys',
      '     1  release/  release roots',
      '     1  manifest/ release manifests',
      '     2  md/       article bodies',
      '     1  html/     rendered bodies (kept)',
      '     1  list/     list chunks',
      '  release aaaa (published 2026-01-01T10:00:00.000Z, 1 article): 4 keys',
      '     1  release/  release roots',
      '     1  manifest/ release manifests',
      '     2  sx/       search segments',
      '  no release: 4 keys',
      '     1  md/       article bodies',
      '     1  feed/     feed windows (kept)',
      '     1  book/     e-books (kept)',
      '     1  junk/     other keys',
      '  in all: 14 keys',
      '     2  release/  release roots',
      '     2  manifest/ release manifests',
      '     3  md/       article bodies',
      '     1  html/     rendered bodies (kept)',
      '     1  feed/     feed windows (kept)',
      '     1  book/     e-books (kept)',
      '     1  list/     list chunks',
      '     2  sx/       search segments',
      '     1  junk/     other keys',
    ]);
  });

  it('knows a release by its root and manifest even when its manifest is gone', () => {
    expect(describeDoomed(['release/cccc', 'md/h9'], [{ release: release('cccc', 3), keys: null }])).toEqual([
      '  release cccc (published 2026-03-01T10:00:00.000Z, 3 articles): 1 key',
      '    1  release/  release roots',
      '  no release: 1 key',
      '    1  md/       article bodies',
      '  in all: 2 keys',
      '    1  release/  release roots',
      '    1  md/       article bodies',
    ]);
  });

  it('says nothing more when nothing would be deleted', () => {
    expect(describeDoomed([], [])).toEqual([]);
  });
});
