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

  /**
   * Runs `task` once no earlier task holds any of `keys`, holding them all meanwhile. Tasks queue
   * on every key at once, in call order, so two tasks waiting on each other's keys cannot happen.
   */
  async runAll<T>(keys: Iterable<string>, task: () => Promise<T>): Promise<T> {
    const held = [...new Set(keys)];
    const previous = Promise.all(held.map((key) => this.tails.get(key)));
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    for (const key of held) this.tails.set(key, tail);
    try {
      return await result;
    } finally {
      for (const key of held) if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
