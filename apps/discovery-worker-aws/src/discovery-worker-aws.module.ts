import { Module, type DynamicModule } from '@nestjs/common';
import type { CredentialResolver } from '@strata/contracts';
import { DiscoveryWorkerModule, discoveryWorkerSettingsFromEnv } from '@strata/discovery-worker';
import { MessagingModule, messagingConfigFromEnv } from '@strata/platform-messaging';
import { awsPlugin } from '@strata/plugins-aws';

/**
 * A discovery worker for the aws plugin: NATS from `NATS_URL`/`STRATA_NS`, tuning from
 * `DISCOVERY_*`, credentials resolved from the shared read store (tenancy's records, decrypted
 * with the installation's secret key).
 */
@Module({})
export class DiscoveryWorkerAwsModule {
  static forEnv(env: NodeJS.ProcessEnv, credentialResolver: CredentialResolver): DynamicModule {
    return {
      module: DiscoveryWorkerAwsModule,
      imports: [
        // Ensures every stream at start-up.
        MessagingModule.forRoot({ config: messagingConfigFromEnv(env), name: 'discovery-worker-aws' }),
        DiscoveryWorkerModule.forRoot({ plugins: [awsPlugin], credentialResolver, ...discoveryWorkerSettingsFromEnv(env) }),
      ],
    };
  }
}
