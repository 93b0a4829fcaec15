import type { ResourceBatch } from '@strata/contracts';
import type { DurableConsumer, MessagingClient } from '@strata/platform-messaging';
import { INVENTORY_DURABLES } from '../inventory-durables';
import type { IngestBatchHandler } from './ingest-batch.handler';
import { resourceBatchSchema } from './resource-batch.schema';

/**
 * Batches handled at once. Their writes reach the store within moments of each other and commit
 * together (`CoalescedWrites`): eight keep each commit a few batches wide while a batch waits.
 */
const DEFAULT_INGEST_CONCURRENCY = 8;

/** Every resource batch, from the BATCHES work queue (shared by every inventory replica). */
export function consumeBatches(
  messaging: MessagingClient,
  handler: IngestBatchHandler,
  settings: { concurrency?: number | undefined; maxDeliver?: number | undefined },
): Promise<DurableConsumer<ResourceBatch>> {
  return messaging.consume<ResourceBatch>({
    stream: 'batches',
    durable: INVENTORY_DURABLES.ingest,
    filterSubject: 'discovery.batches.>',
    schema: resourceBatchSchema,
    concurrency: settings.concurrency ?? DEFAULT_INGEST_CONCURRENCY,
    maxDeliver: settings.maxDeliver ?? 50,
    handler: (message) => handler.handle(message),
  });
}
