import { envelopeMatchesSubject, type EventEnvelope } from '@strata/contracts';
import { feedPosition, normalizedTime, RecordingClock } from '@strata/events-domain';
import { PoisonMessageError } from '@strata/platform-messaging';
import type { ReadStore } from '@strata/platform-read-store';
import { eventFeedCollection, FEED_REGISTRY_SCOPE, feedTenantsCollection } from '../feed-store/event-feed-collection';

export interface EventRecorderOptions {
  readStore: ReadStore;
  /** The wall clock positions are taken from (default: the system's). */
  clock?: () => Date;
}

export type RecordOutcome = 'recorded' | 'duplicate';

/**
 * Records each published envelope in its tenant's feed, once: a redelivered or republished
 * event (same id) keeps the position it was first recorded at, so a poller never sees it twice.
 * Positions come from one {@link RecordingClock} and the recorder runs one message at a time, so
 * an event recorded later always sorts after every event already listed (the feed's cursor relies
 * on it: run one recorder per installation).
 */
export class EventRecorder {
  private readonly positions: RecordingClock;
  private readonly registeredTenants = new Set<string>();

  constructor(private readonly options: EventRecorderOptions) {
    this.positions = new RecordingClock(options.clock);
  }

  /** Records `envelope`, published on `subject` (as the contracts name it: `events.<tenant>.<category>.<Name>`). */
  async record(subject: string, envelope: EventEnvelope): Promise<RecordOutcome> {
    if (!envelopeMatchesSubject(subject, envelope)) {
      throw new PoisonMessageError(`envelope ${envelope.id} (${envelope.type} of tenant ${envelope.tenant_id}) arrived on ${subject}`);
    }
    const feed = this.options.readStore.collection(eventFeedCollection).forTenant(envelope.tenant_id);
    if (await feed.get(envelope.id)) return 'duplicate';
    await this.registerTenant(envelope.tenant_id);
    const recordedAt = this.positions.next();
    await feed.upsert(envelope.id, { event: envelope, at: normalizedTime(envelope.time), position: feedPosition(recordedAt, envelope.id) });
    return 'recorded';
  }

  /** Before its first event is written, so the pruner never misses a tenant whose feed has events. */
  private async registerTenant(tenantId: string): Promise<void> {
    if (this.registeredTenants.has(tenantId)) return;
    const tenants = this.options.readStore.collection(feedTenantsCollection).forTenant(FEED_REGISTRY_SCOPE);
    if (!(await tenants.get(tenantId))) await tenants.upsert(tenantId, { tenant_id: tenantId, first_recorded_at: (this.options.clock ?? (() => new Date()))().toISOString() });
    this.registeredTenants.add(tenantId);
  }
}
