import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstInvalidUtf8 } from '../../src/cli/files';
import { articleFile, SITE_YAML } from '../support/fixtures';
import { projectSandbox } from '../support/sandbox';

let sandbox: Awaited<ReturnType<typeof projectSandbox>>;

beforeAll(async () => {
  sandbox = await projectSandbox();
});
afterAll(() => sandbox?.remove());

async function quire(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return quireIn({}, ...args);
}

async function quireIn(env: NodeJS.ProcessEnv, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const options = { cwd: sandbox.dir, env: { ...process.env, ...env } };
  const run = promisify(execFile)(process.execPath, [join(sandbox.dir, 'src/cli/quire.js'), ...args], options);
  return run.then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

async function badContent(): Promise<string> {
  const dir = join(sandbox.dir, 'bad');
  await mkdir(join(dir, 'articles'), { recursive: true });
  await writeFile(join(dir, 'site.yaml'), SITE_YAML);
  const good = articleFile({ slug: 'fine' });
  await writeFile(join(dir, 'articles/fine.md'), good.text);
  await writeFile(join(dir, 'articles/typo.md'), good.text.replace('summary:', 'sumary:'));
  await writeFile(join(dir, 'articles/orphan.md'), articleFile({ slug: 'orphan', series: 'nowhere', part: 1 }).text);
  return dir;
}

describe('firstInvalidUtf8', () => {
  it('accepts UTF-8 and finds overlong forms, surrogates, truncated and out-of-range sequences', () => {
    expect(firstInvalidUtf8(Buffer.from('plain, café, 𝄞 and ‘quotes’'))).toBe(-1);
    for (const [bytes, at] of [
      [[0x61, 0xc0, 0xaf], 1], // overlong '/'
      [[0x61, 0x62, 0xed, 0xa0, 0x80], 2], // a UTF-16 surrogate
      [[0xf4, 0x90, 0x80, 0x80], 0], // past U+10FFFF
      [[0x61, 0xe2, 0x80], 1], // cut short at the end
      [[0x80], 0], // a continuation byte alone
    ] as const) {
      expect(firstInvalidUtf8(Uint8Array.from(bytes)), bytes.join(' ')).toBe(at);
    }
  });
});

describe('quire check and quire build', () => {
  it('names the file, line and column where a file stops being UTF-8, and the byte', async () => {
    const dir = join(sandbox.dir, 'encodings');
    await mkdir(join(dir, 'articles'), { recursive: true });
    await writeFile(join(dir, 'site.yaml'), SITE_YAML);
    const text = articleFile({ slug: 'pasted', body: 'First line.\nHe said ‘QUOTE’ and left.' }).text;
    // Windows-1252 writes the curly quotes as 0x91 and 0x92; a stray byte is as bad in a title.
    const [before, after] = text.split('‘QUOTE’');
    const cp1252 = Buffer.concat([
      Buffer.from(before),
      Buffer.from([0x91]),
      Buffer.from('QUOTE'),
      Buffer.from([0x92]),
      Buffer.from(after),
    ]);
    await writeFile(join(dir, 'articles/pasted.md'), cp1252);
    const stray = Buffer.from(articleFile({ slug: 'stray', title: 'Café' }).text).filter((b) => b !== 0xa9);
    await writeFile(join(dir, 'articles/stray.md'), stray);
    const { code, stderr } = await quire('check', '--content', dir);
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    const pastedLine = before.split('\n').length;
    expect(lines).toEqual([
      `encodings/articles/pasted.md:${pastedLine}:9: not UTF-8: byte 0x91 here; save the file as UTF-8`,
      'encodings/articles/stray.md:2:12: not UTF-8: byte 0xC3 here; save the file as UTF-8',
      '2 problems; nothing was built.',
    ]);
  });

  it('passes the sample site with a one-line summary', async () => {
    const { code, stdout } = await quire('check');
    expect(code).toBe(0);
    expect(stdout).toBe('content: 9 articles, 2 series, 1 page; no problems\n');
  });

  it('reports every problem as file:line:col and exits 1', async () => {
    const { code, stderr } = await quire('check', '--content', await badContent());
    expect(code).toBe(1);
    expect(stderr.split('\n')).toEqual([
      'bad/articles/orphan.md:5:9: no series "nowhere": expected a file bad/series/nowhere.md',
      'bad/articles/typo.md:2:1: missing required key "summary"',
      'bad/articles/typo.md:4:1: unknown key "sumary" (did you mean "summary"?)',
      '3 problems; nothing was built.',
      '',
    ]);
  });

  it('refuses a link to an address the release will not have, with exit code 1', async () => {
    const dir = join(sandbox.dir, 'links');
    await mkdir(join(dir, 'articles'), { recursive: true });
    await writeFile(join(dir, 'site.yaml'), SITE_YAML);
    await writeFile(join(dir, 'articles/the-summer.md'), articleFile({ slug: 'the-summer' }).text);
    const body = 'See [that summer](/articles/the-sumer).';
    await writeFile(join(dir, 'articles/linking.md'), articleFile({ slug: 'linking', body }).text);
    const { code, stderr } = await quire('check', '--content', dir);
    expect(code).toBe(1);
    expect(stderr.split('\n')).toEqual([
      'links/articles/linking.md:6:19: link "/articles/the-sumer": there is no article "the-sumer" (did you mean "/articles/the-summer"?)',
      '1 problem; nothing was built.',
      '',
    ]);
  });

  it('writes nothing when the content is bad, and the same release twice when it is good', async () => {
    const module = join(sandbox.dir, 'src/generated/release.json');
    expect((await quire('build', '--content', await badContent())).code).toBe(1);
    expect(existsSync(module)).toBe(false);
    expect((await quire('build')).code).toBe(0);
    const first = await readFile(module, 'utf8');
    expect((await quire('build')).code).toBe(0);
    expect(await readFile(module, 'utf8')).toBe(first);
    expect(JSON.parse(first).count).toBe(9);
  });

  it('publishes nothing when the content is bad', async () => {
    const state = join(sandbox.dir, 'publish-state');
    const { code, stderr } = await quire('publish', '--local', '--content', await badContent(), '--persist-to', state);
    expect(code).toBe(1);
    expect(stderr).toContain('3 problems; nothing was built.');
    expect(existsSync(state)).toBe(false);
  });

  it('builds the same release in any time zone', async () => {
    const dir = join(sandbox.dir, 'zoned');
    await mkdir(join(dir, 'articles'), { recursive: true });
    await writeFile(join(dir, 'site.yaml'), SITE_YAML);
    await writeFile(join(dir, 'articles/morning.md'), articleFile({ slug: 'morning', date: '2026-05-20T09:00' }).text);
    const releaseIn = async (TZ: string) => {
      expect((await quireIn({ TZ }, 'build', '--content', dir)).code).toBe(0);
      return readFile(join(sandbox.dir, 'src/generated/release.json'), 'utf8');
    };
    const utc = await releaseIn('UTC');
    expect(await releaseIn('Asia/Tokyo')).toBe(utc);
    expect(await releaseIn('America/New_York')).toBe(utc);
  });

  it('explains a missing content folder without a stack trace', async () => {
    const { code, stderr } = await quire('check', '--content', 'nowhere');
    expect(code).toBe(1);
    expect(stderr).toBe('quire: nowhere/site.yaml: not found; a content folder starts with site.yaml\n');
  });
});
