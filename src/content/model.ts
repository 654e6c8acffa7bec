import { paths, RESERVED } from './paths';
import { byPosition, type Problem } from './problems';
import {
  type ArticleFront,
  articleSchema,
  isSlug,
  KNOWN_KEYS,
  type PageFront,
  pageSchema,
  type SeriesFront,
  type SiteConfig,
  seriesSchema,
  siteSchema,
} from './schema';
import { type Parsed, type Position, parseMarkdown, parseYaml, type SourceFile } from './source';

/** The author's content as the CLI finds it: one site.yaml and the markdown files by kind. */
export interface ContentFiles {
  site: SourceFile;
  articles: SourceFile[];
  series: SourceFile[];
  pages: SourceFile[];
  /** Paths of static assets as served, e.g. `/assets/map.svg`. */
  assets: string[];
}

/** The markdown files of each kind, each parsed and validated alone (`parseFile`). */
export interface ParsedFiles {
  article: Map<SourceFile, Parsed<ArticleFront>>;
  series: Map<SourceFile, Parsed<SeriesFront>>;
  page: Map<SourceFile, Parsed<PageFront>>;
}

export type MarkdownKind = keyof ParsedFiles;

export const parsedFiles = (): ParsedFiles => ({ article: new Map(), series: new Map(), page: new Map() });

const parseArticle = (file: SourceFile) => parseMarkdown(file, articleSchema, KNOWN_KEYS.article);
const parseSeries = (file: SourceFile) => parseMarkdown(file, seriesSchema, KNOWN_KEYS.series);
const parsePage = (file: SourceFile) => parseMarkdown(file, pageSchema, KNOWN_KEYS.page);

/**
 * One file parsed as `loadSite` parses it, kept in `into`: no file's parse depends on another's,
 * so the CLI parses each as soon as it is read, while the rest are still being read.
 */
export function parseFile(into: ParsedFiles, kind: MarkdownKind, file: SourceFile): void {
  if (kind === 'article') into.article.set(file, parseArticle(file));
  else if (kind === 'series') into.series.set(file, parseSeries(file));
  else into.page.set(file, parsePage(file));
}

interface Doc<T> {
  slug: string;
  path: string;
  front: T;
  body: string;
  /** The line of the file the body starts on. */
  bodyLine: number;
  locate: (path: string[]) => Position;
}

export type Article = Doc<ArticleFront>;
export type Series = Doc<SeriesFront>;
export type Page = Doc<PageFront>;

export interface SiteModel {
  config: SiteConfig;
  /** Published articles, oldest first (drafts are left out unless asked for). */
  articles: Article[];
  series: Series[];
  pages: Page[];
}

export type Loaded = { ok: true; site: SiteModel } | { ok: false; problems: Problem[] };

/**
 * Validate every file and the links between them; report every problem at once. A file found in
 * `parsed` is not parsed again.
 */
export function loadSite(files: ContentFiles, options: { drafts?: boolean; parsed?: ParsedFiles } = {}): Loaded {
  const { parsed } = options;
  const problems: Problem[] = [];
  for (const file of [files.site, ...files.articles, ...files.series, ...files.pages]) {
    if (!file.notUtf8) continue;
    const { line, col, byte } = file.notUtf8;
    const hex = byte.toString(16).toUpperCase().padStart(2, '0');
    problems.push({ path: file.path, line, col, message: `not UTF-8: byte 0x${hex} here; save the file as UTF-8` });
  }
  const site = parseYaml(files.site, siteSchema, KNOWN_KEYS.site);
  if (!site.ok) problems.push(...site.problems);
  const articles = parseAll(files.articles, (f) => parsed?.article.get(f) ?? parseArticle(f), problems);
  const series = parseAll(files.series, (f) => parsed?.series.get(f) ?? parseSeries(f), problems);
  const pages = parseAll(files.pages, (f) => parsed?.page.get(f) ?? parsePage(f), problems);

  const published = articles.filter((a) => options.drafts || !a.front.draft);
  checkSeries(published, series, problems);
  checkAliases(published, pages, problems);
  for (const page of pages) {
    if (RESERVED.includes(page.slug)) {
      problems.push({ path: page.path, line: 1, col: 1, message: `"${page.slug}" is a reserved path; rename the file` });
    }
  }

  if (problems.length > 0 || !site.ok) return { ok: false, problems: problems.sort(byPosition) };
  // Order never depends on how the files were listed, so a release id depends on content alone.
  const bySlug = (a: { slug: string }, b: { slug: string }) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0);
  published.sort((a, b) => (a.front.date < b.front.date ? -1 : a.front.date > b.front.date ? 1 : bySlug(a, b)));
  return { ok: true, site: { config: site.data, articles: published, series: series.sort(bySlug), pages: pages.sort(bySlug) } };
}

function parseAll<T>(
  files: SourceFile[],
  parse: (file: SourceFile) => Parsed<T>,
  problems: Problem[],
): (Doc<T> & { bodyLine: number })[] {
  const docs: (Doc<T> & { bodyLine: number })[] = [];
  const owners = new Map<string, string>();
  // By path, so which of two files with one slug is reported never depends on listing order.
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const slug = file.path.replace(/^.*\//, '').replace(/\.md$/, '');
    const at = (message: string) => problems.push({ path: file.path, line: 1, col: 1, message });
    if (!isSlug(slug)) at('file names use lowercase letters, digits and hyphens, like "the-long-peace.md"');
    const owner = owners.get(slug);
    if (owner) at(`slug "${slug}" is also ${owner}`);
    else owners.set(slug, file.path);
    const parsed = parse(file);
    if (!parsed.ok) problems.push(...parsed.problems);
    else if (!owner)
      docs.push({
        slug,
        path: file.path,
        front: parsed.data,
        body: parsed.body,
        bodyLine: parsed.bodyLine,
        locate: parsed.locate,
      });
  }
  return docs;
}

function checkSeries(articles: Article[], series: Series[], problems: Problem[]): void {
  const known = new Set(series.map((s) => s.slug));
  const parts = new Map<string, Article>();
  for (const article of articles) {
    const { series: slug, part } = article.front;
    if (slug === undefined) continue;
    const at = (key: string) => ({ path: article.path, ...article.locate([key]) });
    if (!known.has(slug)) {
      problems.push({
        ...at('series'),
        message: `no series "${slug}": expected a file ${article.path.replace(/articles\/[^/]+$/, 'series/')}${slug}.md`,
      });
      continue;
    }
    const taken = parts.get(`${slug}#${part}`);
    if (taken) problems.push({ ...at('part'), message: `part ${part} of "${slug}" is also ${taken.path}` });
    else parts.set(`${slug}#${part}`, article);
  }
}

/** An alias must not shadow a real URL or another alias: a redirect would hide a page. */
function checkAliases(articles: Article[], pages: Page[], problems: Problem[]): void {
  const owners = new Map<string, string>();
  for (const a of articles) owners.set(paths.article(a.slug), a.path);
  for (const p of pages) owners.set(paths.page(p.slug), p.path);
  for (const article of articles) {
    article.front.aliases.forEach((alias, i) => {
      const path = alias.replace(/\/+$/, '') || '/';
      const owner = owners.get(path);
      const reserved = path === '/' || (RESERVED.includes(path.split('/')[1] ?? '') && !path.startsWith(paths.article('')));
      if (owner || reserved) {
        const what = owner ? `it is already the address of ${owner}` : 'it is an address the site itself uses';
        problems.push({
          path: article.path,
          ...article.locate(['aliases', String(i)]),
          message: `alias "${alias}" cannot redirect: ${what}`,
        });
      } else owners.set(path, article.path);
    });
  }
}
