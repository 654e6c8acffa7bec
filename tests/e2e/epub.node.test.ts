import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectSandbox, type Running, startDev } from '../support/sandbox';

// Debian's epubcheck is a jar; its /usr/bin wrapper needs binfmt_misc, which containers often
// lack, so the jar is run with java directly.
const JAR = '/usr/share/java/epubcheck.jar';
const available = existsSync(JAR);
if (!available && process.env.CI) throw new Error(`${JAR} is missing: .ci/run must install Debian's epubcheck`);
if (!available) console.warn(`\n*** SKIPPING the epubcheck test: ${JAR} not found (apt-get install -y epubcheck) ***\n`);

let sandbox: Awaited<ReturnType<typeof projectSandbox>>;
let server: Running;

/** Like an e-reader app: a 503 (KV trouble) is retried after its Retry-After. */
async function download(path: string): Promise<Response> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const res = await fetch(server.url + path);
    if (res.status !== 503) return res;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${path} kept answering 503`);
}

describe.skipIf(!available)('the sample series as an e-book, checked by epubcheck', () => {
  beforeAll(async () => {
    sandbox = await projectSandbox();
    // The guide's image example is in a code block; show the map for real in the guide's last part.
    const guide = join(sandbox.dir, 'content/articles/how-publishing-and-caching-work.md');
    await appendFile(guide, '\n![A sketch map of the intercepting sewers](/assets/thames-intercepting-sewers.svg)\n');
    server = await startDev(sandbox.dir, ['--no-watch']);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await sandbox?.remove();
  });

  async function epubcheck(slug: string): Promise<Uint8Array> {
    const res = await download(`/series/${slug}.epub`);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('application/epub+zip');
    const bytes = new Uint8Array(await res.arrayBuffer());
    const file = join(sandbox.dir, `${slug}.epub`);
    await writeFile(file, bytes);
    // epubcheck exits 1 on errors; its report goes to stdout and stderr.
    const run = await promisify(execFile)('java', ['-jar', JAR, file]).then(
      (r) => ({ ...r, code: 0 }),
      (e: { stdout: string; stderr: string; code: number }) => e,
    );
    const report = `${run.stdout}\n${run.stderr}`;
    expect(report).toContain('No errors or warnings detected.');
    expect(report).not.toMatch(/^(ERROR|WARNING|FATAL)/m);
    expect(run.code, report).toBe(0);
    return bytes;
  }

  it('/series/the-long-peace.epub: no errors and no warnings', { timeout: 90_000 }, async () => {
    await epubcheck('the-long-peace');
  });

  it('/series/writing-with-quire.epub: no errors and no warnings, with an image packaged', { timeout: 90_000 }, async () => {
    const files = unzipSync(await epubcheck('writing-with-quire'));
    expect(Object.keys(files)).toEqual([
      'mimetype',
      'META-INF/container.xml',
      'EPUB/package.opf',
      'EPUB/nav.xhtml',
      'EPUB/title.xhtml',
      'EPUB/style.css',
      'EPUB/part-1.xhtml',
      'EPUB/part-2.xhtml',
      'EPUB/part-3.xhtml',
      'EPUB/assets/thames-intercepting-sewers.svg',
    ]);
    const parts = Object.keys(files).filter((name) => /^EPUB\/part-\d+\.xhtml$/.test(name));
    expect(parts.map((name) => strFromU8(files[name])).join('')).toContain('src="assets/thames-intercepting-sewers.svg"');
  });
});
