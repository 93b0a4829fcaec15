import { Inject, Injectable, Optional } from '@nestjs/common';
import { MuteApplier, publishFindingEvents } from '@strata/audit-feature';
import { DownstreamUnavailableError } from '@strata/platform-http';
import { MessagingClient } from '@strata/platform-messaging';
import type { ReadStore } from '@strata/platform-read-store';
import { READ_STORE } from '@strata/platform-runtime';
import { FindingMuting } from './finding-muting';
import { MuteRuleBook } from './mute-rule-book';

/** What muting needs of the bus: to publish the `Finding*` events, and to know whether it can. */
type FindingEventPublisher = Pick<MessagingClient, 'publish' | 'connected'>;

/**
 * The muting use cases over the app's read store, announcing each finding's change as
 * `FindingMuted` / `FindingUnmuted` on `events.<tenant>.finding.*` after writing it. A change
 * needs NATS: without a connection it is answered 503 before anything is written
 * ({@link MutesApiService.writable}).
 */
@Injectable()
export class MutesApiService {
  readonly findings: FindingMuting;
  readonly rules: MuteRuleBook;

  constructor(
    @Inject(READ_STORE) readStore: ReadStore,
    @Optional() @Inject(MessagingClient) private readonly messaging?: FindingEventPublisher,
  ) {
    const applier = new MuteApplier({
      readStore,
      onFindingsWritten: (tenantId, writes, context) => publishFindingEvents(this.connected(), tenantId, writes, context),
    });
    this.findings = new FindingMuting(readStore, applier);
    this.rules = new MuteRuleBook(readStore, applier);
  }

  /** Throws 503 unless the finding events of a change can be published. */
  writable(): void {
    this.connected();
  }

  private connected(): FindingEventPublisher {
    if (!this.messaging) throw new DownstreamUnavailableError('nats (this process has no messaging client to announce finding changes with)');
    if (!this.messaging.connected) throw new DownstreamUnavailableError('nats');
    return this.messaging;
  }
}
