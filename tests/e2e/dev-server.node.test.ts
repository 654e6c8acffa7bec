import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_PAGES } from '../support/sample-pages';
import { eventually, projectSandbox, type Running, startDev } from '../support/sandbox';

// `npm start` is `quire dev`: compile content/, put it in miniflare's local KV, serve it with
// wrangler dev, and republish on every edit.
let sandbox: Awaited<ReturnType<typeof projectSandbox>>;
let server: Running;

beforeAll(async () => {
  sandbox = await projectSandbox();
  server = await startDev(sandbox.dir);
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await sandbox?.remove();
});

const page = async (path: string) => {
  const res = await fetch(server.url + path, { redirect: 'manual' });
  return { status: res.status, type: res.headers.get('Content-Type'), text: await res.text() };
};

describe('npm start', () => {
  it('serves the sample site from local KV', async () => {
    const home = await page('/');
    expect(home.status).toBe(200);
    expect(home.text).toContain('<a class="name" href="/">The Long View</a>');
    const guide = await page('/articles/getting-started');
    expect(guide.status).toBe(200);
    expect(guide.text).toContain('npm install &amp;&amp; npm start');
  });

  it('serves content/assets/ under /assets/ and nothing else from content/', async () => {
    const svg = await page('/assets/thames-intercepting-sewers.svg');
    expect(svg).toMatchObject({ status: 200, type: 'image/svg+xml' });
    expect((await page('/site.yaml')).status).toBe(404);
    expect((await page('/articles/getting-started.md')).status).toBe(404);
  });

  it('serves pages with no errors from the W3C Nu HTML checker', { timeout: 60_000 }, async () => {
    const paths = SAMPLE_PAGES.map((p) => p.path);
    const dir = join(sandbox.dir, 'nu');
    await mkdir(dir);
    const files: string[] = [];
    for (const [i, { path, status = 200 }] of SAMPLE_PAGES.entries()) {
      const res = await fetch(server.url + path);
      expect(res.status, path).toBe(status);
      files.push(join(dir, `${i}.html`));
      await writeFile(files[i], await res.text());
    }
    const vnu = createRequire(import.meta.url).resolve('vnu-jar/build/dist/vnu.jar');
    // vnu exits 1 when it finds errors; its JSON report goes to stderr either way.
    const run = await promisify(execFile)('java', ['-jar', vnu, '--errors-only', '--format', 'json', ...files]).catch((e) => e);
    const messages = (JSON.parse(run.stderr).messages as { url: string; message: string }[]).map(
      (m) => `${paths[files.indexOf(new URL(m.url).pathname)]}: ${m.message}`,
    );
    expect(messages).toEqual([]);
  });

  it('shows an edit to content/ on the next page load, and keeps the last good release on a broken edit', async () => {
    const file = join(sandbox.dir, 'content/articles/getting-started.md');
    const original = await readFile(file, 'utf8');
    await writeFile(file, original.replace(/^title: .*$/m, 'title: "Edited While Running"'));
    const shown = await eventually(async () =>
      (await page('/articles/getting-started')).text.includes('<h1>Edited While Running</h1>'),
    );
    expect(shown, server.output()).toBe(true);

    await writeFile(file, original.replace(/^date: .*$/m, 'date: someday'));
    const reported = await eventually(async () => server.output().includes('content/articles/getting-started.md:3:7: date:'));
    expect(reported, server.output()).toBe(true);
    expect(server.output()).toContain('The site keeps serving the last good release.');
    expect((await page('/articles/getting-started')).text).toContain('<h1>Edited While Running</h1>');
  });
});
