import type { AuditContext, FindingEventKind, FindingRecord, FindingWrite } from '@strata/audit-domain';
import { eventEnvelope, subjects } from '@strata/contracts';
import type { MessagingClient } from '@strata/platform-messaging';

/** The wire names of a finding's events (`events.<tenant>.finding.<type>`). */
export const FINDING_EVENT_TYPES: Readonly<Record<FindingEventKind, string>> = {
  opened: 'FindingOpened',
  reopened: 'FindingOpened',
  resolved: 'FindingResolved',
  muted: 'FindingMuted',
  unmuted: 'FindingUnmuted',
};

/** What a finding event carries: enough to act on without reading the finding. */
export function findingEventData(findingId: string, record: FindingRecord, event: FindingEventKind, context: AuditContext) {
  return {
    findingId,
    ruleId: record.rule_id,
    title: record.title,
    kind: record.kind,
    severity: record.severity,
    status: record.status,
    reopened: event === 'reopened',
    node: { id: record.node_id, type: record.node_type, name: record.node_name, account: record.account, region: record.region },
    scope: record.scope,
    reason: record.reason,
    estimatedMonthlySavings: record.monthly_savings_usd,
    mute: record.mute,
    jobId: context.jobId,
    at: context.now,
  };
}

/**
 * Publishes a page's finding events as envelopes (`finding.FindingOpened`, ...), like every event
 * on `events.>`. The id
 * names the finding, the change and the job, so a redelivered audit publishes nothing twice
 * (JetStream drops a repeated msgId). Published after the write: a crash between the two loses
 * the events of that page, never invents one.
 */
export async function publishFindingEvents(messaging: Pick<MessagingClient, 'publish'>, tenantId: string, writes: readonly FindingWrite[], context: AuditContext): Promise<void> {
  const publishes: Promise<unknown>[] = [];
  for (const { record, transitions } of writes) {
    for (const { findingId, event } of transitions) {
      const type = FINDING_EVENT_TYPES[event];
      const id = `finding:${findingId}:${event}:${context.jobId ?? context.now}`;
      const message = eventEnvelope({ id, category: 'finding', name: type, tenantId, time: context.now, data: findingEventData(findingId, record, event, context) });
      publishes.push(messaging.publish(subjects.event(tenantId, 'finding', type), message, { msgId: id }));
    }
  }
  await Promise.all(publishes);
}
