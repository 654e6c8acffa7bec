const logged = new Set<string>();

/**
 * Report a failure the reader never sees (a write-back, a cache put) once per isolate and kind of
 * work: the operator learns that it happens without a log line per request. Only the error's
 * name and message are written, never a value or a binding.
 */
export function logOnce(what: string, error: unknown): void {
  if (logged.has(what)) return;
  logged.add(what);
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  console.error(`${what} failed (further failures of this kind are not logged): ${reason}`);
}
