import { telemetry } from './instrumentation';
import { NestFactory } from '@nestjs/core';
import { createLogger } from '@strata/platform-observability';
import { runService } from '@strata/platform-runtime';
import { AppModule } from './app.module';

const logger = createLogger({ name: 'inventory' });
void runService({
  name: 'inventory',
  logger,
  start: async () => {
    const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
    await app.init();
    logger.info('inventory running');
    // Spans still buffered are flushed once the consumers have drained.
    return { app, afterClose: () => telemetry.shutdown() };
  },
});
