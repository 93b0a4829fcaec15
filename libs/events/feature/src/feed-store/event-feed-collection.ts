import type { EventEnvelope } from '@strata/contracts';
import { defineCollection } from '@strata/platform-read-store';

/** One event of a tenant's feed, stored under its event id (so a redelivery finds it). */
export interface FeedEntry {
  /** The envelope exactly as published: what the feed lists. */
  event: EventEnvelope;
  /** The event's `time` as UTC milliseconds, comparable as a string: `since` and retention read it. */
  at: string;
  /** Where it sits in the feed (`feedPosition`): recording order, the cursor's key. */
  position: string;
}

/**
 * The event feed, per tenant. Written only by the recorder (`EventRecorder`), read by the feed
 * route, pruned by `EventFeedPruner`.
 */
export const eventFeedCollection = defineCollection<FeedEntry>({
  name: 'event_feed',
  indexes: { position: 'string', at: 'string', 'event.type': 'string' },
  // The type filter is a short $in list; its matches are paged in position order.
  ownIndexes: { 'event.type': 'unordered' },
});

/** A tenant whose feed holds (or held) events: what the pruner walks. */
export interface FeedTenant {
  tenant_id: string;
  first_recorded_at: string;
}

/** The feed's tenants, all under {@link FEED_REGISTRY_SCOPE}, keyed by tenant id. */
export const feedTenantsCollection = defineCollection<FeedTenant>({ name: 'event_feed_tenants', indexes: {} });

/** The read-store tenant the feed's own registry lives under (the platform's, as tenancy's tenant list does). */
export const FEED_REGISTRY_SCOPE = '_platform';
