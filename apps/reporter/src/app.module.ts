import { Module, type DynamicModule } from '@nestjs/common';
import { reportSources } from '@strata/gateway-feature';
import { MessagingModule, messagingConfigFromEnv } from '@strata/platform-messaging';
import type { ReadStore } from '@strata/platform-read-store';
import { StorageModule } from '@strata/platform-runtime';
import { ReportGeneratorModule, reportStoreFromEnv } from '@strata/reports-feature';

/**
 * Generates the reports the API queues (json, csv, pdf) into the report store
 * (`STRATA_REPORT_STORE`: the data directory, or S3 when the services run on several machines),
 * and deletes those past their tenant's retention. Composes the reports context with the
 * sections other contexts provide (Kubernetes governance, compliance posture). Scale out freely.
 */
@Module({})
export class AppModule {
  static create({ readStore, env = process.env }: { readStore: ReadStore; env?: NodeJS.ProcessEnv }): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // Creates or updates the streams at start-up.
        MessagingModule.forRoot({ config: messagingConfigFromEnv(env), name: 'reporter' }),
        // Reports are read models; no event store. Closed at shutdown.
        StorageModule.forInstances({ readStore }),
        ReportGeneratorModule.forRoot({ blobStore: reportStoreFromEnv(env), sources: reportSources }),
      ],
    };
  }
}
