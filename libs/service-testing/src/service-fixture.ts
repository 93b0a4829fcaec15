import { join } from 'node:path';
import { connectMessaging, type MessagingClient, type StreamSetupOptions } from '@strata/platform-messaging';
import { createLogger, type Logger } from '@strata/platform-observability';
import { openSqliteReadStore, type ReadStore } from '@strata/platform-read-store';
import { deleteNamespaceStreams, makeTempDir, uniqueNamespace, useTestNats, type TempDir, type TestNats } from '@strata/testing';

/** What a test of a service runs on: NATS in a namespace of its own, and a SQLite read store in a temp dir. */
export interface ServiceFixture {
  nats: TestNats;
  /** This fixture's NATS namespace (`STRATA_NS` for a service process). */
  namespace: string;
  dir: TempDir;
  /** The SQLite file of the read store; an event store or a service process may share it. */
  dbPath: string;
  /** Quiet unless `TEST_LOG_LEVEL` says otherwise; for the services under test too. */
  logger: Logger;
  messaging: MessagingClient;
  readStore: ReadStore;
  /**
   * Closes the client and the store, deletes the namespace's streams (the server is shared by
   * every run) and removes the temp dir. Stop the services using them first.
   */
  close(): Promise<void>;
}

export interface ServiceFixtureOptions {
  /** Which streams to create up front (default: all of them). */
  streams?: StreamSetupOptions;
}

/**
 * Opens a {@link ServiceFixture}, named after `label` (namespace, logger). Whatever was opened
 * before a step failed is closed again, so a failing `beforeAll` leaves nothing behind.
 */
export async function openServiceFixture(label: string, { streams }: ServiceFixtureOptions = {}): Promise<ServiceFixture> {
  const cleanups: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  try {
    const nats = await useTestNats();
    cleanups.push(() => nats.stop());
    const dir = await makeTempDir(`strata-${label}-`);
    cleanups.push(() => dir.remove());
    const namespace = uniqueNamespace(label);
    cleanups.push(() => deleteNamespaceStreams(nats.url, namespace));
    const logger = createLogger({ name: `${label}-test`, level: process.env['TEST_LOG_LEVEL'] ?? 'error' });
    const messaging = await connectMessaging({ servers: nats.url, namespace }, { logger });
    cleanups.push(() => messaging.close());
    await messaging.ensureStreams(streams);
    const dbPath = join(dir.path, 'strata.db');
    const readStore = openSqliteReadStore(dbPath);
    cleanups.push(() => readStore.close());
    return { nats, namespace, dir, dbPath, logger, messaging, readStore, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The environment that points a service process at the fixture's NATS namespace and read store, quietly. */
export function serviceEnv({ nats, namespace, dbPath }: Pick<ServiceFixture, 'nats' | 'namespace' | 'dbPath'>): NodeJS.ProcessEnv {
  return { NATS_URL: nats.url, STRATA_NS: namespace, STRATA_READ_STORE: `sqlite:${dbPath}`, OTEL_EXPORTER_OTLP_ENDPOINT: '', LOG_LEVEL: 'warn' };
}
