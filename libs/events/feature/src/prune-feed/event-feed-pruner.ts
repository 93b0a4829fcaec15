import { DEFAULT_EVENT_FEED_RETENTION_DAYS, retentionCutoff } from '@strata/events-domain';
import { PeriodicSweep, type Logger, type LoopHealth } from '@strata/platform-observability';
import type { ReadStore } from '@strata/platform-read-store';
import { eventFeedCollection, FEED_REGISTRY_SCOPE, feedTenantsCollection } from '../feed-store/event-feed-collection';

/** The loop's name in logs and in `GET /status` while it is down. */
export const EVENT_FEED_RETENTION_SWEEP = 'sweep:event-feed-retention';
export const DEFAULT_EVENT_FEED_PRUNE_INTERVAL_MS = 3_600_000;
const PAGE = 500;

export interface EventFeedPrunerOptions {
  readStore: ReadStore;
  /** Whole days an event stays in the feed after its `time` (default 30). */
  retentionDays?: number;
  /** Between two sweeps (default an hour). */
  intervalMs?: number;
  clock?: () => Date;
  health?: LoopHealth;
  logger?: Logger;
}

/**
 * Deletes feed events whose `time` is older than the retention, every tenant's, every
 * `intervalMs`. Supervised: a failing sweep restarts with backoff and shows in `GET /status`.
 */
export class EventFeedPruner {
  private sweep: PeriodicSweep | undefined;

  constructor(private readonly options: EventFeedPrunerOptions) {}

  start(): void {
    const { intervalMs = DEFAULT_EVENT_FEED_PRUNE_INTERVAL_MS, health, logger } = this.options;
    this.sweep ??= new PeriodicSweep({
      name: EVENT_FEED_RETENTION_SWEEP,
      intervalMs,
      sweep: (signal) => this.pruneOnce(signal),
      changedMessage: 'event feed: events past retention deleted',
      ...(health ? { health } : {}),
      ...(logger ? { logger } : {}),
    });
    this.sweep.start();
  }

  async stop(): Promise<void> {
    await this.sweep?.stop();
  }

  /** One sweep of every tenant's feed; answers how many events it deleted. */
  async pruneOnce(signal?: AbortSignal): Promise<number> {
    const now = (this.options.clock ?? (() => new Date()))();
    const cutoff = retentionCutoff(now, this.options.retentionDays ?? DEFAULT_EVENT_FEED_RETENTION_DAYS);
    const tenants = this.options.readStore.collection(feedTenantsCollection).forTenant(FEED_REGISTRY_SCOPE);
    let deleted = 0;
    let cursor: string | undefined;
    do {
      const page = await tenants.find({ limit: PAGE, ...(cursor ? { cursor } : {}) });
      for (const { id } of page.items) deleted += await this.pruneTenant(id, cutoff, signal);
      cursor = page.nextCursor;
    } while (cursor && !signal?.aborted);
    return deleted;
  }

  private async pruneTenant(tenantId: string, cutoff: string, signal?: AbortSignal): Promise<number> {
    const feed = this.options.readStore.collection(eventFeedCollection).forTenant(tenantId);
    let deleted = 0;
    for (;;) {
      // Each page is deleted before the next is read, so the same query finds what is left.
      const { items } = await feed.find({ where: { at: { $lt: cutoff } }, sort: { field: 'at' }, limit: PAGE });
      for (const { id } of items) if (await feed.delete(id)) deleted += 1;
      if (items.length < PAGE || signal?.aborted) return deleted;
    }
  }
}
