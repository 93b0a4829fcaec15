import type { FindingRecord } from '@strata/audit-domain';
import { findingsCollection } from '@strata/audit-feature';
import { InvalidCursorError, type FindPage, type ReadStore, type TenantCollection, type Where } from '@strata/platform-read-store';
import type { TenantCatalogs } from '../findings-catalog';
import type { FindingListView, ListFindingsQuery } from '../findings-api.schemas';
import { roundUsd, toFindingView } from '../finding-views';
import { TenantMoney } from '@strata/tenancy-settings';
import { decodeCursor, encodeCursor, invalidCursor, queryIdOf } from './list-cursor';
import { planFindingList } from './finding-list-plan';


/** `GET .../findings`: a tenant's findings, filtered and sorted, in keyset pages, with the total and savings of all of them. */
export class FindingListing {
  constructor(
    private readonly readStore: ReadStore,
    private readonly catalogs: TenantCatalogs,
  ) {}

  async list(tenantId: string, query: ListFindingsQuery): Promise<FindingListView> {
    const plan = planFindingList(query, await this.catalogs.forTenant(tenantId));
    const { limit, cursor } = query;
    // The plan is the query normalised (lists sorted and unique): equal queries share cursors.
    const queryId = queryIdOf(tenantId, plan);
    const findings = this.readStore.collection(findingsCollection).forTenant(tenantId);
    const storeCursor = cursor === undefined ? undefined : decodeCursor(cursor, queryId);
    let page: FindPage<FindingRecord>;
    try {
      page = await findings.find({ where: plan.where, sort: plan.sort, limit, ...(storeCursor !== undefined ? { cursor: storeCursor } : {}) });
    } catch (error) {
      // A store cursor inside ours that the store refuses: tampered with.
      if (error instanceof InvalidCursorError) throw invalidCursor();
      throw error;
    }
    const [total, savings, money] = await Promise.all([findings.count(plan.where), savingsOf(findings, plan.where), TenantMoney.of(this.readStore, tenantId)]);
    const next = page.nextCursor === undefined ? null : encodeCursor(queryId, page.nextCursor);
    return {
      items: page.items.map(({ id, doc }) => toFindingView(id, doc, money)),
      page: { limit, next_cursor: next, has_more: next !== null },
      total,
      estimated_monthly_savings: money.amount(savings),
      currency: money.currency,
    };
  }
}

/** The known savings of the findings `where` matches, summed by the store, to the cent. */
export async function savingsOf(findings: TenantCollection<FindingRecord>, where: Where<FindingRecord>): Promise<number> {
  return roundUsd(await findings.sum('monthly_savings_usd', where));
}
