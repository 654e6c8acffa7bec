import { paths } from '../content/paths';
import type { RelatedRef } from '../content/stored';

/** The release keeps spares for related articles not yet due; a page shows this many. */
export const RELATED_SHOWN = 3;

/** "Related reading" at the end of an article: titles only, the best first. */
export function RelatedReading({ related }: { related: RelatedRef[] }) {
  const shown = related.slice(0, RELATED_SHOWN);
  if (shown.length === 0) return null;
  return (
    <nav class="related" aria-labelledby="site:related">
      <h2 id="site:related">Related reading</h2>
      <ul>
        {shown.map((r) => (
          <li>
            <a href={paths.article(r.slug)}>{r.title}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
