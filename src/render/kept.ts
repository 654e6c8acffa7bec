import { raw } from 'hono/html';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Root } from '../content/stored';

type Site = Root['site'];

/** Whether nothing in `value` can change any more (the store freezes what it reads; createApp, the site). */
function frozen(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  return Object.isFrozen(value) && Object.values(value).every(frozen);
}

const keptBySite = new WeakMap<Site, WeakMap<object, HtmlEscapedString>>();

/**
 * Markup rendered once per isolate and kept: what `render` gives is a pure function of the site and
 * of `by`, either a frozen value (an article's summary, which the store keeps with its list for as
 * long as the isolate keeps that list) or a component of the site alone. Kept in WeakMaps, so it
 * goes when its site or value does. Set as the escaped HTML hono/jsx made of it. Anything that can
 * still change (a site or summary built by hand, not read from a release) is rendered each time.
 */
export function kept(site: Site, by: object, render: () => JSX.Element): HtmlEscapedString {
  let bySite = keptBySite.get(site);
  if (!bySite) {
    bySite = new WeakMap();
    keptBySite.set(site, bySite);
  }
  let html = bySite.get(by);
  if (html === undefined) {
    // Synchronous components, with no element hoisted into <head>: a plain string.
    html = raw(render().toString() as string);
    if (frozen(site) && (typeof by === 'function' || frozen(by))) bySite.set(by, html);
  }
  return html;
}
