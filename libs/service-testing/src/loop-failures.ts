import type { EventStore, StoredEvent } from '@strata/platform-event-store';
import { LoopHealth } from '@strata/platform-observability';

/**
 * `events` whose first subscription breaks after delivering `breakAfter` events (later ones work):
 * a store connection lost under a long-running loop. `subscriptions()` says how many were opened.
 */
export function breakingFirstSubscription(events: EventStore, breakAfter: number): { store: EventStore; subscriptions: () => number } {
  let opened = 0;
  const store: EventStore = Object.create(events) as EventStore;
  store.subscribeAll = (options) => {
    opened += 1;
    const inner = events.subscribeAll(options);
    if (opened > 1) return inner;
    return (async function* (): AsyncIterable<StoredEvent> {
      let seen = 0;
      for await (const event of inner) {
        yield event;
        if (++seen === breakAfter) throw new Error('event store subscription lost');
      }
    })();
  };
  return { store, subscriptions: () => opened };
}

/** A LoopHealth that also keeps every failure reported, in order (a loop may be down only briefly). */
export class RecordingLoopHealth extends LoopHealth {
  readonly failures: string[] = [];

  override failed(name: string): void {
    this.failures.push(name);
    super.failed(name);
  }
}
