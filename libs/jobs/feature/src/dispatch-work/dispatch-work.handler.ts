import { isTerminalStatus, jobStreamName, subjects, workItemMsgId, type DiscoveryWorkItem, type EventEnvelope, type JobRequested } from '@strata/contracts';
import type { EventStore } from '@strata/platform-event-store';
import { PoisonMessageError, type MessagingClient } from '@strata/platform-messaging';
import { asJobEvent, foldJobView } from '../orchestrator/job-command-handler';

/** Publishes one work item per plugin once a job has started (at least once; the msgId dedupes). */
export class DispatchWorkHandler {
  constructor(
    private readonly events: EventStore,
    private readonly messaging: MessagingClient,
  ) {}

  async handle(started: EventEnvelope): Promise<void> {
    const { jobId } = started.data as { jobId: string };
    const stored = (await this.events.read(jobStreamName(jobId))).map(asJobEvent);
    const requested = stored.find((event): event is JobRequested => event.type === 'JobRequested');
    if (!requested) throw new PoisonMessageError(`job ${jobId} has no JobRequested event`);
    const view = foldJobView(stored);
    if (!view || isTerminalStatus(view.status)) return;
    const { tenantId, plugins, credentialId, pluginConfigs, pluginCredentials } = requested.data;
    for (const plugin of plugins) {
      const item: DiscoveryWorkItem = {
        tenantId,
        jobId,
        plugin,
        credentialId: pluginCredentials?.[plugin] ?? credentialId,
        config: pluginConfigs[plugin] ?? {},
      };
      await this.messaging.publish(subjects.discoveryWork(plugin), item, { msgId: workItemMsgId(item) });
    }
  }
}
