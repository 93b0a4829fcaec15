import { telemetry } from './instrumentation';
import { resolve } from 'node:path';
import { createEventStore } from '@strata/platform-event-store';
import { createHttpApp } from '@strata/platform-http';
import { messagingConfigFromEnv } from '@strata/platform-messaging';
import { createLogger } from '@strata/platform-observability';
import { createReadStore, readStoreLocationFromEnv } from '@strata/platform-read-store';
import { ensureNatsServer, runService, type NatsHandle, type StartedService } from '@strata/platform-runtime';
import { credentialResolverFor, ensureBootstrapToken, loadSecretKey } from '@strata/tenancy-feature';
import { ensureDemoTenant } from './demo-tenant';
import { nextSteps } from './next-steps';
import { StandaloneModule } from './standalone.module';

const env = process.env;
const logger = createLogger({ name: 'standalone' });
const port = Number(env['PORT'] ?? 8080);
const host = env['HOST'] ?? '0.0.0.0';
const dataDir = resolve(env['STRATA_DATA_DIR'] || '.strata');

void runService({
  name: 'strata',
  logger,
  start: async () => {
    const nats = await ensureNatsServer({ url: messagingConfigFromEnv(env).servers[0]!, dataDir, log: (line) => logger.info(line) });
    try {
      return await startStrata(nats);
    } catch (error) {
      await nats.stop();
      throw error;
    }
  },
});

async function startStrata(nats: NatsHandle): Promise<StartedService> {
  const events = createEventStore();
  // Every service writes here, ingest most of all: SQLite's share of those writes runs in a
  // thread of its own, on the core this one process would otherwise leave idle.
  const readStore = await createReadStore(readStoreLocationFromEnv(), { writerThread: true });
  const { key: secretKey } = await loadSecretKey({ warn: (line) => logger.warn(line) });
  const credentials = credentialResolverFor({ readStore, secretKey });
  const app = await createHttpApp(StandaloneModule.create({ env, events, readStore, secretKey, credentials }), { logger });
  const boot = await ensureBootstrapToken({ readStore, log: (line) => logger.info(line) });
  if (env['STRATA_DEMO_TENANT'] !== 'false') await ensureDemoTenant(app);
  await app.listen({ port, host });
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  process.stdout.write(nextSteps({ baseUrl: `http://${shownHost}:${port}`, ...(boot.status === 'generated' ? { token: boot.token } : {}) }));
  return {
    app,
    afterClose: async () => {
      await nats.stop();
      await telemetry.shutdown();
    },
  };
}
