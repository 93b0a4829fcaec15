import type { ReadStore } from '@strata/platform-read-store';
import type { JobCommandHandler } from '../orchestrator/job-command-handler';
import { activeJobsCollection, SYSTEM_TENANT } from '../read-model/jobs-collection';

/**
 * Fails with `worker_timeout` the running jobs that heard nothing for `silenceTimeoutMs` from
 * what their phase waits for (run by the orchestrator's sweep, up to 100 jobs a sweep).
 */
export class TimeOutSilentJobsHandler {
  constructor(
    private readonly commands: JobCommandHandler,
    private readonly readStore: ReadStore,
    private readonly silenceTimeoutMs: number,
    private readonly now: () => Date,
  ) {}

  async sweep(): Promise<void> {
    const cutoff = new Date(this.now().getTime() - this.silenceTimeoutMs).toISOString();
    const active = this.readStore.collection(activeJobsCollection).forTenant(SYSTEM_TENANT);
    const silent = await active.find({ where: { last_activity_at: { $lt: cutoff } }, sort: { field: 'last_activity_at' }, limit: 100 });
    for (const { doc } of silent.items) {
      await this.commands.execute(doc.job_id, { type: 'TimeOutJob', silentSince: doc.last_activity_at, now: this.now().toISOString() }, { tenantId: doc.tenant_id });
    }
  }
}
