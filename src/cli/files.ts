import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { ContentFiles } from '../content/model';
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

/**
 * A file as text; a file that is not UTF-8 is decoded leniently and marked where it breaks. Read
 * synchronously: for thousands of small files that is several times faster than as many promises.
 */
function sourceFile(path: string): SourceFile {
  const bytes = readFileSync(path);
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

async function markdownIn(dir: string): Promise<SourceFile[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names
    .filter((n) => n.endsWith('.md'))
    .sort()
    .map((n) => sourceFile(join(dir, n)));
}

async function assetsIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => `/assets/${relative(dir, join(e.parentPath, e.name)).split('\\').join('/')}`);
}

/** Read an author's content folder: site.yaml and the markdown under articles/, series/, pages/. */
export async function readContent(dir: string): Promise<ContentFiles> {
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
  return { site, articles, series, pages, assets };
}
