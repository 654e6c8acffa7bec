import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { ContentFiles } from '../content/model';
import type { SourceFile } from '../content/source';

async function markdownIn(dir: string): Promise<SourceFile[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const files = names.filter((n) => n.endsWith('.md')).sort();
  return Promise.all(
    files.map(async (n) => ({ path: relative(process.cwd(), join(dir, n)), text: await readFile(join(dir, n), 'utf8') })),
  );
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
  const siteText = await readFile(sitePath, 'utf8').catch(() => {
    throw new Error(`${relative(process.cwd(), sitePath)}: not found; a content folder starts with site.yaml`);
  });
  const [articles, series, pages, assets] = await Promise.all([
    markdownIn(join(dir, 'articles')),
    markdownIn(join(dir, 'series')),
    markdownIn(join(dir, 'pages')),
    assetsIn(join(dir, 'assets')),
  ]);
  return { site: { path: relative(process.cwd(), sitePath), text: siteText }, articles, series, pages, assets };
}
