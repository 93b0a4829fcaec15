// First, so OpenTelemetry instruments what the imports below load.
import { telemetry } from './instrumentation';
import { createReadStore } from '@strata/platform-read-store';
import { loadSecretKey } from '@strata/platform-secrets';
import { bootService, startNatsMicroservice } from '@strata/platform-runtime';
import { AppModule } from './app.module';

bootService({
  name: 'notifier',
  telemetry,
  start: async (logger) => {
    // Opens the webhooks' and channels' secrets: the key the API sealed them with (STRATA_SECRET_KEY, or the data dir's file).
    const { key: secretKey } = await loadSecretKey({ warn: (message) => logger.warn(message) });
    // Delivery state is written all the time (each event's deliveries, each attempt's outcome):
    // SQLite's share of those writes runs on a thread of its own, as in the standalone app.
    const readStore = await createReadStore(undefined, { writerThread: true });
    const app = await startNatsMicroservice(AppModule.create({ secretKey, readStore }));
    logger.info('notifier running');
    return app;
  },
});
