/**
 * Publishes on their way to the stream, at most `size` at once. Waiting for each acknowledgement
 * before building the next batch left the plugin idle for a round trip per batch and, in one
 * process with the inventory, handed it one batch at a time; a window keeps the backpressure
 * (a plugin is asked for more only while fewer than `size` batches are unacknowledged) without
 * the wait, so the inventory finds several batches waiting and writes them together.
 */
export class PublishWindow {
  private readonly unacknowledged: Promise<void>[] = [];

  constructor(private readonly size: number) {}

  /**
   * Starts `publish`, first waiting for the oldest publish if the window is full. Throws the
   * failure of a publish it waited for.
   */
  async add(publish: () => Promise<void>): Promise<void> {
    const oldest = this.unacknowledged.length >= this.size ? this.unacknowledged.shift() : undefined;
    if (oldest) await oldest;
    const started = publish();
    // Observed when waited for; a run that fails first leaves the rest unobserved, not unhandled.
    started.catch(() => undefined);
    this.unacknowledged.push(started);
  }

  /** Waits until every publish is acknowledged; throws the first failure, in publish order. */
  async drain(): Promise<void> {
    for (let next = this.unacknowledged.shift(); next; next = this.unacknowledged.shift()) await next;
  }
}
