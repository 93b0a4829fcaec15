import { GraphSummarizer, type GraphSummary } from '@strata/inventory-feature';
import type { ReadStore } from '@strata/platform-read-store';

/**
 * `GET .../graph/summary`: the summary the tenant's last reconcile stored (one document), or
 * counted now for a tenant not reconciled yet (index counts, not a read of every node).
 */
export class GraphSummaryReader {
  private readonly summarizer: GraphSummarizer;

  constructor(readStore: ReadStore) {
    this.summarizer = new GraphSummarizer({ readStore });
  }

  async get(tenantId: string): Promise<GraphSummary> {
    return (await this.summarizer.stored(tenantId)) ?? this.summarizer.compute(tenantId);
  }
}
