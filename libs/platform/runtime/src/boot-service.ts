import type { DynamicModule, INestApplicationContext, Type } from '@nestjs/common';
import { createLogger, type Logger } from '@strata/platform-observability';
import { startNatsMicroservice } from './nats-transport';
import { runService, type StartedService } from './run-service';

/** What `startTelemetry` returns: flushed once the app has closed, so the last spans are exported. */
export interface FlushableTelemetry {
  shutdown(): Promise<void>;
}

export interface BootServiceOptions {
  /** The service's name: its logger's, and the start and stop lines'. */
  name: string;
  /** From the app's `instrumentation.ts`, imported first by its `main.ts`. */
  telemetry: FlushableTelemetry;
  /** A service without HTTP: runs as a Nest microservice of this module on the NATS transport (`startNatsMicroservice`). */
  module?: Type<unknown> | DynamicModule;
  /**
   * Or a service that builds and starts itself (an HTTP app, stores opened first): with
   * `connectNatsTransport` before listening (HTTP), or `startNatsMicroservice`.
   */
  start?: (logger: Logger) => Promise<INestApplicationContext | StartedService>;
}

/**
 * The one way a Strata app starts and stops: builds it (`module` or `start`), logs `<name>
 * running`, and on SIGTERM or SIGINT closes it (consumers drain, in-flight requests finish),
 * releases what `start` returned to release, flushes telemetry, then exits 0 (`runService`).
 */
export function bootService({ name, telemetry, module, start }: BootServiceOptions): void {
  const logger = createLogger({ name });
  const build = async (): Promise<StartedService> => {
    if (module) {
      const app = await startNatsMicroservice(module);
      logger.info(`${name} running`);
      return { app, afterClose: async () => undefined };
    }
    if (!start) throw new Error(`bootService(${name}): give a module or a start function`);
    const started = await start(logger);
    return 'afterClose' in started ? started : { app: started, afterClose: async () => undefined };
  };
  void runService({
    name,
    logger,
    start: async () => {
      const { app, afterClose } = await build();
      return {
        app,
        afterClose: async () => {
          await afterClose();
          // Spans still buffered are exported once everything that could make one has stopped.
          await telemetry.shutdown();
        },
      };
    },
  });
}
