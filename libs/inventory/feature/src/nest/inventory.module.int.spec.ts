import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { connectMessaging, type MessagingClient } from '@strata/platform-messaging';
import { openSqliteReadStore, type ReadStore } from '@strata/platform-read-store';
import { deleteNamespaceStreams, makeTempDir, uniqueNamespace, useTestNats, type TempDir, type TestNats } from '@strata/testing';
import { INVENTORY_DURABLES, InventoryService } from '../inventory-service';
import { InventoryModule, InventoryWiringError } from './inventory.module';

describe('InventoryModule', () => {
  let nats: TestNats;
  let dir: TempDir;
  let namespace: string;
  let messaging: MessagingClient;
  let readStore: ReadStore;

  beforeAll(async () => {
    nats = await useTestNats();
    dir = await makeTempDir();
    namespace = uniqueNamespace('inventorymod');
    messaging = await connectMessaging({ servers: nats.url, namespace });
    await messaging.ensureStreams();
    readStore = openSqliteReadStore(join(dir.path, 'strata.db'));
  });

  afterAll(async () => {
    await messaging?.close();
    await readStore?.close();
    if (namespace) await deleteNamespaceStreams(nats.url, namespace);
    await nats?.stop();
    await dir?.remove();
  });

  it('runs the service on the store and client it is given, from bootstrap to shutdown', async () => {
    @Module({ imports: [InventoryModule.forRoot({ readStore, messaging })] })
    class AppModule {}
    const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
    await app.init();
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
