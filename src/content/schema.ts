import * as v from 'valibot';

/** Front matter and site.yaml schemas: the one place an author's keys are defined. */

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
// URL parsers rewrite a backslash or a control character, so no request would match an alias holding one.
// biome-ignore lint/suspicious/noControlCharactersInRegex: controls are what it refuses
const ALIAS = /^\/[^\s?#\\\x00-\x1f\x7f]*$/;
const DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

const withOffset = (s: string): string => (/(?:Z|[+-]\d{2}:?\d{2})$/.test(s) ? s : `${s}Z`);

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * Why a well-formed date names no real moment, if it does not. JavaScript's Date rolls 31 February
 * over to 2 March without a word, which would publish an author's typo as another day.
 */
function impossible(s: string): string | undefined {
  const [, y, m, d, hh, mm, ss] = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(s) ?? [];
  const [year, month, day] = [Number(y), Number(m), Number(d)];
  if (month < 1 || month > 12) return `${s.slice(0, 10)}: there is no month ${m}`;
  if (day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate())
    return `${day} ${MONTHS[month - 1]} ${year} does not exist`;
  if (hh !== undefined && (Number(hh) > 23 || Number(mm) > 59 || Number(ss ?? 0) > 59)) {
    return `${hh}:${mm}${ss === undefined ? '' : `:${ss}`} is not a time of day`;
  }
  return undefined;
}

/** A calendar date or date-time, normalized to an ISO 8601 UTC string. */
const date = v.pipe(
  v.string('expected a date like 2026-10-02'),
  v.regex(DATE, 'expected a date like 2026-10-02 (or 2026-10-02T09:00:00Z)'),
  v.check(
    (s) => impossible(s) === undefined,
    (issue) => impossible(String(issue.input)) ?? 'not a real calendar date',
  ),
  // A date-time without an offset is read as UTC, so a build never depends on the machine's zone.
  v.transform((s) => new Date(s.length === 10 ? `${s}T00:00:00Z` : withOffset(s.replace(' ', 'T')))),
  v.check((d) => !Number.isNaN(d.getTime()), 'not a real calendar date'),
  v.transform((d) => d.toISOString()),
);

const text = (what: string) => v.pipe(v.string(`${what} must be text`), v.trim(), v.nonEmpty(`${what} must not be empty`));

const tag = v.pipe(
  v.string('a tag must be text'),
  v.regex(SLUG, 'a tag uses lowercase letters, digits and hyphens, like "cold-war"'),
);

const absoluteUrl = v.pipe(
  v.string('expected a URL'),
  v.check(
    (s) => /^https?:\/\/[^\s]+$/i.test(s) && URL.canParse(s),
    'expected an absolute http(s) URL like https://example.org/essay',
  ),
);

export const correctionSchema = v.object({ date, note: text('a correction note') }, 'a correction has a date and a note');

/** Where an article first appeared: "This article first appeared on <outlet> on <date>". */
export const provenanceSchema = v.object(
  { outlet: text('outlet'), url: v.optional(absoluteUrl), date },
  'expected outlet, date and url on indented lines below it',
);

export const seriesStatusSchema = v.picklist(['ongoing', 'complete'], 'status is ongoing or complete');

export const siteSchema = v.object({
  title: text('title'),
  description: v.optional(v.string(), ''),
  baseUrl: v.pipe(
    absoluteUrl,
    v.transform((u) => u.replace(/\/+$/, '')),
  ),
  author: text('author'),
  language: v.optional(
    v.pipe(v.string(), v.regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, 'expected a language tag like en or en-GB')),
    'en',
  ),
  allowHtml: v.optional(v.boolean('allowHtml is true or false'), false),
  perPage: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(20, 'perPage is at most 20')), 10),
});

export const articleSchema = v.pipe(
  v.object({
    title: text('title'),
    date,
    summary: text('summary'),
    tags: v.optional(v.array(tag, 'tags is a list, like [history, essays]'), []),
    series: v.optional(v.pipe(v.string(), v.regex(SLUG, 'series is the slug of a file in content/series/'))),
    part: v.optional(
      v.pipe(
        v.number('part is a number'),
        v.integer((issue) => `part is a whole number, not ${issue.input}`),
        v.minValue(1, (issue) => `parts are numbered from 1, not ${issue.input}`),
      ),
    ),
    draft: v.optional(v.boolean('draft is true or false'), false),
    updated: v.optional(date),
    corrections: v.optional(v.array(correctionSchema, 'corrections is a list of {date, note}'), []),
    aliases: v.optional(
      v.array(
        v.pipe(
          v.string(),
          v.regex(
            ALIAS,
            'an alias is a path starting with /, like /2019/old-title, with no space, backslash or control character',
          ),
        ),
        'aliases is a list of paths',
      ),
      [],
    ),
    firstPublished: v.optional(provenanceSchema),
    /** Whose address search engines should credit: this site's (the default) or the original's. */
    canonical: v.optional(v.picklist(['self', 'original'], 'canonical is self or original')),
  }),
  v.forward(
    v.check((a) => a.series === undefined || a.part !== undefined, 'an article in a series needs a part number'),
    ['series'],
  ),
  v.forward(
    v.check((a) => a.part === undefined || a.series !== undefined, 'part is only meaningful with series'),
    ['part'],
  ),
  v.forward(
    v.check((a) => a.updated === undefined || a.updated >= a.date, 'updated is earlier than date'),
    ['updated'],
  ),
  v.forward(
    v.check((a) => a.corrections.every((c) => c.date >= a.date), 'a correction is dated before the article'),
    ['corrections'],
  ),
  v.forward(
    v.check(
      (a) => a.canonical !== 'original' || a.firstPublished?.url !== undefined,
      'original needs firstPublished.url to point at',
    ),
    ['canonical'],
  ),
);

export const seriesSchema = v.object({
  title: text('title'),
  summary: text('summary'),
  status: v.optional(seriesStatusSchema, 'ongoing'),
  planned: v.optional(v.array(text('a planned title'), 'planned is a list of titles'), []),
});

export const pageSchema = v.object({
  title: text('title'),
  summary: v.optional(v.string()),
});

export type SiteConfig = v.InferOutput<typeof siteSchema>;
export type ArticleFront = v.InferOutput<typeof articleSchema>;
export type SeriesFront = v.InferOutput<typeof seriesSchema>;
export type PageFront = v.InferOutput<typeof pageSchema>;

const nested = (parent: string, schema: { entries: v.ObjectEntries }) =>
  Object.keys(schema.entries).map((key) => `${parent}.${key}`);

/** Keys each kind of file may use, for "did you mean" hints; nested keys as `parent.child`. */
export const KNOWN_KEYS = {
  site: Object.keys(siteSchema.entries),
  article: [
    ...Object.keys(articleSchema.pipe[0].entries),
    ...nested('corrections', correctionSchema),
    ...nested('firstPublished', provenanceSchema),
  ],
  series: Object.keys(seriesSchema.entries),
  page: Object.keys(pageSchema.entries),
} as const;

export const isSlug = (s: string): boolean => SLUG.test(s);
