import { Module, type DynamicModule } from '@nestjs/common';
import { JobCreationModule } from '@strata/jobs-feature';
import type { EventStore } from '@strata/platform-event-store';
import { MessagingModule, messagingConfigFromEnv } from '@strata/platform-messaging';
import type { ReadStore } from '@strata/platform-read-store';
import { StorageModule } from '@strata/platform-runtime';
import { PluginCatalogModule } from '@strata/plugins-catalog';
import { ScheduleFiringModule, schedulerSettingsFromEnv } from '@strata/scheduler-feature';
import { TenancyModule, type SecretKey } from '@strata/tenancy-feature';

/**
 * Fires schedules: the firing loop over the schedules the API wrote (the event store and read
 * store the services share), each job made as `POST /jobs` makes one (the plugin catalog of this
 * build, the tenant's credentials and settings, the orchestrator over NATS). Replicas may run side
 * by side: each due time still makes one job.
 */
@Module({})
export class AppModule {
  static create({ env, events, readStore, secretKey }: { env: NodeJS.ProcessEnv; events: EventStore; readStore: ReadStore; secretKey: SecretKey }): DynamicModule {
    return {
      module: AppModule,
      imports: [
        MessagingModule.forRoot({ config: messagingConfigFromEnv(env), name: 'scheduler' }),
        StorageModule.forInstances({ events, readStore }),
        PluginCatalogModule.forRoot(),
        // The credentials (that a template's still exists) and the tenants' settings (plugin defaults).
        TenancyModule.forRoot({ readStore, secretKey }),
        JobCreationModule,
        ScheduleFiringModule.forRoot(schedulerSettingsFromEnv(env)),
      ],
    };
  }
}
