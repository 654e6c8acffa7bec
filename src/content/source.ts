import * as v from 'valibot';
import { type Document, isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import { type Problem, suggest } from './problems';

/** One file of the author's content, as read from disk (the CLI) or built in memory (tests). */
export interface SourceFile {
  path: string;
  text: string;
}

export interface Position {
  line: number;
  col: number;
}

export type Parsed<T> =
  | { ok: true; data: T; body: string; bodyLine: number; locate: (path: string[]) => Position }
  | { ok: false; problems: Problem[] };

type Schema<T> = v.GenericSchema<unknown, T>;

/** Parse a markdown file with YAML front matter and validate the front matter. */
export function parseMarkdown<T>(file: SourceFile, schema: Schema<T>, keys: readonly string[]): Parsed<T> {
  const text = file.text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const open = /^---[ \t]*\n/.exec(text);
  if (!open) return fail(file.path, 1, 'expected front matter: the file starts with a line "---"');
  const close = /^---[ \t]*$/m.exec(text.slice(open[0].length));
  if (!close) return fail(file.path, 1, 'front matter is not closed: add a line "---" after it');
  const yamlText = text.slice(open[0].length, open[0].length + close.index);
  const body = text.slice(open[0].length + close.index + close[0].length).replace(/^\n/, '');
  const result = parseYaml({ path: file.path, text: yamlText }, schema, keys, 1);
  const bodyLine = text.slice(0, text.length - body.length).split('\n').length;
  return result.ok ? { ...result, body, bodyLine } : result;
}

/** Parse and validate a YAML file (or front matter starting `lineOffset` lines into its file). */
export function parseYaml<T>(file: SourceFile, schema: Schema<T>, keys: readonly string[], lineOffset = 0): Parsed<T> {
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

function unknownKeys(doc: Document, keys: readonly string[]): [number, string][] {
  if (!isMap(doc.contents)) return [];
  const found: [number, string][] = [];
  for (const pair of doc.contents.items) {
    const name = isScalar(pair.key) ? String(pair.key.value) : '';
    if (keys.includes(name)) continue;
    const hint = suggest(name, keys);
    const offset = isScalar(pair.key) ? (pair.key.range?.[0] ?? 0) : 0;
    found.push([offset, `unknown key "${name}"${hint ? ` (did you mean "${hint}"?)` : ''}`]);
  }
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

function fail(path: string, line: number, message: string): Parsed<never> {
  return { ok: false, problems: [{ path, line, col: 1, message }] };
}
