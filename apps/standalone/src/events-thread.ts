// The standalone app's event feed recorder and webhook delivery recording, run in a worker thread (StandaloneModule).
// First, so the thread's OpenTelemetry SDK instruments what the imports below load and trace
// context crosses NATS from here as it does from the rest of the app.
import { telemetry } from './instrumentation';
import { runServiceThread } from '@strata/platform-runtime';
import { EventsThreadModule, type FromEventsThread } from './events-thread.module';

runServiceThread<never, FromEventsThread>({ name: 'events', telemetry, module: ({ health, send }) => EventsThreadModule.create({ env: process.env, health, send }) });
