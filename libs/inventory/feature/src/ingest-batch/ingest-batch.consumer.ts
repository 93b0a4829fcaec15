import { Controller, Inject, type Type } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { ResourceBatch } from '@strata/contracts';
import { JetStreamConsumer, NatsMessageContext } from '@strata/platform-messaging';
import { INVENTORY_DURABLES } from '../inventory-durables';
import { IngestBatchHandler } from './ingest-batch.handler';
import { resourceBatchSchema } from './resource-batch.schema';

/**
 * Batches handled at once. Their writes reach the store within moments of each other and commit
 * together (`CoalescedWrites`): eight keep each commit a few batches wide while a batch waits.
 */
const DEFAULT_INGEST_CONCURRENCY = 8;

export interface IngestBatchConsumerSettings {
  concurrency?: number | undefined;
  maxDeliver?: number | undefined;
}

/** Every resource batch, from the BATCHES work queue (shared by every inventory replica): a controller tuned by `settings`. */
export function ingestBatchConsumer(settings: IngestBatchConsumerSettings): Type<unknown> {
  @Controller()
  class IngestBatchConsumer {
    constructor(@Inject(IngestBatchHandler) private readonly handler: IngestBatchHandler) {}

    @JetStreamConsumer({
      stream: 'batches',
      durable: INVENTORY_DURABLES.ingest,
      filterSubject: 'discovery.batches.>',
      schema: resourceBatchSchema,
      concurrency: settings.concurrency ?? DEFAULT_INGEST_CONCURRENCY,
      maxDeliver: settings.maxDeliver ?? 50,
    })
    ingest(@Payload() batch: ResourceBatch, @Ctx() context: NatsMessageContext): Promise<void> {
      return this.handler.handle(context.toConsumedMessage(batch));
    }
  }
  return IngestBatchConsumer;
}
