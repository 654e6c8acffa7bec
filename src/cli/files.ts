import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ContentFiles, MarkdownKind } from '../content/model';
import type { SourceFile } from '../content/source';

/**
 * The offset of the first byte that is not part of well-formed UTF-8 (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF), or -1.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0) return i;
    // The second byte's range excludes overlong forms, surrogates and code points past U+10FFFF.
    const low = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    const high = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      if (next === undefined || next < (k === 1 ? low : 0x80) || next > (k === 1 ? high : 0xbf)) return i;
    }
    i += length;
  }
  return -1;
}

const DECODER = new TextDecoder();

/** A file's bytes as text; a file that is not UTF-8 is decoded leniently and marked where it breaks. */
function sourceFrom(path: string, bytes: Uint8Array): SourceFile {
  const text = DECODER.decode(bytes);
  const file = { path: relative(process.cwd(), path), text };
  if (isUtf8(bytes)) return file;
  const bad = firstInvalidUtf8(bytes);
  if (bad < 0) return file;
  const lineStart = bytes.lastIndexOf(0x0a, bad - 1) + 1;
  const line = bytes.subarray(0, lineStart).filter((b) => b === 0x0a).length + 1;
  const col = [...new TextDecoder().decode(bytes.subarray(lineStart, bad))].length + 1;
  return { ...file, notUtf8: { line, col, byte: bytes[bad] } };
}

const unreadable = (path: string, message: string) => new Error(`${relative(process.cwd(), path)}: cannot be read (${message})`);

/** Read synchronously: for thousands of small files that is several times faster than as many promises. */
function sourceFile(path: string): SourceFile {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw unreadable(path, (error as Error).message);
  }
  return sourceFrom(path, bytes);
}

/** From this many files on, a thread reads them (read-files.js) while this one decodes what it has read. */
export const READER_THREAD_FILES = 2000;

/**
 * The bytes the reading thread posts at a time. Small enough that this thread has work from the
 * first few hundred files on: with 32 MiB, a 10,000-article folder (41 MB) came in two posts, and
 * this thread waited for the first one, idle, for most of the read (`quire check` on it: 2.03 s
 * median wall -> 1.78 s with 1 MiB, 4 MiB between them; six runs of each in turns).
 */
const READ_BUFFER_BYTES = 1024 * 1024;

/** Called with each file as soon as it is read, and its place among the paths read. */
export type OnFile = (file: SourceFile, index: number) => void;

/**
 * `paths` read by a thread of their own, in order: their bytes come in shared buffers, decoded
 * here, and each file is handed to `onFile` meanwhile, while the thread reads the next buffer.
 */
function readOnThread(paths: string[], bufferBytes: number, onFile: OnFile): Promise<SourceFile[]> {
  const files: SourceFile[] = new Array(paths.length);
  const worker = new Worker(new URL('./read-files.js', import.meta.url), { workerData: { paths, bufferBytes } });
  return new Promise<SourceFile[]>((done, fail) => {
    let read = 0;
    type Batch = { start: number; ends: number[]; buffer: SharedArrayBuffer } | { error: string; index: number };
    worker.on('message', (batch: Batch) => {
      if ('error' in batch) return fail(unreadable(paths[batch.index], batch.error));
      const bytes = new Uint8Array(batch.buffer);
      batch.ends.forEach((end, i) => {
        const file = sourceFrom(paths[batch.start + i], bytes.subarray(i === 0 ? 0 : batch.ends[i - 1], end));
        files[batch.start + i] = file;
        onFile(file, batch.start + i);
      });
      read += batch.ends.length;
      if (read === paths.length) done(files);
    });
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`reading the content stopped (exit code ${code})`)));
  }).finally(() => worker.terminate());
}

async function markdownIn(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names
    .filter((n) => n.endsWith('.md'))
    .sort()
    .map((n) => join(dir, n));
}

async function assetsIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => `/assets/${relative(dir, join(e.parentPath, e.name)).split('\\').join('/')}`);
}

/**
 * Read an author's content folder: site.yaml and the markdown under articles/, series/, pages/.
 * A large folder is read by a thread (from `readerAt` files), in buffers of `bufferBytes`, as
 * this one decodes; tests lower both. `onFile` is given each markdown file as it is read, with
 * its kind: work on one file (parsing it) then goes on while the others are read.
 */
export async function readContent(
  dir: string,
  {
    readerAt = READER_THREAD_FILES,
    bufferBytes = READ_BUFFER_BYTES,
    onFile,
  }: { readerAt?: number; bufferBytes?: number; onFile?: (kind: MarkdownKind, file: SourceFile) => void } = {},
): Promise<ContentFiles> {
  const sitePath = join(dir, 'site.yaml');
  let site: SourceFile;
  try {
    site = sourceFile(sitePath);
  } catch {
    throw new Error(`${relative(process.cwd(), sitePath)}: not found; a content folder starts with site.yaml`);
  }
  const [articles, series, pages, assets] = await Promise.all([
    markdownIn(join(dir, 'articles')),
    markdownIn(join(dir, 'series')),
    markdownIn(join(dir, 'pages')),
    assetsIn(join(dir, 'assets')),
  ]);
  const paths = [...articles, ...series, ...pages];
  const kind = (index: number): MarkdownKind =>
    index < articles.length ? 'article' : index < articles.length + series.length ? 'series' : 'page';
  const each: OnFile = (file, index) => onFile?.(kind(index), file);
  const files =
    paths.length >= readerAt
      ? await readOnThread(paths, bufferBytes, each)
      : paths.map((path, index) => {
          const file = sourceFile(path);
          each(file, index);
          return file;
        });
  return {
    site,
    articles: files.slice(0, articles.length),
    series: files.slice(articles.length, articles.length + series.length),
    pages: files.slice(articles.length + series.length),
    assets,
  };
}
