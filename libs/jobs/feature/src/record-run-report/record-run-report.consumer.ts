import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { JobReport } from '@strata/contracts';
import { JetStreamConsumer, NatsMessageContext } from '@strata/platform-messaging';
import { RecordRunReportHandler } from './record-run-report.handler';

/** The reports of every job, from `work.jobs.reports.<tenant>` (WORK stream: each handled once). */
@Controller()
export class RecordRunReportConsumer {
  constructor(@Inject(RecordRunReportHandler) private readonly handler: RecordRunReportHandler) {}

  @JetStreamConsumer({ stream: 'work', durable: 'job-orchestrator', filterSubject: 'work.jobs.reports.>', concurrency: 4 })
  record(@Payload() report: JobReport, @Ctx() context: NatsMessageContext): Promise<void> {
    return this.handler.handle(context.toConsumedMessage(report));
  }
}
