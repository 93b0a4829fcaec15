export interface WaitForOptions {
  /** Give up after this long (default 10 s). */
  timeoutMs?: number;
  /** Time between checks (default 25 ms). */
  intervalMs?: number;
  /**
   * Said in the error when the deadline passes. A function is called only then, so it can
   * include what happened meanwhile (a child process's output).
   */
  message?: string | (() => string);
}

/**
 * Re-checks `condition` until it returns a value other than `undefined`/`false`, or the deadline
 * passes. Tests wait on progress with this, never on a fixed sleep.
 */
export async function waitFor<T>(
  condition: () => T | undefined | false | Promise<T | undefined | false>,
  { timeoutMs = 10_000, intervalMs = 25, message = 'condition' }: WaitForOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const cause = lastError instanceof Error ? `: last error: ${lastError.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof message === 'function' ? message() : message}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
