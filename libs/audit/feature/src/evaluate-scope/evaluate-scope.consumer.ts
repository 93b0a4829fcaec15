import { Controller, Inject, type Type } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { JetStreamConsumer, NatsMessageContext } from '@strata/platform-messaging';
import { AUDIT_ENGINE_DURABLE, AuditEngine } from '../audit-engine';
import { relayedInventoryReconciledSchema, type RelayedInventoryReconciled } from './inventory-reconciled.schema';

/** Every job's `InventoryReconciled`, as the relay publishes it: a controller running `concurrency` audits at once. */
export function evaluateScopeConsumer({ concurrency }: { concurrency?: number | undefined }): Type<unknown> {
  @Controller()
  class EvaluateScopeConsumer {
    constructor(@Inject(AuditEngine) private readonly engine: AuditEngine) {}

    @JetStreamConsumer({
      stream: 'events',
      durable: AUDIT_ENGINE_DURABLE,
      filterSubject: 'events.*.job.InventoryReconciled',
      schema: relayedInventoryReconciledSchema,
      concurrency: concurrency ?? 2,
    })
    evaluate(@Payload() event: RelayedInventoryReconciled, @Ctx() context: NatsMessageContext): Promise<void> {
      return this.engine.onInventoryReconciled(context.toConsumedMessage(event));
    }
  }
  return EvaluateScopeConsumer;
}
