import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readContent } from '../../src/cli/files';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe('reading a content folder', () => {
  it('reads the same files on a thread as here: every byte, in order, UTF-8 or not, whatever the buffer', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'quire-files-'));
    dirs.push(dir);
    await writeFile(join(dir, 'site.yaml'), 'title: T\n');
    const files: Record<string, Uint8Array | string> = {
      'articles/a.md': '---\ntitle: A\n---\nDès Noël, “quoted” 🚀\n',
      'articles/b.md': '',
      'articles/c.md': 'x'.repeat(5000),
      'articles/d.md': Uint8Array.from([0x2d, 0x0a, 0x91, 0x41, 0x0a, 0xc3, 0x0a]),
      'series/s.md': '---\ntitle: S\n---\nA series.\n',
      'pages/p.md': '---\ntitle: P\n---\nA page.\n',
      'articles/ignored.txt': 'not markdown',
    };
    for (const [name, content] of Object.entries(files)) {
      await mkdir(join(dir, name, '..'), { recursive: true });
      await writeFile(join(dir, name), content);
    }
    const here = await readContent(dir);
    expect(here.articles.map((f) => f.path.split('/').at(-1))).toEqual(['a.md', 'b.md', 'c.md', 'd.md']);
    expect(here.articles[3].notUtf8).toEqual({ line: 2, col: 1, byte: 0x91 });
    // A thread from the first file on, with buffers smaller than one file, than two, and roomy.
    for (const bufferBytes of [16, 100, 1 << 20]) {
      expect(await readContent(dir, { readerAt: 0, bufferBytes })).toEqual(here);
    }
  });

  it('hands over each markdown file once, with its kind, as it is read: here and on a thread', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'quire-files-'));
    dirs.push(dir);
    await writeFile(join(dir, 'site.yaml'), 'title: T\n');
    for (const name of ['articles/a.md', 'articles/b.md', 'series/s.md', 'pages/p.md', 'pages/q.md']) {
      await mkdir(join(dir, name, '..'), { recursive: true });
      await writeFile(join(dir, name), `---\ntitle: ${name}\n---\n`);
    }
    for (const options of [{}, { readerAt: 0, bufferBytes: 16 }]) {
      const seen: [string, string][] = [];
      const files = await readContent(dir, {
        ...options,
        onFile: (kind, file) => seen.push([kind, file.path.split('/').slice(-2).join('/')]),
      });
      expect(seen).toEqual([
        ['article', 'articles/a.md'],
        ['article', 'articles/b.md'],
        ['series', 'series/s.md'],
        ['page', 'pages/p.md'],
        ['page', 'pages/q.md'],
      ]);
      expect(files.pages.map((f) => f.path.split('/').at(-1))).toEqual(['p.md', 'q.md']);
    }
  });

  it('says which file could not be read', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'quire-files-'));
    dirs.push(dir);
    await writeFile(join(dir, 'site.yaml'), 'title: T\n');
    await mkdir(join(dir, 'articles', 'folder.md'), { recursive: true });
    await expect(readContent(dir)).rejects.toThrow('folder.md');
    await expect(readContent(dir, { readerAt: 0 })).rejects.toThrow('folder.md');
  });
});
