import { Controller, Inject, type Type } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { eventEnvelopeSchema, type EventEnvelope } from '@strata/contracts';
import { JetStreamConsumer, NatsMessageContext, type RedeliveryBackoff } from '@strata/platform-messaging';
import { JOB_COMPLETED_DURABLE, JOB_FAILED_DURABLE, JobCompletionNotifier } from './job-completion-notifier';

export interface JobCompletionConsumerTuning {
  maxDeliver: number;
  backoff: RedeliveryBackoff;
}

/**
 * Two durables on EVENTS, one per job end, both from the moment they are first created
 * (`deliverPolicy: 'new'`: a new installation does not notify the jobs of the last 30 days).
 */
export function jobCompletionConsumer({ maxDeliver, backoff }: JobCompletionConsumerTuning): Type<unknown> {
  const common = { stream: 'events' as const, schema: eventEnvelopeSchema, concurrency: 4, maxDeliver, backoff, deliverPolicy: 'new' as const };

  @Controller()
  class JobCompletionConsumer {
    constructor(@Inject(JobCompletionNotifier) private readonly notifier: JobCompletionNotifier) {}

    @JetStreamConsumer({ ...common, durable: JOB_COMPLETED_DURABLE, filterSubject: 'events.*.job.JobCompleted' })
    completed(@Payload() envelope: EventEnvelope, @Ctx() context: NatsMessageContext): Promise<void> {
      return this.notifier.onJobEnded(context.toConsumedMessage(envelope));
    }

    @JetStreamConsumer({ ...common, durable: JOB_FAILED_DURABLE, filterSubject: 'events.*.job.JobFailed' })
    failed(@Payload() envelope: EventEnvelope, @Ctx() context: NatsMessageContext): Promise<void> {
      return this.notifier.onJobEnded(context.toConsumedMessage(envelope));
    }
  }
  return JobCompletionConsumer;
}
