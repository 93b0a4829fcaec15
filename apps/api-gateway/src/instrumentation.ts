// Imported first by main.ts: OpenTelemetry must patch modules before anything else loads them.
import { startTelemetry } from '@strata/platform-observability';

startTelemetry({ serviceName: 'strata-api-gateway' });
