// The standalone app's discovery worker, run in a worker thread (StandaloneModule). First, so
// the thread's OpenTelemetry SDK instruments what the imports below load and trace context
// crosses NATS from here as it does from the rest of the app.
import { telemetry } from './instrumentation';
import { runDiscoveryWorkerThread } from '@strata/discovery-worker';
import { awsPlugin } from '@strata/plugins-aws';
import { demoPlugin } from '@strata/plugins-demo';
import { kubernetesPlugin } from '@strata/plugins-kubernetes';

runDiscoveryWorkerThread({ plugins: [demoPlugin, awsPlugin, kubernetesPlugin], telemetry, name: 'standalone-discovery' });
