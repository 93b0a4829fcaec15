import './instrumentation';
import { NestFactory } from '@nestjs/core';
import { createLogger } from '@strata/platform-observability';
import { runService } from '@strata/platform-runtime';
import { AppModule } from './app.module';

const logger = createLogger({ name: 'projector' });
void runService({
  name: 'projector',
  logger,
  start: async () => {
    const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
    await app.init();
    logger.info('projector running');
    return app;
  },
});
