import { Module, type DynamicModule } from '@nestjs/common';
import type { CredentialResolver } from '@strata/contracts';
import { DiscoveryWorkerModule, discoveryWorkerSettingsFromEnv } from '@strata/discovery-worker';
import { MessagingModule, messagingConfigFromEnv } from '@strata/platform-messaging';
import { kubernetesPlugin } from '@strata/plugins-kubernetes';

/**
 * A discovery worker for the kubernetes plugin: NATS from `NATS_URL`/`STRATA_NS`, tuning from
 * `DISCOVERY_*`, credentials resolved from the shared read store (tenancy's records, decrypted
 * with the installation's secret key).
 */
@Module({})
export class DiscoveryWorkerKubernetesModule {
  static forEnv(env: NodeJS.ProcessEnv, credentialResolver: CredentialResolver): DynamicModule {
    return {
      module: DiscoveryWorkerKubernetesModule,
      imports: [
        // Ensures every stream at start-up.
        MessagingModule.forRoot({ config: messagingConfigFromEnv(env), name: 'discovery-worker-kubernetes' }),
        DiscoveryWorkerModule.forRoot({ plugins: [kubernetesPlugin], credentialResolver, ...discoveryWorkerSettingsFromEnv(env) }),
      ],
    };
  }
}
