/**
 * The JS heap of the site's own isolate, through workerd's inspector (the Chrome DevTools
 * protocol). The workerd process grows under long load whatever the worker (one answering a
 * constant grows as much), so its RSS cannot show a leak in Quire; the isolate's live heap can.
 */
export async function isolateHeap(inspectorPort: number) {
  const listed = await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json();
  const targets = listed as { title: string; webSocketDebuggerUrl: string }[];
  // miniflare names the user's worker `core:user:<name>`; ours has no name.
  const target = targets.find((t) => t.title.endsWith('core:user:'));
  if (!target) throw new Error(`no user worker among the inspector's targets: ${targets.map((t) => t.title).join(', ')}`);
  const socket = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((open, fail) => {
    socket.addEventListener('open', open);
    socket.addEventListener('error', fail);
  });
  let id = 0;
  const pending = new Map<number, (result: { usedSize?: number }) => void>();
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data));
    // Snapshot chunks (events, no id) are dropped: only the collection a snapshot forces matters.
    if (typeof message.id !== 'number') return;
    pending.get(message.id)?.(message.result ?? {});
    pending.delete(message.id);
  });
  const call = (method: string, params: object = {}) =>
    new Promise<{ usedSize?: number }>((done) => {
      pending.set(++id, done);
      socket.send(JSON.stringify({ id, method, params }));
    });
  return {
    /** Bytes still alive: a heap snapshot makes V8 collect everything first. */
    async liveBytes(): Promise<number> {
      await call('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
      const { usedSize } = await call('Runtime.getHeapUsage');
      if (typeof usedSize !== 'number') throw new Error('the inspector gave no heap usage');
      return usedSize;
    },
    close: () => socket.close(),
  };
}
