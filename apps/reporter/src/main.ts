// First, so OpenTelemetry instruments what the imports below load.
import { telemetry } from './instrumentation';
import { createReadStore } from '@strata/platform-read-store';
import { bootService, startNatsMicroservice } from '@strata/platform-runtime';
import { AppModule } from './app.module';

bootService({
  name: 'reporter',
  telemetry,
  start: async (logger) => {
    const readStore = await createReadStore();
    const app = await startNatsMicroservice(AppModule.create({ readStore }));
    logger.info('reporter running');
    return app;
  },
});
