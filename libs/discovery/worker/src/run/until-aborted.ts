import { PluginAbortedError } from '@strata/plugins-api';

/**
 * Iterates `items` until `signal` is aborted, then throws at once, even while the plugin is
 * still waiting on something that ignores the signal. The plugin's iterator is then asked to
 * return (so its `finally` blocks run) without waiting for it.
 */
export async function* untilAborted<T>(items: AsyncIterable<T>, signal: AbortSignal): AsyncGenerator<T, void, undefined> {
  const iterator = items[Symbol.asyncIterator]();
  let onAbort: () => void = () => undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new PluginAbortedError());
    signal.addEventListener('abort', onAbort, { once: true });
  });
  // Only ever observed through the race below.
  aborted.catch(() => undefined);
  let finished = false;
  try {
    for (;;) {
      if (signal.aborted) throw new PluginAbortedError();
      const next = iterator.next();
      // A next() that loses the race may still reject later; that is expected, not unhandled.
      next.catch(() => undefined);
      const result = await Promise.race([next, aborted]);
      if (result.done) {
        finished = true;
        return;
      }
      yield result.value;
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    if (!finished) void Promise.resolve(iterator.return?.()).catch(() => undefined);
  }
}
