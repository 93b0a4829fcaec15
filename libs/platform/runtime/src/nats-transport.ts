import type { DynamicModule, INestApplication, INestMicroservice, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagingClient, NatsExceptionFilter, NatsTransportStrategy } from '@strata/platform-messaging';

/**
 * A service without HTTP as a Nest microservice on the NATS transport, sharing the app's
 * `MessagingClient` (MessagingModule): its `@JetStreamConsumer` and `@MessagePattern` handlers
 * start once the app has booted (the services they feed have started), and on `close()` they
 * stop and drain before any provider stops and before the connection and the stores close.
 */
export async function startNatsMicroservice(module: Type<unknown> | DynamicModule, client?: MessagingClient): Promise<INestMicroservice> {
  // By default the client is the one the app makes (MessagingModule): the strategy asks for it
  // once listening. An int spec passes its own.
  const strategy: NatsTransportStrategy = new NatsTransportStrategy({ client: client ?? ((): MessagingClient => app.get(MessagingClient)), streams: false });
  // A module that cannot be built rejects here, for the caller to report (`runService`), rather
  // than Nest ending the process (or a service thread) with nothing said.
  const app: INestMicroservice = await NestFactory.createMicroservice(module, { strategy, logger: false, abortOnError: false });
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

/**
 * Connects the NATS transport to an HTTP app, sharing its `MessagingClient`, initialises the app
 * and starts the handlers; call it before `listen()`. The app's `close()` then first stops the
 * handlers and waits for them (Nest would otherwise close its microservices only after the
 * providers' `beforeApplicationShutdown`, when the services they call have stopped).
 */
export async function connectNatsTransport(app: INestApplication): Promise<void> {
  const strategy = new NatsTransportStrategy({ client: app.get(MessagingClient), streams: false });
  app.connectMicroservice({ strategy }, { inheritAppConfig: true });
  await app.init();
  await app.startAllMicroservices();
  const closeApp = app.close.bind(app);
  app.close = async () => {
    await strategy.close();
    await closeApp();
  };
}
