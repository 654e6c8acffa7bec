import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generatedSite } from '../support/fixtures';
import { eventually, projectSandbox, runQuire } from '../support/sandbox';

const sandbox = await projectSandbox();
afterAll(() => sandbox.remove());

const read = (path: string) => readFile(path, 'utf8').catch(() => '');

/** Every live descendant of `pid` (zombies are dead: only init has yet to reap them). */
async function descendants(pid: number): Promise<{ pid: number; name: string }[]> {
  const found: { pid: number; name: string }[] = [];
  const tasks = await readdir(`/proc/${pid}/task`).catch(() => []);
  for (const task of tasks) {
    for (const child of (await read(`/proc/${pid}/task/${task}/children`)).split(' ').filter(Boolean).map(Number)) {
      const stat = await read(`/proc/${child}/stat`);
      // pid (comm) state …: comm may hold spaces, so split after its closing parenthesis.
      if (stat && stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z') {
        found.push({ pid: child, name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) });
      }
      found.push(...(await descendants(child)));
    }
  }
  return found;
}

const alive = async (pids: number[]) => {
  const stats = await Promise.all(pids.map((pid) => read(`/proc/${pid}/stat`)));
  return pids.filter((_, i) => stats[i] !== '' && stats[i].slice(stats[i].lastIndexOf(')') + 2)[0] !== 'Z');
};

describe.runIf(process.platform === 'linux')('children never outlive the CLI', () => {
  it('SIGKILL of `quire publish --local` takes its workerd with it', { timeout: 120_000 }, async () => {
    // A site large enough that the upload is still running when workerd is found.
    await rm(join(sandbox.dir, 'content'), { recursive: true });
    const site = generatedSite(1500);
    for (const file of [site.site, ...site.articles, ...site.series, ...site.pages]) {
      await mkdir(dirname(join(sandbox.dir, file.path)), { recursive: true });
      await writeFile(join(sandbox.dir, file.path), file.text);
    }
    const timeout = runQuire(sandbox.dir, ['publish', '--local', '--persist-to', join(sandbox.dir, '.state')], 100);
    let output = '';
    timeout.stdout?.on('data', (d) => {
      output += d;
    });
    timeout.stderr?.on('data', (d) => {
      output += d;
    });
    // runQuire runs `timeout … node quire.js`: the CLI is timeout's child.
    let cli = 0;
    let tree: { pid: number; name: string }[] = [];
    const started = await eventually(async () => {
      [cli] = (await descendants(timeout.pid ?? 0)).map((p) => p.pid);
      tree = cli ? await descendants(cli) : [];
      return tree.some((p) => p.name === 'workerd');
    }, 90);
    expect(started, output).toBe(true);
    expect(output).not.toContain('is live');
    process.kill(cli, 'SIGKILL');
    const pids = tree.map((p) => p.pid);
    expect(await eventually(async () => (await alive(pids)).length === 0, 10), JSON.stringify(tree)).toBe(true);
  });
});
