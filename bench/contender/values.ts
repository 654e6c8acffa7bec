/** The contender's worker, bundled, and the KV values it serves: the same articles as Quire's site. */
import { resolve } from 'node:path';
import { bundleWorker } from '../../src/cli/bundle';
import type { SiteModel } from '../../src/content/model';
import type { Contender } from '../serve';
import type { Listed, Stored } from './worker';

const ROOT = resolve(import.meta.dirname, '../..');

/** The home page's ten newest articles, and `slugs` (the articles the bench asks for) in full. */
export async function contender(site: SiteModel, slugs: string[]): Promise<Contender> {
  const newest = [...site.articles].sort((a, b) => b.front.date.localeCompare(a.front.date)).slice(0, 10);
  const home: Listed[] = newest.map((a) => ({
    slug: a.slug,
    title: a.front.title,
    date: a.front.date,
    summary: a.front.summary,
  }));
  const values: [string, string][] = [['home', JSON.stringify(home)]];
  for (const slug of slugs) {
    const article = site.articles.find((a) => a.slug === slug);
    if (!article) throw new Error(`the contender has no article ${slug} to serve`);
    values.push([`article/${slug}`, JSON.stringify({ title: article.front.title, markdown: article.body } satisfies Stored)]);
  }
  // The worker imports no release; the module named is only what the bundler's plugin would swap.
  const script = await bundleWorker('bench/contender/worker.ts', 'src/generated/release.json', ROOT);
  return { script, values };
}
