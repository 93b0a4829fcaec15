import { envelopeMatchesSubject, type EventEnvelope } from '@strata/contracts';
import { type ConsumedMessage, PoisonMessageError } from '@strata/platform-messaging';
import { createLogger, type Logger } from '@strata/platform-observability';
import { findAll } from '@strata/platform-read-store';
import { notificationContent, type FindingFacts, type JobFacts } from '../compose-notification/notification-content';
import { composeNotificationMessage } from '../compose-notification/notification-message';
import {
  channelDeliveriesCollection,
  channelDeliveryId,
  channelsCollection,
  type ChannelDeliveryRecord,
  type ChannelRecord,
} from '../notification-model/notification-collections';
import type { NotificationsOptions } from '../notification-model/notification-options';
import type { NotificationSeverity } from '../notification-model/notification-severity';
import { openChannel, redact, secretsOf } from '../notification-model/open-channel';
import { decideNotification, type NotificationPolicy } from '../notification-policy/decide-notification';
import { readNotificationPolicy } from '../notification-policy/read-notification-policy';
import type { ChannelSender } from '../send-notification/channel-sender';
import type { SendOutcome } from '../send-notification/notification-message';
import { notifiedFindingsView, notifiedJobsView, type NotifiedFindingView, type NotifiedJobView } from './job-read-views';

export const JOB_COMPLETED_DURABLE = 'notify-job-completed';
export const JOB_FAILED_DURABLE = 'notify-job-failed';

/** The job's read model has not folded its end yet (the projection and the relay run apart): try again shortly. */
export class JobNotProjectedYetError extends Error {
  constructor(jobId: string) {
    super(`job ${jobId} is not yet shown as ended in the jobs read model; retrying`);
    this.name = 'JobNotProjectedYetError';
  }
}

/** Some channels failed in a way worth retrying; the ones that got the notification are marked and skipped next time. */
export class ChannelsToRetryError extends Error {
  constructor(readonly channelIds: readonly string[]) {
    super(`notification not yet delivered to channel(s) ${channelIds.join(', ')}; retrying`);
    this.name = 'ChannelsToRetryError';
  }
}

export interface JobCompletionNotifierOptions extends Omit<NotificationsOptions, 'dispatcher' | 'allowPrivate'> {
  sender: ChannelSender;
  /** The consumer's deliveries per event: on the last one, a channel still failing is recorded as given up. */
  maxDeliver: number;
  logger?: Logger;
}

const PAGE = 1_000;

/**
 * Notifies a tenant's enabled channels when one of its jobs ends (`job.JobCompleted`,
 * `job.JobFailed` envelopes), as its policy says. At least once per channel: a channel that
 * failed in a way worth retrying makes the handler throw (the consumer redelivers the event after
 * a growing delay), and a channel that already got it is skipped on every redelivery
 * (`notify_channel_deliveries`, per event and channel).
 */
export class JobCompletionNotifier {
  private readonly logger: Logger;

  constructor(private readonly options: JobCompletionNotifierOptions) {
    this.logger = options.logger ?? createLogger({ name: 'notifier' });
  }

  async onJobEnded(message: ConsumedMessage<EventEnvelope>): Promise<void> {
    const envelope = message.data;
    const outcome = envelope.type === 'job.JobCompleted' ? 'completed' : envelope.type === 'job.JobFailed' ? 'failed' : undefined;
    if (!outcome) throw new PoisonMessageError(`not a job end: ${envelope.type}`);
    const tenantId = envelope.tenant_id;
    // events.<tenant>.job.<Name>
    if (!envelopeMatchesSubject(message.subject, envelope)) throw new PoisonMessageError(`${envelope.type} for tenant ${tenantId} arrived on ${message.subject}`);
    const jobId = envelope.data['jobId'];
    if (typeof jobId !== 'string' || jobId === '') throw new PoisonMessageError(`${envelope.type} ${envelope.id} has no jobId`);

    const channels = await this.enabledChannels(tenantId);
    if (channels.length === 0) return;
    const job = await this.options.readStore.collection(notifiedJobsView).forTenant(tenantId).get(jobId);
    if (!job || !['completed', 'failed', 'cancelled'].includes(job.status)) throw new JobNotProjectedYetError(jobId);
    if (job.status !== outcome) throw new PoisonMessageError(`${envelope.type} of job ${jobId}, which ended ${job.status}`);

    const policy = await this.policy(tenantId);
    const newFindings = outcome === 'completed' ? await this.newFindings(tenantId, jobId) : [];
    const decision = decideNotification(policy, outcome, newFindings);
    if (!decision.send) {
      this.logger.debug({ tenantId, jobId, reason: decision.reason }, 'job end not notified');
      return;
    }
    const content = notificationContent({ tenantId, job: jobFacts(job, outcome, envelope.time), findings: decision.findings.map(findingFacts), minSeverity: policy.min_severity, publicUrl: this.options.settings.publicUrl });
    const notification = composeNotificationMessage(content, envelope.time);

    const results = await Promise.all(
      channels.map(async (record) => {
        const id = channelDeliveryId(envelope.id, record.id);
        const deliveries = this.options.readStore.collection(channelDeliveriesCollection).forTenant(tenantId);
        const previous = await deliveries.get(id);
        if (previous && previous.status !== 'retrying') {
          this.logger.debug({ tenantId, jobId, eventId: envelope.id, channelId: record.id, status: previous.status }, 'channel already handled this event');
          return { channelId: record.id, retry: false };
        }
        const attempts = (previous?.attempts ?? 0) + 1;
        let sent: SendOutcome;
        try {
          sent = await this.options.sender.send(openChannel(this.options.secretKey, tenantId, record), notification, id, attempts);
        } catch (error) {
          // A seal that does not open (another key) cannot get better.
          sent = { kind: 'final', status_code: null, latency_ms: 0, error: `the channel could not be opened: ${(error as Error).name}` };
        }
        const givingUp = sent.kind === 'retry' && message.deliveryCount >= this.options.maxDeliver;
        const status: ChannelDeliveryRecord['status'] = sent.kind === 'delivered' ? 'sent' : sent.kind === 'final' || givingUp ? 'failed' : 'retrying';
        const error = sent.kind === 'delivered' ? null : `${redact(sent.error, safeSecrets(this.options, tenantId, record))}${givingUp ? ` (gave up after ${attempts} attempts)` : ''}`;
        await deliveries.upsert(id, { event_id: envelope.id, channel_id: record.id, job_id: jobId, status, attempts, error, updated_at: this.options.clock().toISOString() });
        if (status !== 'sent') this.logger.warn({ tenantId, jobId, channelId: record.id, method: record.method, status, attempts, error }, 'notification not delivered');
        return { channelId: record.id, retry: status === 'retrying' };
      }),
    );
    const retry = results.filter((result) => result.retry).map((result) => result.channelId);
    if (retry.length > 0) throw new ChannelsToRetryError(retry);
  }

  private async enabledChannels(tenantId: string): Promise<ChannelRecord[]> {
    const channels: ChannelRecord[] = [];
    for await (const { doc } of findAll(this.options.readStore.collection(channelsCollection).forTenant(tenantId), { where: { enabled: true }, limit: 200 })) channels.push(doc);
    return channels;
  }

  private async policy(tenantId: string): Promise<NotificationPolicy> {
    const { notification_trigger_mode, min_severity } = await readNotificationPolicy(this.options.readStore, tenantId);
    return { notification_trigger_mode, min_severity };
  }

  private async newFindings(tenantId: string, jobId: string): Promise<(NotifiedFindingView & { id: string })[]> {
    const findings: (NotifiedFindingView & { id: string })[] = [];
    for await (const { id, doc } of findAll(this.options.readStore.collection(notifiedFindingsView).forTenant(tenantId), { where: { opened_in_job: jobId }, limit: PAGE })) findings.push({ ...doc, id });
    return findings;
  }
}

/** Belt and braces: the sender already redacts; this covers an error raised before it could. */
function safeSecrets(options: Pick<JobCompletionNotifierOptions, 'secretKey'>, tenantId: string, record: ChannelRecord): string[] {
  try {
    return secretsOf(openChannel(options.secretKey, tenantId, record));
  } catch {
    return [];
  }
}

function durationOf(job: NotifiedJobView): number | null {
  if (job.stats) return job.stats.duration_seconds;
  if (!job.started_at || !job.completed_at) return null;
  return Math.max(0, Math.round((Date.parse(job.completed_at) - Date.parse(job.started_at)) / 1000));
}

export function jobFacts(job: NotifiedJobView, outcome: 'completed' | 'failed', endedAt: string): JobFacts {
  const { stats } = job;
  return {
    id: job.id,
    name: job.name,
    status: outcome,
    plugins: job.plugins,
    duration_seconds: durationOf(job),
    stats: stats
      ? {
          nodes_discovered: stats.nodes_discovered,
          nodes_updated: stats.nodes_updated,
          nodes_removed: stats.nodes_removed,
          edges_created: stats.edges_created,
          findings_created: stats.findings_created,
          findings_resolved: stats.findings_resolved,
        }
      : null,
    error: job.error ? { code: job.error.code, message: job.error.message } : null,
    ended_at: job.completed_at ?? endedAt,
    estimated_monthly_savings: job.estimated_monthly_savings ?? null,
    currency: job.currency ?? 'USD',
  };
}

function findingFacts(finding: NotifiedFindingView & { id: string }): FindingFacts {
  return {
    id: finding.id,
    title: finding.title,
    severity: finding.severity as NotificationSeverity,
    kind: finding.kind,
    resource: `${finding.node_type} ${finding.node_name}`,
    monthly_savings_usd: finding.monthly_savings_usd,
  };
}
