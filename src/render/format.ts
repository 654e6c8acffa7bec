const formats = new Map<string, Intl.DateTimeFormat>();

/** "2 October 2026" in the site's language; dates are calendar dates, so always UTC. */
export function formatDate(iso: string, language: string): string {
  let format = formats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' });
    formats.set(language, format);
  }
  return format.format(new Date(iso));
}

/** Minutes at 230 words a minute, the usual figure for adult readers of prose. */
export const readingMinutes = (words: number): number => Math.max(1, Math.round(words / 230));

/** `<time datetime>` wants a date when the time is midnight UTC (a calendar date). */
export const machineDate = (iso: string): string => (iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso);

/** Pages name themselves by path; feeds, sitemaps and link previews need the full address. */
export const absoluteUrl = (site: { baseUrl: string }, path: string): string => `${site.baseUrl}${path}`;
