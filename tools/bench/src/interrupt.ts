/**
 * Ctrl-C (or a kill) of the bench while several things run (a fixture server, a set of services,
 * a bare server): every registered cleanup runs, all of them together, and only then is the
 * signal raised again, so no cleanup is cut short by another one finishing first.
 */
type Cleanup = () => Promise<unknown>;

const cleanups = new Set<Cleanup>();

function interrupted(signal: NodeJS.Signals): void {
  process.off('SIGINT', interrupted).off('SIGTERM', interrupted);
  const running = [...cleanups];
  cleanups.clear();
  void Promise.allSettled(running.map((cleanup) => cleanup())).finally(() => process.kill(process.pid, signal));
}

/** Runs `cleanup` if the bench is interrupted; the returned function unregisters it. */
export function onInterrupt(cleanup: Cleanup): () => void {
  if (cleanups.size === 0) process.on('SIGINT', interrupted).on('SIGTERM', interrupted);
  cleanups.add(cleanup);
  return () => {
    cleanups.delete(cleanup);
    if (cleanups.size === 0) process.off('SIGINT', interrupted).off('SIGTERM', interrupted);
  };
}
