import type { INestApplicationContext } from '@nestjs/common';
import type { Logger } from '@strata/platform-observability';
import { startupFailureMessage } from './startup-failure';

export interface StartedService {
  app: INestApplicationContext;
  afterClose: () => Promise<void>;
}

export interface RunServiceOptions {
  name: string;
  logger: Logger;
  /**
   * Builds and starts the app (HTTP apps listen inside it). May also return what to release after
   * the app has closed (a NATS server it started, telemetry).
   */
  start: () => Promise<INestApplicationContext | StartedService>;
  /** Called once the app runs, e.g. to print what to do next. */
  onStarted?: (app: INestApplicationContext) => void | Promise<void>;
}

/**
 * Runs a service until SIGTERM or SIGINT, then closes it (consumers drain, connections close) and
 * exits 0; a failure to start or to stop exits 1 with one clear log line.
 */
export async function runService({ name, logger, start, onStarted }: RunServiceOptions): Promise<void> {
  let app: INestApplicationContext;
  let afterClose: () => Promise<void> = async () => undefined;
  try {
    const started = await start();
    if ('afterClose' in started) {
      app = started.app;
      afterClose = started.afterClose;
    } else {
      app = started;
    }
    await onStarted?.(app);
  } catch (error) {
    logger.fatal({ err: error }, `${name} could not start: ${startupFailureMessage(error)}`);
    process.exit(1);
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, `${name} stopping`);
    try {
      await app.close();
      await afterClose();
      logger.info(`${name} stopped`);
      process.exit(0);
    } catch (error) {
      logger.fatal({ err: error }, `${name} did not stop cleanly`);
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}
