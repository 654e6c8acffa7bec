#!/usr/bin/env node
// The `quire` command. It does the work in a child process (run.js) that leads its own process
// group, and stays beside it to forward signals and relay its exit. Whatever the work starts
// (miniflare's workerd, wrangler and its children) joins that group, so nothing can outlive the
// command: the child kills its group when this process dies, even by SIGKILL (its IPC channel
// closes), and this process kills the group when the child ends, however it ends.
import { spawn } from 'node:child_process';
import { totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

const RUN = fileURLToPath(new URL('./run.js', import.meta.url));

const killGroup = (pgid, signal) => {
  try {
    process.kill(-pgid, signal);
  } catch {
    // The group is already empty.
  }
};

if (process.platform === 'win32') {
  // No process groups to lean on: work in this process, as before.
  await import('./run.js');
} else {
  // detached: setsid(), so the child's pid is its group's id and a terminal's signals reach only
  // this process; they are forwarded to the whole group below, as the terminal would have sent them.
  // A 100,000-article site holds its text several times over while it compiles (files, search
  // documents, entries): more than V8's default heap of about 4 GB. Half the machine's memory,
  // unless the caller chose a size.
  // A young generation of 64 MB rather than 16: a build allocates hundreds of short-lived objects
  // per article, and fewer, larger scavenges promote fewer of them (adding one article to a
  // 100,000-article site: 30.8 -> 29.2 s here).
  const given = [...process.execArgv, process.env.NODE_OPTIONS ?? ''];
  const chosen = (flag) => given.some((a) => a.includes(flag));
  const heap = [
    ...(chosen('--max-old-space-size')
      ? []
      : [`--max-old-space-size=${Math.max(4096, Math.floor(totalmem() / 2 / 1024 / 1024))}`]),
    ...(chosen('--max-semi-space-size') ? [] : ['--max-semi-space-size=64']),
  ];
  const child = spawn(process.execPath, [...process.execArgv, ...heap, RUN, ...process.argv.slice(2)], {
    detached: true,
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
  });
  const forwarded = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'];
  for (const signal of forwarded) process.on(signal, () => killGroup(child.pid, signal));
  // Ctrl-Z: stop the group, then this process; `fg` continues both.
  process.on('SIGTSTP', () => {
    killGroup(child.pid, 'SIGSTOP');
    process.kill(process.pid, 'SIGSTOP');
  });
  process.on('SIGCONT', () => killGroup(child.pid, 'SIGCONT'));
  child.on('exit', (code, signal) => {
    killGroup(child.pid, 'SIGKILL');
    if (signal === null) {
      process.exitCode = code ?? 1;
      return;
    }
    // Die of the same signal, so a shell sees what it would have seen without this process.
    for (const s of [...forwarded, 'SIGTSTP', 'SIGCONT']) process.removeAllListeners(s);
    process.kill(process.pid, signal);
  });
}
