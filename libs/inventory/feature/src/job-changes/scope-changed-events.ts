import { eventEnvelope, INVENTORY_CATEGORY, SCOPE_CHANGED, SCOPE_CHANGED_MAX_CHANGES, subjects, type ScopeChangedEventData } from '@strata/contracts';
import { CLOUD_LINK_SCOPE, type ScopeChangeSummary } from '@strata/inventory-domain';
import type { MessagingClient } from '@strata/platform-messaging';
import type { ReadStore } from '@strata/platform-read-store';
import { jobChangeSummariesCollection, reconciliationsCollection } from '../read-model/inventory-collections';
import { firstJobChanges } from './job-change-sources';

/** The id of a job's `ScopeChanged` event for `scope`: the same for every repeat, so NATS drops a repeat as a duplicate. */
export const scopeChangedEventId = (jobId: string, scope: string): string => `inventory:${jobId}:scope-changed:${scope}`;

/**
 * Publishes `inventory.ScopeChanged` for a reconciled job: one envelope per scope of the job
 * (zero counts and no changes for a scope it found as it was: a subscriber learns that the
 * nightly scan saw no drift), on `events.<tenant>.inventory.ScopeChanged`, where the
 * event feed and the notifier's webhooks pick it up as they do every event. Published by
 * inventory itself, as the audit engine publishes its events, with a deterministic msgId: a
 * reconcile redelivered publishes the same events again and JetStream keeps one of each.
 */
export class ScopeChangedEvents {
  constructor(
    private readonly readStore: ReadStore,
    private readonly messaging: MessagingClient,
  ) {}

  async publish(tenantId: string, jobId: string): Promise<number> {
    const summary = await this.readStore.collection(jobChangeSummariesCollection).forTenant(tenantId).get(jobId);
    if (!summary) return 0;
    const reconciliation = await this.readStore.collection(reconciliationsCollection).forTenant(tenantId).get(jobId);
    const counted = new Map(summary.scopes.map((scope) => [scope.scope, scope]));
    const scopes = [...new Set([...(reconciliation?.scopes ?? []), ...counted.keys()])]
      .filter((scope) => scope !== CLOUD_LINK_SCOPE)
      .sort()
      .map((scope): ScopeChangeSummary => counted.get(scope) ?? { scope, nodes: { added: 0, changed: 0, removed: 0 }, edges: { added: 0, removed: 0 }, by_type: [] });
    for (const scope of scopes) {
      const data = await this.eventData(tenantId, jobId, scope);
      const id = scopeChangedEventId(jobId, scope.scope);
      const envelope = eventEnvelope({ id, category: INVENTORY_CATEGORY, name: SCOPE_CHANGED, tenantId, time: summary.computed_at, data });
      await this.messaging.publish(subjects.event(tenantId, INVENTORY_CATEGORY, SCOPE_CHANGED), envelope, { msgId: id });
    }
    return scopes.length;
  }

  private async eventData(tenantId: string, jobId: string, scope: ScopeChangeSummary): Promise<ScopeChangedEventData> {
    const first = await firstJobChanges(this.readStore, tenantId, jobId, { scope: scope.scope }, SCOPE_CHANGED_MAX_CHANGES);
    return { jobId, scope: scope.scope, nodes: scope.nodes, edges: scope.edges, changes: first.items, more: first.more };
  }
}
