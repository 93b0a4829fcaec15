import type { DynamicModule, INestMicroservice, Type } from '@nestjs/common';
import type { MessagingClient } from '@strata/platform-messaging';
import { startNatsMicroservice } from '@strata/platform-runtime';

/**
 * Serves the message handlers (`@JetStreamConsumer`, `@MessagePattern` controllers) of `module`
 * over the NATS transport on the test's own client, as the apps do (`startNatsMicroservice`):
 * for an int spec that builds a service itself (`new InventoryService(...)`) and hands it to the
 * module's `forInstance`. `close()` stops the handlers and waits for them; the client stays open
 * and the service is the spec's to stop, after.
 */
export function startNatsTransport(messaging: MessagingClient, module: Type<unknown> | DynamicModule): Promise<INestMicroservice> {
  return startNatsMicroservice(module, messaging);
}
