/**
 * Rendered bodies are HTML5; an EPUB content document is XHTML, which an XML parser reads. These
 * transforms cover what our marked output contains (and what trusted raw HTML commonly adds):
 * void elements, attributes without values, attribute names XML would read as a prefix, bare
 * ampersands and HTML's named entities, which XML does not know (only its own five).
 */

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
// The named entities people type; any other name is shown as the text it was.
const NAMED: Record<string, number> = {
  nbsp: 160,
  copy: 169,
  reg: 174,
  trade: 8482,
  mdash: 8212,
  ndash: 8211,
  hellip: 8230,
  lsquo: 8216,
  rsquo: 8217,
  ldquo: 8220,
  rdquo: 8221,
  laquo: 171,
  raquo: 187,
  middot: 183,
  deg: 176,
  times: 215,
  shy: 173,
  eacute: 233,
  sect: 167,
  para: 182,
  dagger: 8224,
  Dagger: 8225,
  bull: 8226,
  euro: 8364,
  pound: 163,
  thinsp: 8201,
  ensp: 8194,
  emsp: 8195,
};

// Attribute values are quoted strings or bare words; a quoted `>` does not end the tag.
const TAG = /<([a-zA-Z][a-zA-Z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
const ATTRIBUTE = /([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;
// Only what XML cannot read: a bare `&`, or a named entity other than XML's five.
const ENTITY = /&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#[xX][0-9a-fA-F]+);)(?:([a-zA-Z][a-zA-Z0-9]*);)?/g;
// An attribute list that is already XML: `name="value"` pairs with XML names.
const XML_ATTRIBUTES = /^(?:\s+[a-z][a-z0-9-]*="[^"<]*")*\s*\/?$/;
const REPEATED = /\s([a-z][a-z0-9-]*)=.*\s\1=/;

function entity(_: string, name?: string): string {
  if (name === undefined) return '&amp;';
  const code = NAMED[name];
  return code ? `&#${code};` : `&amp;${name};`;
}

const quoteAttribute = (value: string): string => value.replace(/</g, '&lt;').replace(/"/g, '&quot;');

/** An attribute name XML can carry: `data-fn:ref` would name an undeclared namespace prefix. */
const xmlName = (name: string): string => (/^(xml|xmlns|epub):/.test(name) ? name : name.replace(/:/g, '-'));

function xmlTag(match: string, name: string, attributes: string): string {
  const tag = name.toLowerCase();
  const isVoid = VOID.has(tag);
  // Most of marked's tags are already XML: leave them as they are, cheaply.
  if (tag === name && XML_ATTRIBUTES.test(attributes) && !REPEATED.test(attributes)) {
    const selfClosed = attributes.endsWith('/');
    if (isVoid === selfClosed) return match;
    if (isVoid) return `<${tag}${attributes}/>`;
  }
  const seen = new Set<string>();
  let out = '';
  for (const [, raw, dq, sq, bare] of attributes.matchAll(ATTRIBUTE)) {
    const attr = xmlName(raw.toLowerCase());
    if (seen.has(attr)) continue; // XML forbids a repeated attribute; HTML keeps the first
    seen.add(attr);
    out += ` ${attr}="${quoteAttribute(dq ?? sq ?? bare ?? '')}"`;
  }
  return `<${tag}${out}${isVoid ? '/' : ''}>`;
}

/** Well-formed XHTML from the HTML5 that marked renders. */
export function toXhtml(html: string): string {
  return html
    .replace(TAG, xmlTag)
    .replace(/<\/(?:area|base|br|col|embed|hr|img|input|link|meta|source|track|wbr)>/gi, '')
    .replace(ENTITY, entity);
}
