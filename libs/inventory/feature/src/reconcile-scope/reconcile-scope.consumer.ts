import type { DurableConsumer, MessagingClient, RedeliveryBackoff } from '@strata/platform-messaging';
import { INVENTORY_DURABLES } from '../inventory-durables';
import { relayedDiscoveryFinishedSchema, type RelayedDiscoveryFinished } from './discovery-finished.schema';
import type { ReconcileScopeHandler } from './reconcile-scope.handler';

const RECONCILE_BACKOFF: Partial<RedeliveryBackoff> = { initialDelayMs: 500, multiplier: 2, maxDelayMs: 10_000 };

/** Every job's `DiscoveryFinished`, as the relay publishes it. */
export function consumeDiscoveriesFinished(
  messaging: MessagingClient,
  handler: ReconcileScopeHandler,
  settings: { concurrency?: number | undefined; maxDeliver?: number | undefined; backoff?: Partial<RedeliveryBackoff> | undefined },
): Promise<DurableConsumer<RelayedDiscoveryFinished>> {
  return messaging.consume<RelayedDiscoveryFinished>({
    stream: 'events',
    durable: INVENTORY_DURABLES.reconcile,
    filterSubject: 'events.*.job.DiscoveryFinished',
    schema: relayedDiscoveryFinishedSchema,
    concurrency: settings.concurrency ?? 2,
    maxDeliver: settings.maxDeliver ?? 200,
    backoff: { ...RECONCILE_BACKOFF, ...settings.backoff },
    handler: (message) => handler.handle(message),
  });
}
