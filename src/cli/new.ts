import { access, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import * as v from 'valibot';
import { parseDocument } from 'yaml';
import { isSlug } from '../content/schema';
import { splitFrontMatter } from '../content/source';

const USAGE = `Usage: quire new article "Title" [--series SLUG] [--slug SLUG]
       quire new series "Title" [--slug SLUG]`;

// Placeholders that validate, so a new file passes `quire check` and still shows what is left to write.
const SUMMARY = 'TODO: one or two sentences';
const SYNOPSIS = 'TODO: the synopsis, what the series is about; it opens the series page.';
const MAX_SLUG = 60;

// Letters that NFKD leaves whole, folded by hand so "Straße" becomes "strasse", not "stra-e".
const FOLD: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ð: 'd', ł: 'l', þ: 'th', ı: 'i' };

/** Only what numbering needs; a file that is broken otherwise is `quire check`'s business. */
const seriesPart = v.object({ series: v.string(), part: v.pipe(v.number(), v.integer()) });

class Refusal extends Error {}

/** A file name from a title: ASCII letters and digits joined by single hyphens, cut at a word. */
export function slugify(title: string): string {
  const ascii = title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[ßæœøđðłþı]/g, (c) => FOLD[c]);
  const slug = ascii.replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  if (slug.length <= MAX_SLUG) return slug;
  const cut = slug.slice(0, MAX_SLUG + 1).lastIndexOf('-');
  return cut > 0 ? slug.slice(0, cut) : slug.slice(0, MAX_SLUG);
}

/** `quire new article|series "Title"`: write a file that validates, never over another, and print its path. */
export async function newCommand(args: string[], options: { content: string; today?: Date }): Promise<number> {
  let parsed: ReturnType<typeof parseNewArgs>;
  try {
    parsed = parseNewArgs(args);
  } catch (error) {
    console.error(`quire: ${error instanceof Error ? error.message : error}\n\n${USAGE}`);
    return 1;
  }
  const { values, positionals } = parsed;
  const [kind, title = '', ...extra] = positionals;
  if ((kind !== 'article' && kind !== 'series') || title.trim() === '' || extra.length > 0) {
    console.error(USAGE);
    return 1;
  }
  const content = values.content ?? options.content;
  try {
    if (kind === 'series' && values.series !== undefined) throw new Refusal('--series is only for articles');
    if (!(await exists(join(content, 'site.yaml')))) {
      throw new Refusal(`${shown(join(content, 'site.yaml'))}: not found; a content folder starts with site.yaml`);
    }
    const slug = slugFor(title, values.slug);
    const path =
      kind === 'article'
        ? await newArticle(content, slug, title.trim(), options.today ?? new Date(), values.series)
        : await newSeries(content, slug, title.trim());
    console.log(shown(path));
    return 0;
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    console.error(`quire: ${error.message}`);
    return 1;
  }
}

function parseNewArgs(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: { series: { type: 'string' }, slug: { type: 'string' }, content: { type: 'string' } },
  });
}

function slugFor(title: string, given: string | undefined): string {
  if (given !== undefined) {
    if (!isSlug(given)) throw new Refusal(`--slug "${given}": use lowercase letters, digits and hyphens, like the-long-peace`);
    return given;
  }
  const slug = slugify(title);
  if (!slug) throw new Refusal(`cannot make a file name from "${title}"; give one with --slug, like --slug the-long-peace`);
  return slug;
}

async function newArticle(content: string, slug: string, title: string, today: Date, series?: string): Promise<string> {
  const front = [`title: ${JSON.stringify(title)}`, `date: ${today.toISOString().slice(0, 10)}`];
  front.push(`summary: ${JSON.stringify(SUMMARY)}`, 'tags: []');
  if (series !== undefined) {
    const seriesPath = join(content, 'series', `${series}.md`);
    if (!isSlug(series) || !(await exists(seriesPath))) {
      throw new Refusal(`no series "${series}": expected a file ${shown(seriesPath)}; start one with: quire new series "Title"`);
    }
    front.push(`series: ${series}`, `part: ${(await lastPart(join(content, 'articles'), series)) + 1}`);
  }
  return create(join(content, 'articles', `${slug}.md`), `---\n${front.join('\n')}\n---\n`);
}

async function newSeries(content: string, slug: string, title: string): Promise<string> {
  const front = [`title: ${JSON.stringify(title)}`, `summary: ${JSON.stringify(SUMMARY)}`, 'status: ongoing', 'planned: []'];
  return create(join(content, 'series', `${slug}.md`), `---\n${front.join('\n')}\n---\n${SYNOPSIS}\n`);
}

/** The highest part of a series among the articles, drafts included: a draft holds its number. */
async function lastPart(articles: string, series: string): Promise<number> {
  const names = (await readdir(articles).catch(() => [] as string[])).filter((n) => n.endsWith('.md'));
  let last = 0;
  for (const name of names) {
    const split = splitFrontMatter({ path: name, text: await readFile(join(articles, name), 'utf8') });
    if (!split.ok) continue;
    const doc = parseDocument(split.yaml);
    const found = doc.errors.length === 0 ? v.safeParse(seriesPart, doc.toJS()) : undefined;
    if (found?.success && found.output.series === series) last = Math.max(last, found.output.part);
  }
  return last;
}

async function create(path: string, text: string): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  // 'wx' fails if the file exists, so an author's writing is never replaced, even in a race.
  await writeFile(path, text, { flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'EEXIST' ? new Refusal(`${shown(path)} already exists; quire new never overwrites a file`) : error;
  });
  return path;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

const shown = (path: string): string => relative(process.cwd(), path);
