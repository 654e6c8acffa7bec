const formats = new Map<string, Intl.DateTimeFormat>();
// Intl formats a date in microseconds, and a list page shows twenty: the same dates recur on every
// list an article is in, so the isolate keeps what it formatted (bounded: cleared when full).
const formatted = new Map<string, string>();
const MAX_FORMATTED = 10_000;

/** "2 October 2026" in the site's language; dates are calendar dates, so always UTC. */
export function formatDate(iso: string, language: string): string {
  const key = `${language} ${iso}`;
  const known = formatted.get(key);
  if (known !== undefined) return known;
  let format = formats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' });
    formats.set(language, format);
  }
  const text = format.format(new Date(iso));
  if (formatted.size === MAX_FORMATTED) formatted.clear();
  formatted.set(key, text);
  return text;
}

/** Minutes at 230 words a minute, the usual figure for adult readers of prose. */
export const readingMinutes = (words: number): number => Math.max(1, Math.round(words / 230));

/** `<time datetime>` wants a date when the time is midnight UTC (a calendar date). */
export const machineDate = (iso: string): string => (iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso);

/** Pages name themselves by path; feeds, sitemaps and link previews need the full address. */
export const absoluteUrl = (site: { baseUrl: string }, path: string): string => `${site.baseUrl}${path}`;
