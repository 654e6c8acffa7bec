import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SAMPLE_PAGES } from '../support/sample-pages';
import { eventually, projectSandbox, type Running, startDev } from '../support/sandbox';

// `npm start` is `quire dev`: compile content/, put it in miniflare's local KV, serve it with
// workerd through miniflare, and republish on every edit. What it serves is checked on the run's shared server;
// republishing needs a server of its own, watching a copy of the project that the test edits.

const SVG = resolve(import.meta.dirname, '../../content/assets/thames-intercepting-sewers.svg');

describe('npm start', () => {
  const server = inject('sampleSiteUrl');
  const page = async (path: string) => {
    const res = await fetch(server + path, { redirect: 'manual' });
    return { status: res.status, type: res.headers.get('Content-Type'), text: await res.text() };
  };

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
    expect(svg.text).toBe(await readFile(SVG, 'utf8'));
    expect((await page('/site.yaml')).status).toBe(404);
    expect((await page('/articles/getting-started.md')).status).toBe(404);
  });

  it('serves pages with no errors from the W3C Nu HTML checker', { timeout: 60_000 }, async () => {
    const paths = SAMPLE_PAGES.map((p) => p.path);
    const dir = await mkdtemp(join(tmpdir(), 'quire-nu-'));
    try {
      const files: string[] = [];
      for (const [i, { path, status = 200 }] of SAMPLE_PAGES.entries()) {
        const res = await fetch(server + path);
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
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('npm start, on an edit to content/', () => {
  let sandbox: Awaited<ReturnType<typeof projectSandbox>>;
  let server: Running;

  beforeAll(async () => {
    sandbox = await projectSandbox();
    server = await startDev(sandbox.dir);
  });

  afterAll(async () => {
    await server?.stop();
    await sandbox?.remove();
  });

  it('shows the edit on the next page load, and keeps the last good release on a broken edit', async () => {
    const title = async () =>
      (await (await fetch(`${server.url}/articles/getting-started`)).text()).match(/<h1>(.*?)<\/h1>/)?.[1];
    expect(await title()).toBe('Getting started');
    const file = join(sandbox.dir, 'content/articles/getting-started.md');
    const original = await readFile(file, 'utf8');
    await writeFile(file, original.replace(/^title: .*$/m, 'title: "Edited While Running"'));
    const shown = await eventually(async () => (await title()) === 'Edited While Running');
    expect(shown, server.output()).toBe(true);

    await writeFile(file, original.replace(/^date: .*$/m, 'date: someday'));
    const reported = await eventually(async () => server.output().includes('content/articles/getting-started.md:3:7: date:'));
    expect(reported, server.output()).toBe(true);
    expect(server.output()).toContain('The site keeps serving the last good release.');
    expect(await title()).toBe('Edited While Running');
  });
});
