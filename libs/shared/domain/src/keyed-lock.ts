/**
 * Runs tasks one at a time per key, in this process, e.g. a "check, then write" that the store
 * cannot make atomic (tenancy's insert-if-absent, inventory's node-limit check). It orders work
 * within one process only: two processes doing the same at the same instant can still race.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await result;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
