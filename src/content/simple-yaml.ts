/**
 * The YAML that front matter almost always is (`key: value` lines, `[a, b]` lists, `- item`
 * lists, one level of indented keys), read about 20 times faster than the `yaml` library reads
 * it. Anything else, or anything this reader is not sure of, gives undefined and the caller reads
 * the file with the library: what this accepts, it reads exactly as YAML 1.2's core schema does
 * (tests/content/simple-yaml.node.test.ts checks it against the library).
 */
export type Value = string | number | boolean | Value[] | { [key: string]: Value };

const KEY_LINE = /^([A-Za-z_][A-Za-z0-9_]*):(?:[ ]+(.*))?$/;
// Core-schema forms that are not plain strings: floats, hex, octal, infinities, NaN and nulls.
const NOT_A_STRING =
  /^(?:[-+]?(?:\.\d+|\d+(?:\.\d*)?)(?:[eE][-+]?\d+)?|0x[0-9a-fA-F]+|0o[0-7]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|~|null|Null|NULL)$/;
// A plain scalar may not start with an indicator, nor hold ": " or " #" (a map, a comment).
const PLAIN = /^[^-?:,[\]{}#&*!|>'"%@`\s](?:[^:#\t]|:(?=\S)|(?<=\S)#)*$/;

// Characters YAML treats specially or refuses (controls, byte order marks): the library's business.
// biome-ignore lint/suspicious/noControlCharactersInRegex: controls are what it looks for
const UNUSUAL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/;

/** A scalar on one line: quoted, or plain in block (`flow` false) or flow context. */
function scalar(raw: string, flow: boolean): Value | undefined {
  const text = raw.trimEnd();
  if (text.startsWith('"')) {
    // Escapes and line folding are the library's business.
    return text.length > 1 && text.endsWith('"') && !/["\\]/.test(text.slice(1, -1)) ? text.slice(1, -1) : undefined;
  }
  if (text.startsWith("'")) {
    const inner = text.slice(1, -1);
    return text.length > 1 && text.endsWith("'") && !/'/.test(inner.replaceAll("''", ''))
      ? inner.replaceAll("''", "'")
      : undefined;
  }
  if (!PLAIN.test(text) || (flow && /[[\]{},]/.test(text))) return undefined;
  if (text === 'true' || text === 'True' || text === 'TRUE') return true;
  if (text === 'false' || text === 'False' || text === 'FALSE') return false;
  if (/^(?:0|[1-9]\d{0,14})$/.test(text)) return Number(text);
  return NOT_A_STRING.test(text) || /^[-+]?\d+$/.test(text) ? undefined : text;
}

/** A value on its key's line: a scalar or a flow list of scalars. */
function inline(raw: string): Value | undefined {
  const text = raw.trimEnd();
  if (!text.startsWith('[')) return scalar(text, false);
  if (!text.endsWith(']')) return undefined;
  const inner = text.slice(1, -1).trim();
  if (inner === '') return [];
  const items = inner.split(',').map((item) => (/^\s*["']/.test(item) ? undefined : scalar(item.trim(), true)));
  return items.every((item) => typeof item === 'string') ? (items as string[]) : undefined;
}

/** Read a map of `key: value` lines; undefined when the text is not in this reader's subset. */
export function simpleYaml(text: string): Record<string, Value> | undefined {
  if (UNUSUAL.test(text)) return undefined;
  const lines = text.split('\n');
  const map: Record<string, Value> = {};
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '' || /^#/.test(line)) continue;
    const match = KEY_LINE.exec(line);
    if (!match || Object.hasOwn(map, match[1]) || match[1] === '__proto__') return undefined;
    const [, key, rest = ''] = match;
    if (rest.trim() !== '') {
      const value = inline(rest);
      if (value === undefined) return undefined;
      map[key] = value;
      continue;
    }
    // A block below the key: `- item` lines, or indented `key: value` lines.
    const block: string[] = [];
    while (i + 1 < lines.length && /^[ -]/.test(lines[i + 1]) && lines[i + 1].trim() !== '') block.push(lines[++i]);
    const value = nested(block);
    if (value === undefined) return undefined;
    map[key] = value;
  }
  return map;
}

function nested(block: string[]): Value | undefined {
  if (block.length === 0) return undefined; // null: the library's business
  const indent = /^ */.exec(block[0])?.[0] ?? '';
  if (!block.every((line) => line.startsWith(indent) && line[indent.length] !== ' ')) return undefined;
  const lines = block.map((line) => line.slice(indent.length));
  if (lines.every((line) => line.startsWith('- '))) {
    const items = lines.map((line) => scalar(line.slice(2).trim(), false));
    return items.every((item) => item !== undefined && typeof item !== 'object') ? (items as Value[]) : undefined;
  }
  if (indent === '') return undefined;
  const map: Record<string, Value> = {};
  for (const line of lines) {
    const match = KEY_LINE.exec(line);
    if (!match?.[2] || Object.hasOwn(map, match[1]) || match[1] === '__proto__') return undefined;
    const value = inline(match[2]);
    if (value === undefined) return undefined;
    map[match[1]] = value;
  }
  return map;
}
