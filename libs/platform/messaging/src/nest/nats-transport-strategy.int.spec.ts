import { jetstreamManager } from '@nats-io/jetstream';
import { Controller, Inject, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, MessagePattern, Payload, RpcException, type MicroserviceOptions } from '@nestjs/microservices';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { subjects } from '@strata/contracts';
import { createLogger } from '@strata/platform-observability';
import { deleteNamespaceStreams, uniqueNamespace, useTestNats, waitFor, type TestNats } from '@strata/testing';
import type { MessagingConfig } from '../config/messaging-config';
import { MessagingConfigError, PoisonMessageError, RemoteHandlerError } from '../errors';
import { connectMessaging, MessagingClient } from '../messaging-client';
import { JetStreamConsumer } from './jetstream-consumer.decorator';
import { MessagingModule } from './messaging.module';
import { type NatsMessageContext } from './nats-message-context';
import { NatsTransportStrategy } from './nats-transport-strategy';

interface Order {
  id: string;
}

interface Projected {
  order: Order;
  subject: string;
  deliveryCount: number | undefined;
  msgId: string | undefined;
}

const logger = createLogger({ name: 'test', level: 'silent' });

/** A service as the apps will write one: requests in, events out, a projection consuming them. */
function ordersService(config: MessagingConfig, projected: Projected[]): new () => unknown {
  @Controller()
  class OrdersController {
    constructor(@Inject(MessagingClient) private readonly messaging: MessagingClient) {}

    @MessagePattern('orders.place')
    async place(@Payload() order: Order, @Ctx() context: NatsMessageContext): Promise<{ accepted: string; via: string }> {
      await this.messaging.publish(subjects.event('acme', 'order', 'OrderPlaced'), order, { msgId: `order-placed:${order.id}` });
      return { accepted: order.id, via: context.getSubject() };
    }

    @MessagePattern('orders.cancel')
    cancel(): never {
      throw new RpcException('orders can no longer be cancelled');
    }

    @JetStreamConsumer({
      stream: 'events',
      durable: 'order-projection',
      filterSubject: 'events.acme.order.>',
      backoff: { initialDelayMs: 20, jitter: 0 },
    })
    async project(@Payload() order: Order, @Ctx() context: NatsMessageContext): Promise<void> {
      projected.push({ order, subject: context.getSubject(), deliveryCount: context.getDeliveryCount(), msgId: context.getMsgId() });
      if (order.id === 'bogus') throw new PoisonMessageError('no such order can exist');
    }
  }

  @Module({ imports: [MessagingModule.forRoot({ config, logger, streams: { only: ['events'] } })], controllers: [OrdersController] })
  class OrdersModule {}
  return OrdersModule;
}

describe('NatsTransportStrategy in a NestJS app on Fastify', () => {
  let nats: TestNats;
  let app: INestApplication;
  let caller: MessagingClient;
  const ns = uniqueNamespace('nest');
  const projected: Projected[] = [];

  beforeAll(async () => {
    nats = await useTestNats();
    const config = { servers: [nats.url], namespace: ns };
    app = await NestFactory.create(ordersService(config, projected), new FastifyAdapter(), { logger: false });
    app.connectMicroservice({ strategy: new NatsTransportStrategy({ client: app.get(MessagingClient), streams: false }) });
    await app.startAllMicroservices();
    await app.init();
    caller = await connectMessaging(config, { logger });
  });

  afterAll(async () => {
    await caller?.close();
    await app?.close();
    await deleteNamespaceStreams(nats.url, ns);
    await nats.stop();
  });

  it('answers a request with a @MessagePattern handler and consumes the event it published with @JetStreamConsumer', async () => {
    await expect(caller.request('orders.place', { id: 'o-1' })).resolves.toEqual({ accepted: 'o-1', via: 'orders.place' });

    await waitFor(() => projected.length === 1, { message: 'the projection to see the event' });
    expect(projected[0]).toEqual({
      order: { id: 'o-1' },
      subject: 'events.acme.order.OrderPlaced',
      deliveryCount: 1,
      msgId: 'order-placed:o-1',
    });
  });

  it('returns an RpcException’s message to the caller as a typed error', async () => {
    const cancel = caller.request('orders.cancel', { id: 'o-1' });
    await expect(cancel).rejects.toThrow(RemoteHandlerError);
    await expect(cancel).rejects.toMatchObject({ remoteMessage: 'orders can no longer be cancelled' });
  });

  it('terminates a message its handler declares poison, through Nest’s exception layer', async () => {
    const before = projected.length;
    const ack = await caller.publish(subjects.event('acme', 'order', 'OrderPlaced'), { id: 'bogus' }, { msgId: 'order-placed:bogus' });

    const jsm = await jetstreamManager(caller.connection);
    await waitFor(
      async () => {
        const state = await jsm.consumers.info(`${ns}_EVENTS`, 'order-projection');
        return state.num_ack_pending === 0 && state.ack_floor.stream_seq >= ack.seq;
      },
      { message: 'the poison message to be terminated' },
    );
    expect(projected.slice(before)).toEqual([expect.objectContaining({ order: { id: 'bogus' }, deliveryCount: 1 })]);
  });

  it('refuses to start a plain @EventPattern, which would have no durable consumer behind it', async () => {
    @Controller()
    class LooseController {
      @EventPattern('events.acme.order.>')
      onOrder(): void {}
    }
    @Module({ controllers: [LooseController] })
    class LooseModule {}

    const strategy = new NatsTransportStrategy({ config: { servers: [nats.url], namespace: ns }, logger, streams: false });
    const loose = await NestFactory.createMicroservice<MicroserviceOptions>(LooseModule, { strategy, logger: false });
    try {
      await expect(loose.listen()).rejects.toThrow(MessagingConfigError);
    } finally {
      await loose.close();
    }
  });
});

describe('NatsTransportStrategy closing', () => {
  let nats: TestNats;
  const ns = uniqueNamespace('nestclose');

  beforeAll(async () => {
    nats = await useTestNats();
  });

  afterAll(async () => {
    await deleteNamespaceStreams(nats.url, ns);
    await nats.stop();
  });

  it('tunes a consumer when it starts, and on close stops pulling, signals the running handler and waits for it', async () => {
    const seen: string[] = [];
    let running: () => void = () => undefined;
    const handlerRunning = new Promise<void>((resolve) => (running = resolve));

    @Controller()
    class SlowController {
      @JetStreamConsumer({ stream: 'events', durable: 'slow-projection', filterSubject: 'events.acme.slow.>' }, () => ({ ackWaitMs: 7_000, maxDeliver: 3 }))
      async project(@Payload() order: Order, @Ctx() context: NatsMessageContext): Promise<void> {
        running();
        const closing = context.getClosingSignal();
        await new Promise<void>((resolve) => closing.addEventListener('abort', () => resolve(), { once: true }));
        seen.push(`${order.id} handed back`);
      }
    }
    @Module({ controllers: [SlowController] })
    class SlowModule {}

    const config = { servers: [nats.url], namespace: ns };
    const strategy = new NatsTransportStrategy({ config, logger, streams: { only: ['events'] } });
    const app = await NestFactory.createMicroservice<MicroserviceOptions>(SlowModule, { strategy, logger: false });
    const caller = await connectMessaging(config, { logger });
    try {
      await app.listen();
      const jsm = await jetstreamManager(caller.connection);
      const info = await jsm.consumers.info(`${ns}_EVENTS`, 'slow-projection');
      expect(info.config).toMatchObject({ ack_wait: 7_000_000_000, max_deliver: 3 });

      await caller.publish(subjects.event('acme', 'slow', 'OrderPlaced'), { id: 'o-slow' }, { msgId: 'slow:o-slow' });
      await handlerRunning;
      await app.close();
      expect(seen).toEqual(['o-slow handed back']);
    } finally {
      await app.close();
      await caller.close();
    }
  });
});
