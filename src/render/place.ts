/** Bodies placed side by side in one document (the reading view, an e-book) without their ids colliding. */

/** How a body's ids and links are placed in a page or a book that holds many bodies. */
export interface Placement {
  /** Put before every id (`p2-`), so parts never collide and every id is an XML name. */
  prefix: string;
  /** Where a link that is not in-page should point (rewritten between parts, or made absolute). */
  link: (href: string) => string;
}

const ID_ATTRIBUTES = /(\s(?:id|aria-describedby|aria-labelledby|for|headers|popovertarget))="([^"]*)"/g;
const URL_ATTRIBUTES = /(\s(?:href|src))="([^"]*)"/g;

/** `fn:1` → `p2-fn.1`: the slugger never makes a dot, so distinct ids stay distinct. */
export const placeId = (prefix: string, id: string): string => `${prefix}${id.replace(/:/g, '.')}`;

/** A body with every id prefixed, in-page links following them, and other links placed. */
export function placeBody(html: string, { prefix, link }: Placement): string {
  return html
    .replace(
      ID_ATTRIBUTES,
      (_, attr: string, ids: string) =>
        `${attr}="${ids
          .split(/\s+/)
          .map((id) => placeId(prefix, id))
          .join(' ')}"`,
    )
    .replace(
      URL_ATTRIBUTES,
      (_, attr: string, url: string) => `${attr}="${url.startsWith('#') ? `#${placeId(prefix, url.slice(1))}` : link(url)}"`,
    );
}
