import { INDEX_VALUE_LIMIT } from './limits';
import type { SiteModel } from './model';
import { ContentProblems, type Problem } from './problems';

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/**
 * The files behind name index entries too large for a leaf (property 9), as problems an author
 * can act on. Nothing else bounds an entry: a series lists every part with its summary.
 */
export function oversizedEntries(site: SiteModel, sizes: [name: string, bytes: number][]): ContentProblems {
  const problems = sizes.map(([name, bytes]): Problem => {
    const colon = name.indexOf(':');
    const [kind, key] = [name.slice(0, colon), name.slice(colon + 1)];
    const over = `its entry in the name index takes ${kib(bytes)}, over the ${kib(INDEX_VALUE_LIMIT)} one entry may take`;
    const partsOf = (series: string) => site.articles.filter((a) => a.front.series === series).length;
    const article = site.articles.find((a) => a.slug === key);
    if (kind === 'article' && article) {
      const { series } = article.front;
      const hint = series
        ? `it lists the ${partsOf(series)} parts of series "${series}": shorten their titles or split the series`
        : 'shorten its title, summary, tags or corrections';
      return { path: article.path, ...article.locate([series ? 'series' : 'title']), message: `${over}; ${hint}` };
    }
    const series = site.series.find((s) => s.slug === key);
    if (kind === 'series' && series) {
      const hint = `it lists its ${partsOf(key)} parts with their summaries: shorten them or split the series`;
      return { path: series.path, ...series.locate(['title']), message: `${over}; ${hint}` };
    }
    const page = site.pages.find((p) => p.slug === key);
    if (kind === 'page' && page)
      return { path: page.path, ...page.locate(['title']), message: `${over}; shorten its title or summary` };
    for (const a of site.articles) {
      const i = a.front.aliases.findIndex((alias) => (alias.replace(/\/+$/, '') || '/') === key);
      if (kind === 'alias' && i >= 0) return { path: a.path, ...a.locate(['aliases', String(i)]), message: `alias ${over}` };
    }
    // A tag's entry names its list's chunks: no author can shorten it, so this is Quire's limit, not theirs.
    throw new Error(`the name index entry ${name} takes ${kib(bytes)}, over ${kib(INDEX_VALUE_LIMIT)}`);
  });
  return new ContentProblems(problems);
}
