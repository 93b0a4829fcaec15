// Imported first by main.ts: OpenTelemetry must patch modules before anything else loads them.
import { startTelemetry } from '@strata/platform-observability';

export const telemetry = startTelemetry({ serviceName: 'strata-reporter' });
