/** Escaping for the markup languages Quire writes: one table, so HTML and XML never drift apart. */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const XML_ENTITIES: Record<string, string> = { ...ENTITIES, "'": '&apos;' };

/** Text and attribute values in HTML. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ENTITIES[c]);

// Characters XML 1.0 forbids anywhere (§2.2), as text pasted from word processors can carry.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly what must go
const FORBIDDEN = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g;

/** Text without the characters XML 1.0 forbids. */
export const xmlSafe = (s: string): string => s.replace(FORBIDDEN, '');

/** Text and attribute values in XML (all five entities, as the sitemap protocol asks). */
export const xml = (s: string): string => s.replace(FORBIDDEN, '').replace(/[&<>"']/g, (c) => XML_ENTITIES[c]);

/**
 * Markup carried whole in CDATA, where escaping would rewrite every tag: what goes between
 * `<![CDATA[` and `]]>`, which is `s` itself (no copy of a long body) unless it holds `]]>`, split
 * across sections. `s` is XML-safe already (feed bodies are kept that way: `feedBody`).
 */
export const cdataText = (s: string): string => (s.includes(']]>') ? s.replaceAll(']]>', ']]]]><![CDATA[>') : s);
