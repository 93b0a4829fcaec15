import { Controller, Inject, type Type } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { discoveryDurableName, subjects, type DiscoveryWorkItem } from '@strata/contracts';
import { JetStreamConsumer, NatsMessageContext, type JetStreamConsumerTuning } from '@strata/platform-messaging';
import { DiscoveryWorker } from './discovery-worker';
import { workItemSchema } from './work-item-schema';

/**
 * The work items of each plugin in `pluginIds`, from `work.discovery.<plugin>` (durable
 * `discovery-<plugin>`, shared by every worker running it): a controller with one
 * `@JetStreamConsumer` method per plugin, tuned at start-up by `tuning` (the worker's settings).
 */
export function discoveryWorkConsumer(pluginIds: readonly string[], tuning: JetStreamConsumerTuning): Type<unknown> {
  @Controller()
  class DiscoveryWorkConsumer {
    constructor(@Inject(DiscoveryWorker) readonly worker: DiscoveryWorker) {}
  }
  const prototype = DiscoveryWorkConsumer.prototype as unknown as Record<string, unknown>;
  for (const pluginId of pluginIds) {
    // One method per plugin, as a class written by hand would have: the transport runs one durable per handler.
    const method = `run:${pluginId}`;
    Object.defineProperty(prototype, method, {
      configurable: true,
      writable: true,
      value: function run(this: DiscoveryWorkConsumer, item: DiscoveryWorkItem, context: NatsMessageContext): Promise<void> {
        return this.worker.handle(pluginId, context.toConsumedMessage(item), context.getClosingSignal());
      },
    });
    const descriptor = Object.getOwnPropertyDescriptor(prototype, method)!;
    JetStreamConsumer(
      { stream: 'work', durable: discoveryDurableName(pluginId), filterSubject: subjects.discoveryWork(pluginId), schema: workItemSchema },
      tuning,
    )(prototype, method, descriptor);
    Payload()(prototype, method, 0);
    Ctx()(prototype, method, 1);
  }
  return DiscoveryWorkConsumer;
}
