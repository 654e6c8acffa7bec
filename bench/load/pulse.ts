/**
 * How long workerd's thread was held, as seen from outside: the pulse worker (serve's `pulse`)
 * asked every 50 ms on one keep-alive connection; an answer that takes long means workerd's one
 * thread did nothing else meanwhile (queueing in the site's isolate does not delay it).
 */
export function watchPulse(url: string) {
  let running = true;
  const stalls: { at: number; ms: number; error?: string }[] = [];
  const started = performance.now();
  const loop = (async () => {
    while (running) {
      const sent = performance.now();
      const error = await fetch(url)
        .then((res) => res.arrayBuffer())
        .then(
          () => undefined,
          (e: Error & { cause?: { code?: string } }) => e.cause?.code ?? e.message,
        );
      const ms = performance.now() - sent;
      const at = Math.round((sent - started) / 100) / 10;
      if (ms > 500 || error) stalls.push({ at, ms: Math.round(ms), ...(error ? { error } : {}) });
      await new Promise((done) => setTimeout(done, 50));
    }
  })();
  return {
    /** Seconds since the watch began, for marking phases. */
    now: () => Math.round((performance.now() - started) / 100) / 10,
    /** Every answer slower than half a second since the last call, with when it was asked (s). */
    take: () => stalls.splice(0),
    stop: async () => {
      running = false;
      await loop;
    },
  };
}
