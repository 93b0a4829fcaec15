import type { FindingMute } from '@strata/audit-domain';
import { findingMutesCollection, findingsCollection, type MuteApplier } from '@strata/audit-feature';
import { DomainError } from '@strata/contracts';
import type { ReadStore } from '@strata/platform-read-store';
import type { FindingView } from '../findings-api.schemas';
import { toFindingView } from '../finding-views';
import { TenantMoney } from '@strata/tenancy-settings';
import { findingNotFound } from '../get-finding/finding-details';
import type { MuteFindingRequest } from './mutes.schemas';

export const muteNotFound = (findingId: string): DomainError => new DomainError('mute_not_found', `finding "${findingId}" has no mute`);

/**
 * `POST` / `DELETE .../findings/{id}/mute`: a finding's own mute. The mute is stored (one per
 * finding, a new one replacing it), then the tenant's mutes are re-applied to the finding at once:
 * a violated finding is muted (or, once its mute is deleted, muted by a mute rule that still
 * matches, else open again), with its history entry and event. A resolved finding keeps its
 * status; its mute applies if it comes back.
 */
export class FindingMuting {
  constructor(
    private readonly readStore: ReadStore,
    private readonly applier: MuteApplier,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async mute(tenantId: string, findingId: string, request: MuteFindingRequest, by: string | null): Promise<FindingView> {
    await this.require(tenantId, findingId);
    const mute: FindingMute = { finding_id: findingId, reason: request.reason, until: request.until ?? null, created_by: by, created_at: this.clock().toISOString() };
    await this.readStore.collection(findingMutesCollection).forTenant(tenantId).upsert(findingId, mute);
    return this.reapplied(tenantId, findingId);
  }

  async unmute(tenantId: string, findingId: string): Promise<FindingView> {
    await this.require(tenantId, findingId);
    const deleted = await this.readStore.collection(findingMutesCollection).forTenant(tenantId).delete(findingId);
    if (!deleted) throw muteNotFound(findingId);
    return this.reapplied(tenantId, findingId);
  }

  /** Tenant-scoped: another tenant's finding is not found either. */
  private async require(tenantId: string, findingId: string): Promise<void> {
    if (!(await this.readStore.collection(findingsCollection).forTenant(tenantId).get(findingId))) throw findingNotFound(findingId);
  }

  private async reapplied(tenantId: string, findingId: string): Promise<FindingView> {
    const record = (await this.applier.reapply(tenantId, [findingId])).records.get(findingId);
    if (!record) throw findingNotFound(findingId);
    return toFindingView(findingId, record, await TenantMoney.of(this.readStore, tenantId));
  }
}
