import { siteAddresses } from './addresses';
import type { Article, Page, Series, SiteModel } from './model';
import { paths } from './paths';
import { type Problem, suggest } from './problems';
import type { Position } from './source';

/** A link or image in a body, at its offset in the body's text. */
export interface BodyLink {
  href: string;
  image: boolean;
  offset: number;
}

export type LinkingDoc = Article | Series | Page;

export interface LinkCheck {
  /** Static assets as served, e.g. `/assets/map.svg`, and the folder they are in, for messages. */
  assets: readonly string[];
  assetsDir: string;
  /** Files of the articles left out as drafts. */
  drafts: readonly string[];
  /** ISO time of the check: a target dated after it is scheduled. */
  now: string;
  /** Reading markdown is the renderer's business; the CLI passes it in (docs/architecture.md, layers). */
  linksIn: (doc: LinkingDoc) => readonly BodyLink[];
  /** Every destination in a body, or more, found cheaply; undefined when only `linksIn` can tell. */
  quickLinksIn: (doc: LinkingDoc) => readonly string[] | undefined;
  anchorsIn: (doc: LinkingDoc) => ReadonlySet<string>;
}

const when = (iso: string): string => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

function positionIn(doc: LinkingDoc, offset: number): Position {
  const before = doc.body.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: doc.bodyLine + before.split('\n').length - 1, col: [...before.slice(lineStart)].length + 1 };
}

/**
 * Every link and image that leads to this site, checked against the addresses the release will
 * answer, as a reader's browser would follow it: resolved against the page's own address, query
 * ignored (no page but /search reads one, and any query is a search), percent-decoded, trailing
 * and doubled slashes dropped (the worker redirects those), case kept (its addresses are
 * lowercase and exact). Links to other hosts and schemes are the author's to check.
 */
export function checkLinks(site: SiteModel, check: LinkCheck): Problem[] {
  const { resolve } = siteAddresses(site, check);
  const base = new URL(site.config.baseUrl);
  const anchors = new Map<LinkingDoc, ReadonlySet<string>>();
  const anchorsOf = (doc: LinkingDoc) => anchors.get(doc) ?? anchors.set(doc, check.anchorsIn(doc)).get(doc) ?? new Set();

  /** Where a link leads, when it is this site; a string says why a browser cannot follow it. */
  function follow(href: string, address: string) {
    if (!URL.canParse(href, `${base.origin}${address}`)) return 'not an address a browser can follow';
    const url = new URL(href, `${base.origin}${address}`);
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.host !== base.host) return undefined;
    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      return '"%" starts a percent-encoded byte, like %20 for a space';
    }
    return { path, hash: url.hash, found: resolve(path.replace(/\/{2,}/g, '/').replace(/(.)\/+$/, '$1')) };
  }
  // A root-relative link leads to the same place from every page: resolved once per site.
  const followed = new Map<string, ReturnType<typeof follow>>();

  /** What is wrong with a link from `doc` (at `address`, visible from `from`), if anything. */
  function judge(href: string, label: string, doc: LinkingDoc, address: string, from?: string): string | undefined {
    const rooted = href.startsWith('/') && !href.startsWith('//');
    const link = rooted && followed.has(href) ? followed.get(href) : follow(href, address);
    if (rooted) followed.set(href, link);
    if (link === undefined) return undefined;
    if (typeof link === 'string') return `${label}: ${link}`;
    const { path, hash, found } = link;
    // A page-relative link is read against the page's address, as a browser reads it: say where it led.
    if (!/^(?:[a-z][a-z\d+.-]*:|[/#?])/i.test(href)) label = `${label} leads to "${path}"`;
    if (!found.ok) return `${label}: ${found.reason}${found.suggestion ? ` (did you mean "${found.suggestion}"?)` : ''}`;
    const { target } = found;
    // Visible before its target, the link leads to "not found" until the target's time comes.
    if (target.from && target.from > check.now && (from === undefined || target.from > from)) {
      const fix =
        from === undefined ? 'add the link once it is out' : 'date this article no earlier, or add the link once it is out';
      return `${label}: ${target.what} is scheduled for ${when(target.from)}, so until then this link leads nowhere (${fix})`;
    }
    const fragment = hash.slice(1);
    if (!fragment || !target.doc) return undefined;
    let id = fragment;
    try {
      id = decodeURIComponent(fragment);
    } catch {}
    const ids = anchorsOf(target.doc);
    if (ids.has(id)) return undefined;
    const where = target.doc === doc ? 'this page' : target.doc.path;
    const near = suggest(id, [...ids]);
    return `${label}: ${where} has no heading or note with the id "${id}"${near ? ` (did you mean "#${near}"?)` : ''}`;
  }

  const problems: Problem[] = [];
  const sources: [LinkingDoc, string, string | undefined][] = [
    ...site.articles.map((a): [LinkingDoc, string, string] => [a, paths.article(a.slug), a.front.date]),
    ...site.series.map((s): [LinkingDoc, string, undefined] => [s, paths.series(s.slug), undefined]),
    ...site.pages.map((p): [LinkingDoc, string, undefined] => [p, paths.page(p.slug), undefined]),
  ];
  for (const [doc, address, from] of sources) {
    const quick = check.quickLinksIn(doc);
    const fine = quick?.every((href) => judge(href, '', doc, address, from) === undefined);
    for (const link of fine ? [] : check.linksIn(doc)) {
      const message = judge(link.href, `${link.image ? 'image' : 'link'} "${link.href}"`, doc, address, from);
      if (message) problems.push({ path: doc.path, ...positionIn(doc, link.offset), message });
    }
    // The one address in front matter; an original on this very site must exist too.
    const original = 'firstPublished' in doc.front ? doc.front.firstPublished?.url : undefined;
    const message = original && judge(original, `firstPublished.url "${original}"`, doc, address, from);
    if (message) problems.push({ path: doc.path, ...doc.locate(['firstPublished', 'url']), message });
  }
  return problems;
}
