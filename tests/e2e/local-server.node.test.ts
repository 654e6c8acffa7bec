import { readFile, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { eventually, projectSandbox, type Running, runQuire, startDev, startServer } from '../support/sandbox';

// `quire dev` serves through workerd directly (miniflare's API): no `wrangler dev` proxy, which
// died on a client that left a chunked request unfinished and never answered unknown methods.

/** Send `request` on a fresh connection; resolves with what came back once the server closes it. */
const exchange = (port: number, request: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let answer = '';
    socket.on('data', (d) => {
      answer += d;
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(answer));
  });

/** Start a chunked request and vanish before its body: what killed `wrangler dev`. */
const abandon = (port: number, request: string): Promise<void> =>
  new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request, () => setTimeout(() => socket.destroy(), 20)));
    socket.on('error', reject);
    socket.on('close', () => resolve());
  });

const statusLine = (answer: string) => answer.split('\r\n')[0];

describe('npm start, sent what any client may send', () => {
  const server = inject('sampleSiteUrl');
  const port = Number(new URL(server).port);

  it('survives chunked requests whose client leaves before the body, then serves the home page', async () => {
    for (const method of ['GET', 'POST']) {
      await abandon(port, `${method} / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n`);
    }
    await abandon(port, 'POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab');
    const home = await fetch(`${server}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('<a class="name" href="/">The Long View</a>');
  });

  it('answers an unknown method 501 and a malformed request line 400, as workerd does deployed, and keeps serving', async () => {
    // workerd's HTTP parser knows a fixed set of methods: BREW never reaches the worker (whose
    // answer to a known method it does not serve is 405), here or on Cloudflare.
    const brew = await exchange(port, 'BREW / HTTP/1.1\r\nHost: localhost\r\n\r\n');
    expect(statusLine(brew)).toBe('HTTP/1.1 501 Not Implemented');
    expect(brew.endsWith('\r\n\r\nERROR: Unrecognized request method.')).toBe(true);
    // A request line without its HTTP version, and a header line without a colon.
    const malformed = await exchange(port, 'GET /\r\nHost: localhost\r\n\r\n');
    expect(statusLine(malformed)).toBe('HTTP/1.1 400 Bad Request');
    expect(malformed.endsWith('\r\n\r\nERROR: Invalid request line.')).toBe(true);
    const badHeader = await exchange(port, 'GET / HTTP/1.1\r\nHost: localhost\r\nno colon here\r\n\r\n');
    expect(statusLine(badHeader)).toBe('HTTP/1.1 400 Bad Request');
    const put = await fetch(`${server}/`, { method: 'PUT', body: 'x' });
    expect([put.status, put.headers.get('Allow')]).toEqual([405, 'GET, HEAD']);
    expect((await fetch(`${server}/articles/getting-started`)).status).toBe(200);
  });
});

describe('the working copy and the published local release', () => {
  let sandbox: Awaited<ReturnType<typeof projectSandbox>>;
  let server: Running | undefined;

  const quire = (args: string[]): Promise<{ code: number | null; output: string }> =>
    new Promise((resolve) => {
      const child = runQuire(sandbox.dir, [...args, '--persist-to', join(sandbox.dir, '.state')]);
      let output = '';
      child.stdout?.on('data', (d) => {
        output += d;
      });
      child.stderr?.on('data', (d) => {
        output += d;
      });
      child.on('close', (code) => resolve({ code, output }));
    });
  const title = async (url: string) =>
    (await (await fetch(`${url}/articles/getting-started`)).text()).match(/<h1>(.*?)<\/h1>/)?.[1];

  beforeAll(async () => {
    sandbox = await projectSandbox();
  });

  afterAll(async () => {
    await server?.stop();
    await sandbox?.remove();
  });

  it('names the release `quire dev` serves in `releases --local`, and `quire preview` serves the published one', async () => {
    const published = await quire(['publish', '--local']);
    expect(published.code, published.output).toBe(0);
    const live = published.output.match(/release (\w{20}) on local KV .* is live/)?.[1];
    expect(live, published.output).toBeDefined();

    const file = join(sandbox.dir, 'content/articles/getting-started.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace(/^title: .*$/m, 'title: "Not Yet Published"'));
    server = await startDev(sandbox.dir, ['--no-watch']);
    const said = (text: string) => eventually(async () => server?.output().includes(text) ?? false);
    expect(await said('serving the working copy'), server.output()).toBe(true);
    const working = server.output().match(/serving the working copy of content\/ \(release (\w{20})\)/)?.[1];
    expect(working, server.output()).toBeDefined();
    expect(working).not.toBe(live);
    expect(await title(server.url)).toBe('Not Yet Published');

    const releases = await quire(['releases', '--local']);
    expect(releases.code, releases.output).toBe(0);
    expect(releases.output.trim().split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^\\* ${live}  \\S+  9 articles  \\(live\\)$`)),
      `working copy: release ${working}, what \`quire dev\` serves (not published; \`quire preview\` serves the live one)`,
    ]);

    await server.stop();
    server = await startServer(sandbox.dir, ['preview']);
    const announced = `quire: serving the published local release ${live} at ${server.url}`;
    expect(await said(announced), server.output()).toBe(true);
    expect(await title(server.url)).toBe('Getting started');
  });
});
