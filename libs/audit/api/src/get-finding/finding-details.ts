import { findingsCollection } from '@strata/audit-feature';
import { DomainError } from '@strata/contracts';
import type { ReadStore } from '@strata/platform-read-store';
import type { TenantCatalogs } from '../findings-catalog';
import type { FindingDetailView } from '../findings-api.schemas';
import { toFindingView } from '../finding-views';
import { TenantMoney } from '@strata/tenancy-settings';

export const findingNotFound = (id: string): DomainError => new DomainError('finding_not_found', `finding "${id}" does not exist`);

/** `GET .../findings/{id}`: the finding, its rule's guidance and its history. */
export class FindingDetails {
  constructor(
    private readonly readStore: ReadStore,
    private readonly catalogs: TenantCatalogs,
  ) {}

  async get(tenantId: string, findingId: string): Promise<FindingDetailView> {
    // Tenant-scoped: another tenant's finding is not found here either.
    const record = await this.readStore.collection(findingsCollection).forTenant(tenantId).get(findingId);
    if (!record) throw findingNotFound(findingId);
    const rule = (await this.catalogs.forTenant(tenantId)).rule(record.rule_id);
    return {
      ...toFindingView(findingId, record, await TenantMoney.of(this.readStore, tenantId)),
      description: rule ? rule.document.description || null : null,
      remediation: rule ? rule.document.remediation : null,
      references: rule ? [...rule.document.references] : [],
      history: record.history.map((entry) => ({
        event: entry.event,
        at: entry.at,
        job_id: entry.job_id,
        ...(entry.reason !== undefined ? { reason: entry.reason } : {}),
        ...(entry.by !== undefined ? { by: entry.by } : {}),
      })),
    };
  }
}
