// First, so OpenTelemetry instruments what the imports below load.
import { telemetry } from './instrumentation';
import { createReadStore } from '@strata/platform-read-store';
import { bootService, startNatsMicroservice } from '@strata/platform-runtime';
import { credentialResolverFor, loadSecretKey } from '@strata/tenancy-feature';
import { DiscoveryWorkerKubernetesModule } from './discovery-worker-kubernetes.module';

bootService({
  name: 'discovery-worker-kubernetes',
  telemetry,
  start: async (logger) => {
    // Credentials are read from the read store and decrypted here, only when a job needs them.
    const readStore = await createReadStore();
    const { key: secretKey } = await loadSecretKey();
    const credentials = credentialResolverFor({ readStore, secretKey });
    const app = await startNatsMicroservice(DiscoveryWorkerKubernetesModule.forEnv(process.env, credentials));
    logger.info('discovery-worker-kubernetes running');
    // The store closes after the worker has drained: a run finishing may still read a credential.
    return { app, afterClose: () => readStore.close() };
  },
});
