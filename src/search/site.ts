import { contentHashes } from '../content/hash';
import type { Article, SiteModel } from '../content/model';
import { paths } from '../content/paths';
import { buildRelease, type Release } from '../content/release';
import { countWords } from '../content/summaries';
import { type AheadSink, type ArticleText, type BuildCache, buildSearchIndex, type SegmentEncoder } from './build';
import type { SearchDoc } from './doc';
import { plainText } from './plain-text';
import { type RelatedDoc, relatedArticles, type TermWeights, termWeights } from './related';
import { analyzer, INDEX_VERSION } from './text';

/** An article's own text, as a thread of the CLI's pool is given it. */
export interface TextJob {
  language: string;
  title: string;
  summary: string;
  body: string;
}

/** An article's plain text, related reading's term weights and its word count: pure, so it may run on any thread. */
export function articleTextJob({ language, title, summary, body }: TextJob): ArticleText {
  const plain = plainText(body);
  return {
    ...plain,
    terms: termWeights({ path: '', kind: 'article', title, summary, tags: [], ...plain }, analyzer(language)),
    words: countWords(body),
  };
}

/** Makes the texts a build lacks, results in order; the CLI spreads them over its cores. */
export type TextMaker = (jobs: TextJob[]) => Promise<ArticleText[]>;

const makeHere: TextMaker = async (jobs) => jobs.map(articleTextJob);

/** Each article's body's content hash (its `md` key's): computed once, for the build cache and the release. */
export async function bodyHashes(site: SiteModel): Promise<Map<Article, string>> {
  const hashes = await contentHashes(site.articles.map((a) => a.body));
  return new Map(site.articles.map((a, i) => [a, hashes[i]]));
}

/**
 * What each article's text is made from, named: its title, summary and body (by its content hash,
 * from `bodyHashes`), and the index version and language it is analyzed for. The build cache keeps
 * texts by it, and a search record's name includes it (`recordName`).
 */
export function textSources(site: SiteModel, hashes: ReadonlyMap<Article, string>): Map<Article, string> {
  const { language } = analyzer(site.config.language);
  const sources = new Map<Article, string>();
  for (const article of site.articles) {
    const hash = hashes.get(article);
    const { title, summary } = article.front;
    if (hash !== undefined) sources.set(article, JSON.stringify([INDEX_VERSION, language, title, summary, hash]));
  }
  return sources;
}

/**
 * Each published article's plain text, term weights and word count, from the build cache when it
 * has them (on a large site these passes over every body are most of a build, and an unchanged
 * text gives the same); the others made by `make`, and kept for the next build. The cache knows a
 * text by its source (`sources`, from `textSources`), so no body is hashed twice.
 */
export async function articleTexts(
  site: SiteModel,
  cache?: BuildCache,
  make = makeHere,
  sources?: ReadonlyMap<Article, string>,
): Promise<Map<Article, ArticleText>> {
  const { language } = analyzer(site.config.language);
  const texts = new Map<Article, ArticleText>();
  const lacking: { article: Article; key?: string }[] = [];
  const known = cache?.texts && (sources ?? textSources(site, await bodyHashes(site)));
  for (const article of site.articles) {
    if (article.front.draft) continue;
    const key = known?.get(article);
    const kept = key ? cache?.texts?.get(key) : undefined;
    if (kept) texts.set(article, kept);
    else lacking.push({ article, key });
  }
  const made = await make(
    lacking.map(({ article: { front, body } }) => ({ language, title: front.title, summary: front.summary, body })),
  );
  const kept = cache?.texts;
  lacking.forEach(({ article, key }, i) => {
    if (key && kept?.keep) texts.set(article, kept.keep(key, made[i]));
    else {
      texts.set(article, made[i]);
      if (key) kept?.set(key, made[i]);
    }
  });
  return texts;
}

/**
 * The documents of a site: every published article (oldest first, as the release lists them),
 * then its series and pages. Drafts are never indexed, even in a preview built with them; aliases
 * are only other addresses of an article, so they are not documents. Given the texts' sources
 * (`textSources`), each article doc names its own, so a build cache can know its record's id.
 */
export function searchDocs(
  site: SiteModel,
  texts: ReadonlyMap<Article, ArticleText>,
  sources?: ReadonlyMap<Article, string>,
): { articles: SearchDoc[]; terms: TermWeights[]; others: SearchDoc[] } {
  const titles = new Map(site.series.map((s) => [s.slug, s.front.title]));
  const terms: TermWeights[] = [];
  const articles = site.articles
    .filter((a) => !a.front.draft)
    .map((a): SearchDoc => {
      const { front } = a;
      const title = front.series ? titles.get(front.series) : undefined;
      const made = texts.get(a);
      if (!made) throw new Error(`search: no text was made for ${a.slug}`);
      terms.push(made.terms);
      return {
        path: paths.article(a.slug),
        kind: 'article',
        title: front.title,
        summary: front.summary,
        headings: made.headings,
        // Read only where it is needed (a segment to build): a build cache keeps it as JSON.
        get text() {
          return made.text;
        },
        textJson: made.textJson,
        textSource: sources?.get(a),
        date: front.date,
        tags: front.tags,
        series: front.series && title && front.part ? { slug: front.series, title, part: front.part } : undefined,
      };
    });
  const series = site.series.map(
    (s): SearchDoc => ({
      path: paths.series(s.slug),
      kind: 'series',
      title: s.front.title,
      summary: s.front.summary,
      ...plainText(s.body),
      tags: [],
    }),
  );
  const pages = site.pages.map(
    (p): SearchDoc => ({
      path: paths.page(p.slug),
      kind: 'page',
      title: p.front.title,
      summary: p.front.summary ?? '',
      ...plainText(p.body),
      tags: [],
    }),
  );
  return { articles, terms, others: [...series, ...pages] };
}

/** Each published article as related reading sees it, with its term weights (`terms`: `searchDocs(site).terms`). */
export function relatedDocs(site: SiteModel, terms: TermWeights[]): RelatedDoc[] {
  const published = site.articles.filter((a) => !a.front.draft); // the same articles, in the same order
  return published.map((a, i) => ({
    slug: a.slug,
    date: a.front.date,
    tags: a.front.tags,
    series: a.front.series,
    terms: terms[i],
  }));
}

/** Each published article's related reading (slugs, best first), in this thread. */
export const relatedReading = (site: SiteModel, terms: TermWeights[]): Map<string, string[]> =>
  relatedArticles(relatedDocs(site, terms));

/** Related reading of a site's articles; the CLI runs it on a thread of its own while the search index is built. */
export type RelatedMaker = (docs: RelatedDoc[]) => Promise<Map<string, string[]>>;

const relatedHere: RelatedMaker = async (docs) => relatedArticles(docs);

/** A site compiled into a release with its search index: what `quire build` and `publish` upload. */
export async function compileRelease(
  site: SiteModel,
  options: { cache?: BuildCache; encode?: SegmentEncoder; makeTexts?: TextMaker; related?: RelatedMaker; ahead?: AheadSink } = {},
): Promise<Release> {
  const hashes = await bodyHashes(site);
  const sources = textSources(site, hashes);
  const texts = await articleTexts(site, options.cache, options.makeTexts, sources);
  const { articles, terms, others } = searchDocs(site, texts, sources);
  // Started first: on a thread, related reading goes on while the index and the release's lists are built.
  const related = (options.related ?? relatedHere)(relatedDocs(site, terms));
  // Awaited by buildRelease; a failure meanwhile is not left unhandled.
  related.catch(() => {});
  const index = await buildSearchIndex(articles, others, site.config.language, options);
  const words = new Map([...texts].map(([article, text]) => [article, text.words]));
  return buildRelease(site, { ...index, related }, { bodyHashes: hashes, words });
}
