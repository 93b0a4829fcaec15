import { jetstreamManager } from '@nats-io/jetstream';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { MessagingClient } from '@strata/platform-messaging';
import type { ReadStore } from '@strata/platform-read-store';
import { openServiceFixture, startNatsTransport, type ServiceFixture } from '@strata/service-testing';
import { INVENTORY_DURABLES, InventoryService } from '../inventory-service';
import { InventoryModule, InventoryWiringError } from './inventory.module';

describe('InventoryModule', () => {
  let fixture: ServiceFixture;
  let namespace: string;
  let messaging: MessagingClient;
  let readStore: ReadStore;

  beforeAll(async () => {
    fixture = await openServiceFixture('inventorymod');
    ({ namespace, messaging, readStore } = fixture);
  });

  afterAll(() => fixture?.close());

  it('runs the service on the store and client it is given, from bootstrap to shutdown', async () => {
    @Module({ imports: [InventoryModule.forRoot({ readStore, messaging })] })
    class AppModule {}
    const app = await startNatsTransport(messaging, AppModule);
    expect(app.get(InventoryService)).toBeInstanceOf(InventoryService);
    const jsm = await jetstreamManager(messaging.connection);
    const consumer = await jsm.consumers.info(`${namespace}_BATCHES`, INVENTORY_DURABLES.ingest);
    expect(consumer.config.filter_subject).toBe(`${namespace}.discovery.batches.>`);
    await app.close();
    // The caller's store and client stay open: they are the caller's to close.
    expect(await readStore.checkpoints.get('unused')).toBeUndefined();
    expect(messaging.connection.isClosed()).toBe(false);
  });

  it('fails at start-up, naming what is missing, when nothing provides a read store', async () => {
    @Module({ imports: [InventoryModule.forRoot({ messaging })] })
    class AppModule {}
    await expect(NestFactory.createApplicationContext(AppModule, { logger: false, abortOnError: false })).rejects.toThrow(InventoryWiringError);
  });
});
