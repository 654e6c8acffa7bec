// The work of the `quire` command (quire.js starts it): loads tsx, so authors need no build step.

// quire.js is gone (killed, even by SIGKILL): take down this process group, workerd included.
// Listening before any import, so a parent that dies while modules load is not missed.
const orphaned = () => process.kill(-process.pid, 'SIGKILL');
if (process.channel) process.on('disconnect', orphaned);

const { register } = await import('tsx/esm/api');
register();
const { main } = await import('./main.ts');
try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  // Trouble outside the content (a missing folder, wrangler failing): say what, without a stack.
  console.error(`quire: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
} finally {
  // Done: let the channel go so this process can exit once its output is written.
  process.off('disconnect', orphaned);
}
