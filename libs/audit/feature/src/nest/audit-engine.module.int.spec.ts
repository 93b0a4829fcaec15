import { jetstreamManager } from '@nats-io/jetstream';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { MessagingClient } from '@strata/platform-messaging';
import type { ReadStore } from '@strata/platform-read-store';
import { openServiceFixture, startNatsTransport, type ServiceFixture } from '@strata/service-testing';
import { AUDIT_ENGINE_DURABLE, AuditEngine } from '../audit-engine';
import { AuditEngineModule, AuditEngineWiringError } from './audit-engine.module';

describe('AuditEngineModule', () => {
  let fixture: ServiceFixture;
  let namespace: string;
  let messaging: MessagingClient;
  let readStore: ReadStore;

  beforeAll(async () => {
    fixture = await openServiceFixture('auditmod');
    ({ namespace, messaging, readStore } = fixture);
  });

  afterAll(() => fixture?.close());

  it('runs the engine on the store and client it is given, from bootstrap to shutdown', async () => {
    @Module({ imports: [AuditEngineModule.forRoot({ readStore, messaging })] })
    class AppModule {}
    const app = await startNatsTransport(messaging, AppModule);
    expect(app.get(AuditEngine)).toBeInstanceOf(AuditEngine);
    const jsm = await jetstreamManager(messaging.connection);
    const consumer = await jsm.consumers.info(`${namespace}_EVENTS`, AUDIT_ENGINE_DURABLE);
    expect(consumer.config.filter_subject).toBe(`${namespace}.events.*.job.InventoryReconciled`);
    await app.close();
    expect(messaging.connection.isClosed()).toBe(false);
  });

  it('fails at start-up, naming what is missing, when nothing provides messaging', async () => {
    @Module({ imports: [AuditEngineModule.forRoot({ readStore })] })
    class AppModule {}
    await expect(NestFactory.createApplicationContext(AppModule, { logger: false, abortOnError: false })).rejects.toThrow(AuditEngineWiringError);
  });
});
