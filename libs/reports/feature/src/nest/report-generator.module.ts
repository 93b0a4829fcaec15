import { Module, type DynamicModule } from '@nestjs/common';
import { createLogger } from '@strata/platform-observability';
import type { ReadStore } from '@strata/platform-read-store';
import { READ_STORE, runWithApp } from '@strata/platform-runtime';
import type { BlobStore } from '../blob-store/blob-store';
import { reportStoreFromEnv } from '../blob-store/report-store-from-env';
import { GenerateReportConsumer } from '../generate-report/generate-report.consumer';
import { GenerateReportHandler } from '../generate-report/generate-report.handler';
import { ReportPruner } from '../prune-reports/report-pruner';
import type { ReportSources } from '../sources/report-sources';

export interface ReportGeneratorModuleOptions {
  /** Where report files are written (default: `reportStoreFromEnv()`, `STRATA_REPORT_STORE`). */
  blobStore?: BlobStore;
  /** The sections other contexts provide (changes, Kubernetes governance, compliance, diagram); an unbound one is left out. */
  sources?: ReportSources | ((readStore: ReadStore) => ReportSources);
  /** Between two retention sweeps (default an hour). */
  pruneIntervalMs?: number;
}

/**
 * Generates reports (the durable consumer of `work.reports.>`, served by the app's NATS
 * transport) and deletes those past their tenant's retention (a supervised loop that runs with
 * the app). Needs MessagingModule and the read store under READ_STORE. In the reporter app and
 * the standalone app; scale out freely (the work item goes to one generator).
 */
@Module({})
export class ReportGeneratorModule {
  static forRoot({ blobStore, sources, pruneIntervalMs }: ReportGeneratorModuleOptions = {}): DynamicModule {
    const store = blobStore ?? reportStoreFromEnv();
    const logger = createLogger({ name: 'reports' });
    return {
      module: ReportGeneratorModule,
      controllers: [GenerateReportConsumer],
      providers: [
        {
          provide: GenerateReportHandler,
          inject: [READ_STORE],
          useFactory: (readStore: ReadStore) =>
            new GenerateReportHandler({ readStore, blobStore: store, logger, sources: typeof sources === 'function' ? sources(readStore) : (sources ?? {}) }),
        },
        {
          provide: ReportPruner,
          inject: [READ_STORE],
          useFactory: (readStore: ReadStore) => new ReportPruner({ readStore, blobStore: store, logger, ...(pruneIntervalMs !== undefined ? { intervalMs: pruneIntervalMs } : {}) }),
        },
        runWithApp(ReportPruner),
      ],
      exports: [GenerateReportHandler, ReportPruner],
    };
  }
}
