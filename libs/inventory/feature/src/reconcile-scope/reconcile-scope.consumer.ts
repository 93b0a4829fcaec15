import { Controller, Inject, type Type } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { JetStreamConsumer, NatsMessageContext, type RedeliveryBackoff } from '@strata/platform-messaging';
import { INVENTORY_DURABLES } from '../inventory-durables';
import { relayedDiscoveryFinishedSchema, type RelayedDiscoveryFinished } from './discovery-finished.schema';
import { ReconcileScopeHandler } from './reconcile-scope.handler';

const RECONCILE_BACKOFF: Partial<RedeliveryBackoff> = { initialDelayMs: 500, multiplier: 2, maxDelayMs: 10_000 };

export interface ReconcileScopeConsumerSettings {
  concurrency?: number | undefined;
  maxDeliver?: number | undefined;
  backoff?: Partial<RedeliveryBackoff> | undefined;
}

/** Every job's `DiscoveryFinished`, as the relay publishes it: a controller tuned by `settings`. */
export function reconcileScopeConsumer(settings: ReconcileScopeConsumerSettings): Type<unknown> {
  @Controller()
  class ReconcileScopeConsumer {
    constructor(@Inject(ReconcileScopeHandler) private readonly handler: ReconcileScopeHandler) {}

    @JetStreamConsumer({
      stream: 'events',
      durable: INVENTORY_DURABLES.reconcile,
      filterSubject: 'events.*.job.DiscoveryFinished',
      schema: relayedDiscoveryFinishedSchema,
      concurrency: settings.concurrency ?? 2,
      maxDeliver: settings.maxDeliver ?? 200,
      backoff: { ...RECONCILE_BACKOFF, ...settings.backoff },
    })
    reconcile(@Payload() event: RelayedDiscoveryFinished, @Ctx() context: NatsMessageContext): Promise<void> {
      return this.handler.handle(context.toConsumedMessage(event));
    }
  }
  return ReconcileScopeConsumer;
}
