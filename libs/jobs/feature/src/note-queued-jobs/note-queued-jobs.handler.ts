import { discoveryDurableName, type PluginRunQueue } from '@strata/contracts';
import type { JobCommand } from '@strata/jobs-domain';
import type { MessagingClient } from '@strata/platform-messaging';
import type { ReadStore } from '@strata/platform-read-store';
import type { JobCommandHandler } from '../orchestrator/job-command-handler';
import { queuedJobsCollection, SYSTEM_TENANT } from '../read-model/jobs-collection';

/**
 * Tells each job that has been pending longer than the queue notice why, from its plugins' work
 * queues: whether any worker ever connected, and how many runs wait and are in progress (run by
 * the orchestrator's sweep, up to 100 jobs a sweep).
 */
export class NoteQueuedJobsHandler {
  constructor(
    private readonly commands: JobCommandHandler,
    private readonly readStore: ReadStore,
    private readonly messaging: MessagingClient,
    private readonly queueNoticeMs: number,
    private readonly now: () => Date,
  ) {}

  async sweep(): Promise<void> {
    const cutoff = new Date(this.now().getTime() - this.queueNoticeMs).toISOString();
    const queued = this.readStore.collection(queuedJobsCollection).forTenant(SYSTEM_TENANT);
    const due = await queued.find({ where: { pending_since: { $lt: cutoff } }, sort: { field: 'pending_since' }, limit: 100 });
    // One look at each plugin's queue per sweep, however many of its jobs wait.
    const queues = new Map<string, Promise<PluginRunQueue>>();
    const queueOf = (plugin: string): Promise<PluginRunQueue> => {
      let queue = queues.get(plugin);
      if (!queue) {
        queue = this.messaging.backlog('work', discoveryDurableName(plugin)).then((backlog) => ({
          plugin,
          workersSeen: backlog !== undefined,
          runsWaiting: backlog?.waiting ?? 0,
          runsInProgress: backlog?.inProgress ?? 0,
        }));
        queues.set(plugin, queue);
      }
      return queue;
    };
    for (const { doc } of due.items) {
      const command: JobCommand = { type: 'NoteStillQueued', queues: await Promise.all(doc.plugins.map(queueOf)), now: this.now().toISOString() };
      await this.commands.execute(doc.job_id, command, { tenantId: doc.tenant_id });
    }
  }
}
