import { isJobEndEvent, JOB_CATEGORY } from '@strata/contracts';
import type { StoredEvent } from '@strata/platform-event-store';
import type { DurableConsumer, MessagingClient } from '@strata/platform-messaging';
import type { Logger } from '@strata/platform-observability';
import type { Runnable } from '@strata/platform-runtime';
import type { CredentialsService } from './credentials.service';

export interface InlineCredentialJanitorOptions {
  messaging: MessagingClient;
  credentials: CredentialsService;
  logger?: Logger;
}

/**
 * Deletes the credentials made from secrets a job gave inline (a kubeconfig in its config) once
 * the job has ended, as the relayed job events say: the secret was given for that job, so it is
 * not kept for anyone to reuse. Every plugin run of the job has resolved it by then, and a
 * redelivered end event finds nothing left to delete.
 */
export class InlineCredentialJanitor implements Runnable {
  private consumer: DurableConsumer<StoredEvent> | undefined;

  constructor(private readonly options: InlineCredentialJanitorOptions) {}

  async start(): Promise<void> {
    this.consumer = await this.options.messaging.consume<StoredEvent>({
      stream: 'events',
      durable: 'inline-credential-janitor',
      filterSubject: `events.*.${JOB_CATEGORY}.>`,
      concurrency: 4,
      handler: ({ data }) => this.onJobEvent(data),
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
  }

  private async onJobEvent(event: StoredEvent): Promise<void> {
    if (!isJobEndEvent(event.type)) return;
    const { tenantId } = event.metadata;
    const { jobId } = event.data as { jobId: string };
    const deleted = await this.options.credentials.deleteOfJob(tenantId, jobId);
    if (deleted > 0) this.options.logger?.info({ tenantId, jobId, deleted }, 'deleted the inline credentials of an ended job');
  }
}
