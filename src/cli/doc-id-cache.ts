import { hash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DocIds } from '../search/doc';

/**
 * Search records' ids kept on disk between builds, by record name (`recordName`: the record's
 * fields and what its text is made from). A record's id is the hash of its JSON, a whole text
 * long: at 100,000 articles, naming them all again (about 400 MB hashed, and the garbage of the
 * copies made for it) took a publish that adds one article 3–4.5 s more in a slow spell.
 *
 * One text file: a first line `quire-doc-ids 1 <SHA-256 of the rest>`, then one line per record,
 * `<name's digest> <id>`. A file that does not match its digest (damaged, cut short, from
 * another version) is ignored and written again; a wrong id would name another document. It is
 * rewritten when a build uses ids it does not hold, or holds ids a build no longer uses.
 */
const MAGIC = 'quire-doc-ids 1';

// 132 bits of the name's SHA-256: names are not secret, only many.
const digest = (name: string) => hash('sha256', name, 'base64url').slice(0, 22);
const sha256 = (text: string) => hash('sha256', text, 'base64url');

function read(file: string): Map<string, string> {
  const ids = new Map<string, string>();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return ids;
  }
  const newline = text.indexOf('\n');
  const body = text.slice(newline + 1);
  if (newline < 0 || text.slice(0, newline) !== `${MAGIC} ${sha256(body)}`) return ids;
  for (const line of body.split('\n')) {
    const space = line.indexOf(' ');
    if (space > 0) ids.set(line.slice(0, space), line.slice(space + 1));
  }
  return ids;
}

export function diskDocIds(file: string): DocIds & { save(): void } {
  let kept: Map<string, string> | undefined;
  // The ids this build asked for or made, by digest: what the file will hold.
  const used = new Map<string, string>();
  let added = 0;
  return {
    get(name) {
      kept ??= read(file);
      const key = digest(name);
      const id = used.get(key) ?? kept.get(key);
      if (id !== undefined) used.set(key, id);
      return id;
    },
    set(name, id) {
      kept ??= read(file);
      const key = digest(name);
      if (kept.get(key) !== id) added++;
      used.set(key, id);
    },
    save() {
      if (!kept) return;
      if (added > 0 || used.size !== kept.size) {
        const body = [...used].map(([key, id]) => `${key} ${id}`).join('\n');
        try {
          mkdirSync(dirname(file), { recursive: true });
          writeFileSync(`${file}.${process.pid}.tmp`, `${MAGIC} ${sha256(body)}\n${body}`);
          renameSync(`${file}.${process.pid}.tmp`, file);
        } catch {
          // A cache that cannot be written only makes the next build slower.
        }
        kept = new Map(used);
      }
      used.clear();
      added = 0;
    },
  };
}
