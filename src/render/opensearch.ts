import { xml } from '../content/escape';
import { paths } from '../content/paths';
import { absoluteUrl } from './format';
import type { Site } from './layout';

// OpenSearch 1.1 limits ShortName to 16 characters and Description to 1,024.
const SHORT_NAME = 16;
const DESCRIPTION = 1024;

const cut = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`);

/**
 * The OpenSearch 1.1 description document (`/opensearch.xml`), so a browser can add the site as a
 * search engine. `{searchTerms}` is the spec's template parameter, filled in by the browser.
 */
export function openSearchDescription(site: Site): string {
  const template = (path: string) => xml(`${absoluteUrl(site, path)}?q={searchTerms}`);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">',
    `<ShortName>${xml(cut(site.title, SHORT_NAME))}</ShortName>`,
    `<Description>${xml(cut(`Search ${site.title}${site.description ? `: ${site.description}` : ''}`, DESCRIPTION))}</Description>`,
    '<InputEncoding>UTF-8</InputEncoding>',
    `<Language>${xml(site.language)}</Language>`,
    `<Url type="text/html" method="get" template="${template(paths.searchPage)}"/>`,
    `<Url type="application/atom+xml" method="get" template="${template(paths.searchFeedPath)}"/>`,
    `<Url type="application/opensearchdescription+xml" rel="self" template="${xml(absoluteUrl(site, paths.openSearch))}"/>`,
    '</OpenSearchDescription>',
    '',
  ].join('\n');
}
