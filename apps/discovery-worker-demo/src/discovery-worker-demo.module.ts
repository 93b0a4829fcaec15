import { Module, type DynamicModule } from '@nestjs/common';
import { DemoOnlyCredentialResolver, DiscoveryWorkerModule, discoveryWorkerSettingsFromEnv } from '@strata/discovery-worker';
import { MessagingModule, messagingConfigFromEnv } from '@strata/platform-messaging';
import { demoPlugin } from '@strata/plugins-demo';

/** A discovery worker for the demo plugin: NATS from `NATS_URL`/`STRATA_NS`, tuning from `DISCOVERY_*`. */
@Module({})
export class DiscoveryWorkerDemoModule {
  static forEnv(env: NodeJS.ProcessEnv): DynamicModule {
    return {
      module: DiscoveryWorkerDemoModule,
      imports: [
        // Ensures every stream at start-up.
        MessagingModule.forRoot({ config: messagingConfigFromEnv(env), name: 'discovery-worker-demo' }),
        DiscoveryWorkerModule.forRoot({
          plugins: [demoPlugin],
          // Until the tenancy context's resolver (reading the shared read store) can be wired here,
          // every credential resolves as a secret-less `demo` one, which is all the demo plugin needs.
          // Wiring it: DiscoveryWorkerModule.forRootAsync({ inject: [CREDENTIAL_RESOLVER], ... }).
          credentialResolver: new DemoOnlyCredentialResolver(),
          ...discoveryWorkerSettingsFromEnv(env),
        }),
      ],
    };
  }
}
