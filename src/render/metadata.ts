import { paths } from '../content/paths';
import type { ArticleEntry, SeriesEntry } from '../content/stored';
import { citationMeta, citationOf } from './citation';
import { absoluteUrl, machineDate } from './format';
import type { PageMeta } from './head';
import type { Site } from './layout';

/** schema.org descriptions (JSON-LD) and canonical choices for the pages that have them. */

const CONTEXT = 'https://schema.org';

/** An article entry; `canonical` is the author's front matter choice of whose address to credit. */
export type CanonicalArticle = ArticleEntry & { canonical?: 'self' | 'original' };

const author = (site: Site) => ({ '@type': 'Person', name: site.author });

export function homeMeta(site: Site): PageMeta {
  return {
    jsonLd: {
      '@context': CONTEXT,
      '@type': 'WebSite',
      name: site.title,
      url: absoluteUrl(site, '/'),
      ...(site.description ? { description: site.description } : {}),
      inLanguage: site.language,
      author: author(site),
    },
  };
}

/**
 * A republished article credits the original only when its author asks (`canonical: original`)
 * and there is an address to credit; otherwise this site's page is the canonical one.
 */
export function articleMeta(site: Site, article: CanonicalArticle, path: string): PageMeta {
  const url = absoluteUrl(site, path);
  const origin = article.firstPublished;
  const canonical = article.canonical === 'original' && origin?.url ? origin.url : undefined;
  const series = article.series;
  return {
    canonical,
    article: { published: article.date, modified: article.modified },
    citation: citationMeta(citationOf(site, article)),
    jsonLd: {
      '@context': CONTEXT,
      '@type': 'BlogPosting',
      headline: article.title,
      description: article.summary,
      datePublished: machineDate(article.date),
      dateModified: machineDate(article.modified ?? article.date),
      author: author(site),
      url,
      mainEntityOfPage: { '@type': 'WebPage', '@id': url },
      inLanguage: site.language,
      ...(article.tags.length > 0 ? { keywords: article.tags.join(', ') } : {}),
      ...(series
        ? {
            isPartOf: { '@type': 'CreativeWorkSeries', name: series.title, url: absoluteUrl(site, paths.series(series.slug)) },
            position: series.part,
          }
        : {}),
      ...(origin
        ? {
            isBasedOn: {
              '@type': 'CreativeWork',
              ...(origin.url ? { url: origin.url } : {}),
              publisher: { '@type': 'Organization', name: origin.outlet },
              datePublished: machineDate(origin.date),
            },
          }
        : {}),
    },
  };
}

/** A series with the parts published so far, in order. */
export function seriesMeta(site: Site, series: SeriesEntry, path: string): PageMeta {
  return {
    jsonLd: {
      '@context': CONTEXT,
      '@type': 'CreativeWorkSeries',
      name: series.title,
      description: series.summary,
      url: absoluteUrl(site, path),
      inLanguage: site.language,
      author: author(site),
      hasPart: series.parts.map((p) => ({
        '@type': 'BlogPosting',
        headline: p.title,
        url: absoluteUrl(site, paths.article(p.slug)),
        ...(p.series ? { position: p.series.part } : {}),
        datePublished: machineDate(p.date),
      })),
    },
  };
}
