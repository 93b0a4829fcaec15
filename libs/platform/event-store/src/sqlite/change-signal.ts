/**
 * A latch one subscription waits on: `raise()` may come at any time (also while nobody waits) and
 * is never lost, because `wait()` returns at once when one came since the last `clear()`.
 */
export class ChangeSignal {
  private raised = false;
  private wake: (() => void) | undefined;

  raise(): void {
    this.raised = true;
    this.wake?.();
  }

  /** Forget earlier signals: called just before reading, which sees everything they announced. */
  clear(): void {
    this.raised = false;
  }

  /** Resolves on the next `raise()` (at once if one came since `clear()`) or when `abort` fires. */
  async wait(abort?: AbortSignal): Promise<void> {
    if (this.raised || abort?.aborted) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        abort?.removeEventListener('abort', done);
        this.wake = undefined;
        resolve();
      };
      this.wake = done;
      abort?.addEventListener('abort', done, { once: true });
    });
  }
}
