import { paths } from '../content/paths';
import { type Citation, invertedName, nameOf, oneLine } from './citation';
import { formatDate } from './format';

/** A period closes a part unless it already ends in one (or in ? or !), as Chicago has it. */
const closed = (s: string): string => (/[.?!]$/.test(s) ? s : `${s}.`);

/** The title in quotation marks, with the closing period inside and its own quotes made single. */
const quotedTitle = (title: string): string => `“${closed(oneLine(title).replace(/["“]([^"“”]*)["”]/g, '‘$1’'))}”`;

/**
 * Chicago author-date, as for a blog post (17th ed., 15.51): "Tester, Ada. 2026. “Title.” Site
 * (blog), March 15, 2026. URL." With no author the title leads. A republished piece names where
 * it first appeared.
 */
export function ChicagoReference({ citation: c }: { citation: Citation }) {
  const name = nameOf(c.author);
  const year = c.date.slice(0, 4);
  const lead = name ? `${closed(invertedName(name))} ${year}. ${quotedTitle(c.title)}` : `${quotedTitle(c.title)} ${year}.`;
  return (
    <p>
      {lead} <i>{oneLine(c.container)}</i> (blog), {formatDate(c.date, c.language)}. {c.url}.
      {c.origin && (
        <>
          {' Originally published in '}
          <i>{oneLine(c.origin.outlet)}</i>, {formatDate(c.origin.date, c.language)}.
        </>
      )}
    </p>
  );
}

/** "Cite this": the reference to copy, and the files a reference manager imports. */
export function CiteThis({ citation, slug }: { citation: Citation; slug: string }) {
  return (
    <section class="cite" aria-labelledby="site:cite">
      <h2 id="site:cite">Cite this</h2>
      <ChicagoReference citation={citation} />
      <p>
        Download as <a href={paths.citation(slug, 'bib')}>BibTeX</a> or <a href={paths.citation(slug, 'ris')}>RIS</a>
      </p>
    </section>
  );
}
