import { Module, type DynamicModule, type Provider, type Type } from '@nestjs/common';
import type { EventStore } from '@strata/platform-event-store';
import { MessagingClient } from '@strata/platform-messaging';
import { createLogger } from '@strata/platform-observability';
import type { ReadStore } from '@strata/platform-read-store';
import { EVENT_STORE, READ_STORE, runWithApp } from '@strata/platform-runtime';
import { CancelJobHandler } from '../cancel-job/cancel-job.handler';
import { CancelJobResponder } from '../cancel-job/cancel-job.responder';
import { CreateJobHandler } from '../create-job/create-job.handler';
import { CreateJobResponder } from '../create-job/create-job.responder';
import { DispatchWorkConsumer } from '../dispatch-work/dispatch-work.consumer';
import { DispatchWorkHandler } from '../dispatch-work/dispatch-work.handler';
import { NarrateJobLogConsumer } from '../narrate-job-log/narrate-job-log.consumer';
import { NarrateJobLogHandler } from '../narrate-job-log/narrate-job-log.handler';
import { JobOrchestrator, type JobOrchestratorOptions } from '../orchestrator/job-orchestrator';
import { RecordRunReportConsumer } from '../record-run-report/record-run-report.consumer';
import { RecordRunReportHandler } from '../record-run-report/record-run-report.handler';

type Settings = Pick<JobOrchestratorOptions, 'silenceTimeoutMs' | 'queueNoticeMs' | 'sweepIntervalMs'>;

/** The orchestrator's message handlers, served by the app's NATS transport. */
const CONTROLLERS: Type<unknown>[] = [CreateJobResponder, CancelJobResponder, RecordRunReportConsumer, DispatchWorkConsumer, NarrateJobLogConsumer];

/** The handlers those controllers delegate to: the orchestrator's own. */
const HANDLERS: Provider[] = [
  { provide: CreateJobHandler, inject: [JobOrchestrator], useFactory: (orchestrator: JobOrchestrator) => orchestrator.createJob },
  { provide: CancelJobHandler, inject: [JobOrchestrator], useFactory: (orchestrator: JobOrchestrator) => orchestrator.cancelJob },
  { provide: RecordRunReportHandler, inject: [JobOrchestrator], useFactory: (orchestrator: JobOrchestrator) => orchestrator.recordRunReport },
  { provide: DispatchWorkHandler, inject: [JobOrchestrator], useFactory: (orchestrator: JobOrchestrator) => orchestrator.dispatchWork },
  { provide: NarrateJobLogHandler, inject: [JobOrchestrator], useFactory: (orchestrator: JobOrchestrator) => orchestrator.narrateJobLog },
];

/**
 * The job orchestrator for the app's lifetime (needs StorageModule and MessagingModule): its
 * sweeps run with the app, its requests and consumers are controllers the app's NATS transport
 * serves (`bootService`, `connectNatsTransport`).
 */
@Module({})
export class JobOrchestratorModule {
  static forRoot(settings: Settings = {}): DynamicModule {
    return {
      module: JobOrchestratorModule,
      controllers: CONTROLLERS,
      providers: [
        {
          provide: JobOrchestrator,
          inject: [EVENT_STORE, READ_STORE, MessagingClient],
          useFactory: (events: EventStore, readStore: ReadStore, messaging: MessagingClient) =>
            new JobOrchestrator({ events, readStore, messaging, logger: createLogger({ name: 'job-orchestrator' }), ...settings }),
        },
        runWithApp(JobOrchestrator),
        ...HANDLERS,
      ],
      exports: [JobOrchestrator],
    };
  }

  /** The message handlers of an orchestrator built and started elsewhere (an int spec's), for a NATS transport to serve. */
  static forInstance(orchestrator: JobOrchestrator): DynamicModule {
    return { module: JobOrchestratorModule, controllers: CONTROLLERS, providers: [{ provide: JobOrchestrator, useValue: orchestrator }, ...HANDLERS] };
  }
}
