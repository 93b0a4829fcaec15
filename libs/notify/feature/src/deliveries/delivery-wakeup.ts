/**
 * Wakes the sender early: the recorder when it records deliveries (in the same app, or from
 * another thread of the process through its messages), and the sender itself when a slot frees.
 * Without a wake-up the sender still finds due work by polling.
 */
export class DeliveryWakeup {
  private waiters: (() => void)[] = [];
  private pending = false;

  notify(): void {
    this.pending = true;
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Resolves on the next `notify` (or one made since the last wait), after `timeoutMs`, or on abort. */
  wait(timeoutMs: number, signal: AbortSignal): Promise<void> {
    if (this.pending || signal.aborted) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.waiters = this.waiters.filter((waiter) => waiter !== done);
        this.pending = false;
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      signal.addEventListener('abort', done, { once: true });
      this.waiters.push(done);
    });
  }
}
