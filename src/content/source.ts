import * as v from 'valibot';
import { type Document, isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { KV_VALUE_LIMIT, MIB } from './limits';
import { type Problem, suggest } from './problems';
import { simpleYaml, type Value } from './simple-yaml';

/** One file of the author's content, as read from disk (the CLI) or built in memory (tests). */
export interface SourceFile {
  path: string;
  text: string;
  /** Where the file stops being UTF-8, when it does (the text then has U+FFFD there). */
  notUtf8?: Position & { byte: number };
}

export interface Position {
  line: number;
  col: number;
}

export type Parsed<T> =
  | { ok: true; data: T; body: string; bodyLine: number; locate: (path: string[]) => Position }
  | { ok: false; problems: Problem[] };

type Schema<T> = v.GenericSchema<unknown, T>;

export type FrontMatter = { ok: true; yaml: string; body: string; bodyLine: number } | { ok: false; problem: Problem };

/** Split a markdown file into its YAML front matter and its body; no validation. */
export function splitFrontMatter(file: SourceFile): FrontMatter {
  const unmarked = file.text.replace(/^\uFEFF/, '');
  const text = unmarked.includes('\r') ? unmarked.replace(/\r\n?/g, '\n') : unmarked;
  const problem = (message: string): FrontMatter => ({ ok: false, problem: { path: file.path, line: 1, col: 1, message } });
  if (text.trim() === '') return problem('empty file: expected front matter starting with a line "---"');
  const open = /^---[ \t]*\n/.exec(text);
  if (!open) return problem('expected front matter: the file starts with a line "---"');
  const close = /^---[ \t]*$/m.exec(text.slice(open[0].length));
  if (!close) return problem('front matter is not closed: add a line "---" after it');
  const yaml = text.slice(open[0].length, open[0].length + close.index);
  const body = text.slice(open[0].length + close.index + close[0].length).replace(/^\n/, '');
  const bodyLine = text.slice(0, text.length - body.length).split('\n').length;
  return { ok: true, yaml, body, bodyLine };
}

/** Parse a markdown file with YAML front matter and validate the front matter and the body's size. */
export function parseMarkdown<T>(file: SourceFile, schema: Schema<T>, keys: readonly string[]): Parsed<T> {
  const split = splitFrontMatter(file);
  if (!split.ok) return { ok: false, problems: [split.problem] };
  const result = parseYaml({ path: file.path, text: split.yaml }, schema, keys, 1);
  const tooBig = oversize(file.path, split.body);
  if (tooBig) return { ok: false, problems: [tooBig, ...(result.ok ? [] : result.problems)] };
  return result.ok ? { ...result, body: split.body, bodyLine: split.bodyLine } : result;
}

/** A body is stored as one KV value, so it must fit in one. */
function oversize(path: string, body: string): Problem | undefined {
  // A UTF-16 code unit never takes more than 3 bytes of UTF-8: most bodies need no encoding here.
  if (body.length * 3 <= KV_VALUE_LIMIT) return undefined;
  const bytes = new TextEncoder().encode(body).byteLength;
  if (bytes <= KV_VALUE_LIMIT) return undefined;
  const mib = (n: number) => `${Math.ceil((n / MIB) * 10) / 10} MiB`;
  return {
    path,
    line: 1,
    col: 1,
    message: `the body is ${mib(bytes)}; Workers KV holds at most ${mib(KV_VALUE_LIMIT)} per value`,
  };
}

/** Parse and validate a YAML file (or front matter starting `lineOffset` lines into its file). */
export function parseYaml<T>(file: SourceFile, schema: Schema<T>, keys: readonly string[], lineOffset = 0): Parsed<T> {
  // Most files are plain `key: value` lines and valid: read them quickly. Positions are only
  // needed for a problem, and every problem is reported from the library's reading of the file.
  const quick = simpleYaml(file.text);
  const result = quick && knownKeysOnly(quick, keys) ? v.safeParse(schema, quick) : undefined;
  if (result?.success) {
    let full: Parsed<T> | undefined;
    const locate = (path: string[]) => {
      full ??= parseYamlFully(file, schema, keys, lineOffset);
      return full.ok ? full.locate(path) : { line: 1 + lineOffset, col: 1 };
    };
    return { ok: true, data: result.output, body: '', bodyLine: 1, locate };
  }
  return parseYamlFully(file, schema, keys, lineOffset);
}

function knownKeysOnly(map: Record<string, Value>, keys: readonly string[]): boolean {
  return Object.entries(map).every(([key, value]) => {
    if (!keys.includes(key)) return false;
    const nested = keys.filter((k) => k.startsWith(`${key}.`)).map((k) => k.slice(key.length + 1));
    if (nested.length === 0) return true;
    const maps = Array.isArray(value) ? value : [value];
    return maps.every((m) => typeof m !== 'object' || Array.isArray(m) || Object.keys(m).every((k) => nested.includes(k)));
  });
}

function parseYamlFully<T>(file: SourceFile, schema: Schema<T>, keys: readonly string[], lineOffset: number): Parsed<T> {
  const lines = new LineCounter();
  const doc = parseDocument(file.text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const position = (offset: number): Position => {
    const pos = lines.linePos(offset);
    return { line: pos.line + lineOffset, col: pos.col };
  };
  const at = (offset: number, message: string): Problem => ({ path: file.path, ...position(offset), message });
  if (doc.errors.length > 0) {
    return { ok: false, problems: doc.errors.map((e) => at(e.pos[0], `YAML: ${e.message.split('\n')[0]}`)) };
  }
  if (doc.contents !== null && !isMap(doc.contents)) {
    return { ok: false, problems: [at(0, 'expected "key: value" lines')] };
  }
  const problems = unknownKeys(doc, keys).map(([offset, message]) => at(offset, message));
  const result = v.safeParse(schema, doc.toJS() ?? {});
  if (result.success && problems.length === 0) {
    const locate = (path: string[]) => position(offsetOf(doc, path));
    return { ok: true, data: result.output, body: '', bodyLine: 1, locate };
  }
  for (const issue of result.issues ?? []) {
    const path = issue.path?.map((p) => p.key) ?? [];
    problems.push(at(offsetOf(doc, path), describe(path, issue)));
  }
  return { ok: false, problems };
}

/**
 * Keys the schema does not know, with a hint. `keys` names nested keys as `parent.child`; they
 * are checked in the map under `parent`, or in each map of a list there (like corrections).
 */
function unknownKeys(doc: Document, keys: readonly string[]): [number, string][] {
  const found: [number, string][] = [];
  const check = (map: unknown, known: string[], parent: string) => {
    if (!isMap(map)) return;
    for (const pair of map.items) {
      const name = isScalar(pair.key) ? String(pair.key.value) : '';
      if (known.includes(name)) {
        const nested = parent ? [] : keys.filter((k) => k.startsWith(`${name}.`)).map((k) => k.slice(name.length + 1));
        const maps = isSeq(pair.value) ? pair.value.items : [pair.value];
        if (nested.length > 0) for (const item of maps) check(item, nested, `${name}.`);
        continue;
      }
      const hint = suggest(name, known);
      const offset = isScalar(pair.key) ? (pair.key.range?.[0] ?? 0) : 0;
      found.push([offset, `unknown key "${parent}${name}"${hint ? ` (did you mean "${hint}"?)` : ''}`]);
    }
  };
  const topLevel = keys.filter((k) => !k.includes('.'));
  check(doc.contents, topLevel, '');
  return found;
}

/** Offset of the deepest node of `path` that exists, so a message points at the right line. */
function offsetOf(doc: Document, path: unknown[]): number {
  for (let depth = path.length; depth > 0; depth--) {
    const node = doc.getIn(path.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return node.range[0];
  }
  return 0;
}

function describe(path: unknown[], issue: v.BaseIssue<unknown>): string {
  const where = path.length > 0 ? path.join('.') : '';
  if (issue.kind === 'schema' && issue.received === 'undefined') return `missing required key "${where}"`;
  return where ? `${where}: ${issue.message}` : issue.message;
}
