import { isJobEndEvent, JOB_CATEGORY, splitEventType, type EventEnvelope } from '@strata/contracts';
import type { Logger } from '@strata/platform-observability';
import type { CredentialsService } from './credentials.service';

export interface InlineCredentialJanitorOptions {
  credentials: CredentialsService;
  logger?: Logger;
}

/**
 * Deletes the credentials made from secrets a job gave inline (a kubeconfig in its config) once
 * the job has ended, as the relayed job events say: the secret was given for that job, so it is
 * not kept for anyone to reuse. Every plugin run of the job has resolved it by then, and a
 * redelivered end event finds nothing left to delete. Its consumer is a controller the app's NATS
 * transport serves (`inline-credential-janitor.consumer.ts`).
 */
export class InlineCredentialJanitor {
  constructor(private readonly options: InlineCredentialJanitorOptions) {}

  async onJobEvent(event: EventEnvelope): Promise<void> {
    const { category, name } = splitEventType(event.type);
    if (category !== JOB_CATEGORY || !isJobEndEvent(name)) return;
    const tenantId = event.tenant_id;
    const { jobId } = event.data as { jobId: string };
    const deleted = await this.options.credentials.deleteOfJob(tenantId, jobId);
    if (deleted > 0) this.options.logger?.info({ tenantId, jobId, deleted }, 'deleted the inline credentials of an ended job');
  }
}
