// First, so OpenTelemetry instruments what the imports below load.
import { telemetry } from './telemetry';
import { NestFactory } from '@nestjs/core';
import { createReadStore } from '@strata/platform-read-store';
import { credentialResolverFor, loadSecretKey } from '@strata/tenancy-feature';
import { DiscoveryWorkerAwsModule } from './discovery-worker-aws.module';

async function main(): Promise<void> {
  const readStore = await createReadStore();
  const { key: secretKey } = await loadSecretKey();
  const credentials = credentialResolverFor({ readStore, secretKey });
  const app = await NestFactory.createApplicationContext(DiscoveryWorkerAwsModule.forEnv(process.env, credentials));
  // Not Nest's enableShutdownHooks: it re-raises the signal after closing, so the process would
  // end "killed by SIGTERM" rather than exit 0 after a clean drain.
  const shutdown = async (): Promise<void> => {
    try {
      await app.close();
      await readStore.close();
      await telemetry.shutdown();
      process.exit(0);
    } catch (error) {
      console.error(error);
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
