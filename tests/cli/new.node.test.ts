import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readContent } from '../../src/cli/files';
import { newCommand, slugify } from '../../src/cli/new';
import { loadSite } from '../../src/content/model';
import { formatProblem } from '../../src/content/problems';
import { articleFile, SITE_YAML } from '../support/fixtures';

let dir: string;
// Late in the evening of 3 July in New York is already 4 July in UTC.
const today = new Date('2026-07-03T22:30:00-04:00');

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'quire-new-'));
  await writeFile(join(dir, 'site.yaml'), SITE_YAML);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

/** Run `quire new …` on the temporary content folder; what it printed, and its exit code. */
async function quireNew(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = vi.spyOn(console, 'log').mockImplementation(() => {});
  const stderr = vi.spyOn(console, 'error').mockImplementation(() => {});
  const code = await newCommand(args, { content: dir, today });
  const text = (spy: typeof stdout) => spy.mock.calls.map((call) => `${call.join(' ')}\n`).join('');
  const result = { code, stdout: text(stdout), stderr: text(stderr) };
  stdout.mockRestore();
  stderr.mockRestore();
  return result;
}

const shown = (path: string) => relative(process.cwd(), join(dir, path));

async function problems(): Promise<string[]> {
  const loaded = loadSite(await readContent(dir));
  return loaded.ok ? [] : loaded.problems.map(formatProblem);
}

describe('quire new', () => {
  it('writes an article dated today in UTC that passes the check, and prints its path', async () => {
    expect(await quireNew('article', 'The Concert Out of Tune')).toEqual({
      code: 0,
      stdout: `${shown('articles/the-concert-out-of-tune.md')}\n`,
      stderr: '',
    });
    expect(await readFile(join(dir, 'articles/the-concert-out-of-tune.md'), 'utf8')).toBe(
      '---\ntitle: "The Concert Out of Tune"\ndate: 2026-07-04\nsummary: "TODO: one or two sentences"\ntags: []\n---\n',
    );
    expect(await problems()).toEqual([]);
  });

  it('writes a series that passes the check', async () => {
    const { code, stdout } = await quireNew('series', 'The Long Peace');
    expect([code, stdout]).toEqual([0, `${shown('series/the-long-peace.md')}\n`]);
    expect(await readFile(join(dir, 'series/the-long-peace.md'), 'utf8')).toMatch(
      /^---\ntitle: "The Long Peace"\nsummary: "TODO: one or two sentences"\nstatus: ongoing\nplanned: \[\]\n---\nTODO: .+\n$/,
    );
    expect(await problems()).toEqual([]);
  });

  it('gives a new part the number after the highest, counting drafts and skipping broken files', async () => {
    await quireNew('series', 'Saga');
    await mkdir(join(dir, 'articles'));
    const write = (slug: string, text: string) => writeFile(join(dir, `articles/${slug}.md`), text);
    await write('one', articleFile({ slug: 'one', series: 'saga', part: 1 }).text);
    await write('three', articleFile({ slug: 'three', series: 'saga', part: 3, extra: 'draft: true' }).text);
    await write('other', articleFile({ slug: 'other', series: 'other', part: 9 }).text);
    await write('broken', '---\ntitle: "unclosed\nseries: saga\npart: 7\n---\n');

    const { code, stdout } = await quireNew('article', 'The Fourth', '--series', 'saga');
    expect([code, stdout]).toEqual([0, `${shown('articles/the-fourth.md')}\n`]);
    expect(await readFile(join(dir, 'articles/the-fourth.md'), 'utf8')).toContain('\nseries: saga\npart: 4\n---\n');
    await rm(join(dir, 'articles/other.md'));
    await rm(join(dir, 'articles/broken.md'));
    expect(await problems()).toEqual([]);
  });

  it('starts a series with part 1', async () => {
    await quireNew('series', 'Saga');
    await quireNew('article', 'Beginnings', '--series', 'saga');
    expect(await readFile(join(dir, 'articles/beginnings.md'), 'utf8')).toContain('\nseries: saga\npart: 1\n');
    expect(await problems()).toEqual([]);
  });

  it('refuses a series that does not exist, and writes nothing', async () => {
    expect(await quireNew('article', 'Orphan', '--series', 'nowhere')).toEqual({
      code: 1,
      stdout: '',
      stderr: `quire: no series "nowhere": expected a file ${shown('series/nowhere.md')}; start one with: quire new series "Title"\n`,
    });
    expect(await readdir(dir)).toEqual(['site.yaml']);
  });

  it('never overwrites a file', async () => {
    await quireNew('article', 'Vienna');
    const path = join(dir, 'articles/vienna.md');
    await writeFile(path, 'My writing.');
    expect(await quireNew('article', 'Vienna!')).toEqual({
      code: 1,
      stdout: '',
      stderr: `quire: ${shown('articles/vienna.md')} already exists; quire new never overwrites a file\n`,
    });
    expect(await readFile(path, 'utf8')).toBe('My writing.');
  });

  it('folds a title to a short ASCII file name', async () => {
    expect(slugify('Éire and the Crown: 1921–1922!')).toBe('eire-and-the-crown-1921-1922');
    expect(slugify('  Straße, Smørrebrød & Łódź  ')).toBe('strasse-smorrebrod-lodz');
    const long = 'A Very Long Title About the Congress of Vienna and Everything That Came After It';
    expect(slugify(long)).toBe('a-very-long-title-about-the-congress-of-vienna-and');
    expect(slugify('x'.repeat(80))).toBe('x'.repeat(60));
    expect((await quireNew('article', 'Éire and the Crown: 1921–1922!')).stdout).toBe(
      `${shown('articles/eire-and-the-crown-1921-1922.md')}\n`,
    );
  });

  it('asks for --slug when a title has no letters it can use', async () => {
    expect(await quireNew('article', '東京')).toMatchObject({
      code: 1,
      stderr: 'quire: cannot make a file name from "東京"; give one with --slug, like --slug the-long-peace\n',
    });
    expect((await quireNew('article', '東京', '--slug', 'tokyo')).code).toBe(0);
    expect(await readFile(join(dir, 'articles/tokyo.md'), 'utf8')).toContain('title: "東京"');
    expect((await quireNew('article', 'Tokyo', '--slug', '../tokyo')).code).toBe(1);
  });

  it('explains how it is used, and a missing content folder', async () => {
    for (const args of [[], ['page', 'About'], ['article'], ['article', 'A', 'B'], ['article', 'A', '--sereis', 's']]) {
      const { code, stderr } = await quireNew(...args);
      expect([code, stderr]).toEqual([1, expect.stringContaining('Usage: quire new article "Title"')]);
    }
    expect((await quireNew('series', 'S', '--series', 's')).stderr).toBe('quire: --series is only for articles\n');
    const missing = join(dir, 'nowhere');
    expect((await quireNew('article', 'A', '--content', missing)).stderr).toBe(
      `quire: ${relative(process.cwd(), join(missing, 'site.yaml'))}: not found; a content folder starts with site.yaml\n`,
    );
  });
});
