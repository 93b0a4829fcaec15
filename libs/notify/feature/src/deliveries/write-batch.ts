/**
 * Coalesces writes into batches: the items added while the event loop works through one turn (and
 * while the previous batch is being written) go to `write` together, so many deliveries cost one
 * SQLite transaction instead of one each (a commit was the largest share of a delivery's CPU).
 * Batches are written one at a time, in order, so a batch reads what the one before it wrote.
 * Each `add` settles when its batch is written: resolved once committed, rejected with the batch's
 * error (the callers then leave their work to be done again: a message redelivered, an attempt
 * still due).
 */
export class WriteBatch<T, R = void> {
  private pending: { item: T; resolve: (result: R) => void; reject: (error: unknown) => void }[] = [];
  private scheduled = false;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    /** Writes the items in one transaction; answers one result per item, in order. */
    private readonly write: (items: T[]) => Promise<R[]>,
    private readonly maxItems = 500,
  ) {}

  add(item: T): Promise<R> {
    return new Promise((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      // setImmediate, not a microtask: the other handlers woken in this turn add theirs first.
      setImmediate(() => {
        this.writing = this.writing.then(() => this.writeOne());
      });
    });
  }

  private async writeOne(): Promise<void> {
    const batch = this.pending.splice(0, this.maxItems);
    // More than one batch's worth waiting: the rest goes next, right after this one.
    if (this.pending.length > 0) this.writing = this.writing.then(() => this.writeOne());
    else this.scheduled = false;
    if (batch.length === 0) return;
    try {
      const results = await this.write(batch.map(({ item }) => item));
      batch.forEach(({ resolve }, index) => resolve(results[index]!));
    } catch (error) {
      for (const { reject } of batch) reject(error);
    }
  }
}
