import './instrumentation';
import { NestFactory } from '@nestjs/core';
import { createLogger } from '@strata/platform-observability';
import { runService } from '@strata/platform-runtime';
import { AppModule } from './app.module';

const logger = createLogger({ name: 'job-orchestrator' });
void runService({
  name: 'job-orchestrator',
  logger,
  start: async () => {
    const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
    await app.init();
    logger.info('job-orchestrator running');
    return app;
  },
});
