import { startTelemetry } from '@strata/platform-observability';

// Imported first by main.ts, so the SDK is running before NestJS and the NATS client load.
export const telemetry = startTelemetry({ serviceName: 'discovery-worker-kubernetes' });
