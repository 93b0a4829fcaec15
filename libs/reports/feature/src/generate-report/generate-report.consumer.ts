import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { JetStreamConsumer, NatsMessageContext } from '@strata/platform-messaging';
import { GenerateReportHandler } from './generate-report.handler';
import { REPORT_GENERATOR_DURABLE, reportWorkItemSchema, type ReportWorkItem } from './report-work-item';

/**
 * Every requested report, from `work.reports.<tenant>` (durable `report-generator`, shared by
 * every generator): a generator that dies mid-report never acks, so the item is redelivered and
 * the report generated again.
 */
@Controller()
export class GenerateReportConsumer {
  constructor(@Inject(GenerateReportHandler) private readonly handler: GenerateReportHandler) {}

  @JetStreamConsumer({ stream: 'work', durable: REPORT_GENERATOR_DURABLE, filterSubject: 'work.reports.>', schema: reportWorkItemSchema, concurrency: 2 })
  generate(@Payload() item: ReportWorkItem, @Ctx() context: NatsMessageContext): Promise<void> {
    return this.handler.handle(item, context.getDeliveryCount() ?? 1);
  }
}
