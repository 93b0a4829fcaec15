// First, so OpenTelemetry instruments what the imports below load.
import { telemetry } from './instrumentation';
import { createEventStore } from '@strata/platform-event-store';
import { createReadStore } from '@strata/platform-read-store';
import { bootService, startNatsMicroservice } from '@strata/platform-runtime';
import { loadSecretKey } from '@strata/tenancy-feature';
import { AppModule } from './app.module';

bootService({
  name: 'scheduler',
  telemetry,
  start: async (logger) => {
    // The schedules' streams and the due index, as the API gateway writes them.
    const events = createEventStore();
    const readStore = await createReadStore();
    // Tenancy's module wants the key; the scheduler decrypts nothing (templates hold no secrets).
    const { key: secretKey } = await loadSecretKey({ warn: (line) => logger.warn(line) });
    const app = await startNatsMicroservice(AppModule.create({ env: process.env, events, readStore, secretKey }));
    logger.info('scheduler running');
    return app;
  },
});
