// The standalone app's inventory and audit engine, run in a worker thread (StandaloneModule).
// First, so the thread's OpenTelemetry SDK instruments what the imports below load and trace
// context crosses NATS from here as it does from the rest of the app.
import { telemetry } from './instrumentation';
import { runServiceThread } from '@strata/platform-runtime';
import { IngestThreadModule } from './ingest-thread.module';

runServiceThread({ name: 'ingest', telemetry, module: ({ health }) => IngestThreadModule.create({ env: process.env, health }) });
