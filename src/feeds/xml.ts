const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text and attribute values in XML. */
export const xml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** Markup carried whole: a CDATA section is one copy, where escaping would rewrite every tag. */
export const cdata = (s: string): string => `<![CDATA[${s.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
