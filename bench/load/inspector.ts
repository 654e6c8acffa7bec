/**
 * workerd's inspector (the Chrome DevTools protocol), for one isolate: miniflare names a user's
 * worker `core:user:<name>` (the site's has no name, so it ends in `core:user:`).
 */
export async function inspectorSession(inspectorPort: number, worker = '') {
  const listed = await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json();
  const targets = listed as { title: string; webSocketDebuggerUrl: string }[];
  const target = targets.find((t) => t.title.endsWith(`core:user:${worker}`));
  if (!target)
    throw new Error(`no worker core:user:${worker} among the inspector's targets: ${targets.map((t) => t.title).join(', ')}`);
  const socket = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((open, fail) => {
    socket.addEventListener('open', open);
    socket.addEventListener('error', fail);
  });
  let id = 0;
  const pending = new Map<number, (result: Record<string, unknown>) => void>();
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data));
    // Events (no id), such as a heap snapshot's chunks, are dropped: only answers are waited for.
    if (typeof message.id !== 'number') return;
    pending.get(message.id)?.(message.result ?? {});
    pending.delete(message.id);
  });
  return {
    /** One method's answer (its `result`; `{}` when it has none). */
    call: (method: string, params: object = {}) =>
      new Promise<Record<string, unknown>>((done) => {
        pending.set(++id, done);
        socket.send(JSON.stringify({ id, method, params }));
      }),
    close: () => socket.close(),
  };
}

/**
 * The JS heap of the site's own isolate. The workerd process grows under long load whatever the
 * worker (one answering a constant grows as much), so its RSS cannot show a leak in Quire; the
 * isolate's live heap can.
 */
export async function isolateHeap(inspectorPort: number) {
  const { call, close } = await inspectorSession(inspectorPort);
  return {
    /** Bytes still alive: a heap snapshot makes V8 collect everything first. */
    async liveBytes(): Promise<number> {
      await call('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
      const { usedSize } = await call('Runtime.getHeapUsage');
      if (typeof usedSize !== 'number') throw new Error('the inspector gave no heap usage');
      return usedSize;
    },
    close,
  };
}
