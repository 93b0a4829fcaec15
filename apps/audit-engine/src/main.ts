// First, so OpenTelemetry instruments what the imports below load.
import { telemetry } from './instrumentation';
import { bootService } from '@strata/platform-runtime';
import { AppModule } from './app.module';

bootService({ name: 'audit-engine', telemetry, module: AppModule });
