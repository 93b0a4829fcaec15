import type { StoredEvent } from '../event-store';

/**
 * Pulls events from a subscription in steps, so a test can take the catch-up part, then append,
 * then take the live part from the same subscription. Only events `accept` keeps are counted:
 * a shared server also carries other tests' events.
 */
export class Follower {
  private readonly iterator: AsyncIterator<StoredEvent>;

  constructor(
    subscription: AsyncIterable<StoredEvent>,
    private readonly accept: (event: StoredEvent) => boolean = () => true,
  ) {
    this.iterator = subscription[Symbol.asyncIterator]();
  }

  /** The next `count` accepted events; fails after `timeoutMs` without them. */
  async take(count: number, timeoutMs = 5_000): Promise<StoredEvent[]> {
    const taken: StoredEvent[] = [];
    const deadline = Date.now() + timeoutMs;
    while (taken.length < count) {
      const next = await withDeadline(this.iterator.next(), deadline, `${count} events (got ${taken.length})`);
      if (next.done) throw new Error(`subscription ended after ${taken.length} of ${count} events`);
      if (this.accept(next.value)) taken.push(next.value);
    }
    return taken;
  }

  /** Resolves with whether the subscription ended (rather than delivering an accepted event) before the deadline. */
  async ends(timeoutMs = 5_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const next = await withDeadline(this.iterator.next(), deadline, 'the subscription to end');
      if (next.done) return true;
      if (this.accept(next.value)) return false;
    }
  }

  async stop(): Promise<void> {
    await this.iterator.return?.();
  }
}

async function withDeadline<T>(work: Promise<T>, deadline: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}
