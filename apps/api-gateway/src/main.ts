// First, so OpenTelemetry instruments what the imports below load.
import { telemetry } from './instrumentation';
import { createHttpApp } from '@strata/platform-http';
import { createEventStore } from '@strata/platform-event-store';
import { createReadStore } from '@strata/platform-read-store';
import { assertPortFree, bootService, connectNatsTransport, listenAddressFromEnv } from '@strata/platform-runtime';
import { ensureBootstrapToken, loadSecretKey } from '@strata/tenancy-feature';
import { AppModule } from './app.module';

bootService({
  name: 'api-gateway',
  telemetry,
  start: async (logger) => {
    const { port, host } = listenAddressFromEnv(process.env);
    await assertPortFree(port, host);
    // Counts (a job list's total, a graph summary counted on the spot) walk index ranges of up to
    // every job or node of a tenant: on SQLite they run in a thread, so HTTP goes on meanwhile.
    const readStore = await createReadStore(undefined, { readerThread: true });
    const { key: secretKey } = await loadSecretKey({ warn: (message) => logger.warn(message) });
    // Schedules are event-sourced: their streams go to the event store the services share.
    const events = createEventStore();
    const app = await createHttpApp(AppModule.create({ events, readStore, secretKey }), { logger });
    // Its consumer (the inline credential janitor) runs before it listens, and drains before it closes.
    await connectNatsTransport(app);
    await app.listen({ port, host });
    // After listening, so that a start that fails to listen has not stored a token it never showed;
    // before saying it listens, so that a client acting on that finds the token in place.
    const boot = await ensureBootstrapToken({ readStore, log: (message) => logger.info(message) });
    logger.info({ port, host }, 'api-gateway listening');
    if (boot.status === 'generated') process.stdout.write(boot.print);
    return app;
  },
});
