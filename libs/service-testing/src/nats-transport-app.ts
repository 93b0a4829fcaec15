import type { DynamicModule, INestMicroservice, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NatsExceptionFilter, NatsTransportStrategy, type MessagingClient } from '@strata/platform-messaging';

/**
 * Serves the message handlers (`@JetStreamConsumer`, `@MessagePattern` controllers) of `module`
 * over the NATS transport on the test's own client, as the apps do (`startNatsMicroservice`):
 * for an int spec that builds a service itself (`new InventoryService(...)`) and hands it to the
 * module's `forInstance`. `close()` stops the handlers and waits for them; the client stays open
 * and the service is the spec's to stop, after.
 */
export async function startNatsTransport(messaging: MessagingClient, module: Type<unknown> | DynamicModule): Promise<INestMicroservice> {
  const strategy = new NatsTransportStrategy({ client: messaging, streams: false });
  const app = await NestFactory.createMicroservice(module, { strategy, logger: false });
  try {
    app.useGlobalFilters(new NatsExceptionFilter());
    await app.init();
    await app.listen();
    return app;
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
}
