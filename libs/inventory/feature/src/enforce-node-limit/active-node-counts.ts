import type { ReadStore } from '@strata/platform-read-store';
import { nodesCollection } from '../read-model/inventory-collections';

export interface ActiveNodeCountsOptions {
  readStore: ReadStore;
  /**
   * How long a count is trusted before it is counted again (default 10 s). Writes of this
   * process keep it exact; the recount picks up what other inventory processes did meanwhile.
   */
  maxAgeMs?: number;
  /** Milliseconds now (default `Date.now`). */
  now?: () => number;
}

interface Entry {
  count: number;
  countedAt: number;
}

const DEFAULT_MAX_AGE_MS = 10_000;

/**
 * Each tenant's active node count, as the node limit check reads it before every batch.
 * Counting is an index walk over every active node (about 0.1 s per million on SQLite), too much
 * per batch of 500, so the count is kept here: this process adds what it activates and forgets
 * the count when it removes nodes (reconcile); a count older than `maxAgeMs` is made afresh.
 */
export class ActiveNodeCounts {
  private readonly entries = new Map<string, Entry>();
  private readonly maxAgeMs: number;
  private readonly now: () => number;

  constructor(private readonly options: ActiveNodeCountsOptions) {
    this.maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
    this.now = options.now ?? Date.now;
  }

  async current(tenantId: string): Promise<number> {
    const entry = this.entries.get(tenantId);
    if (entry && this.now() - entry.countedAt < this.maxAgeMs) return entry.count;
    const countedAt = this.now();
    const count = await this.options.readStore.collection(nodesCollection).forTenant(tenantId).count({ status: 'active' });
    this.entries.set(tenantId, { count, countedAt });
    return count;
  }

  /** `n` nodes of the tenant became active in this process (after they are written). */
  activated(tenantId: string, n: number): void {
    const entry = this.entries.get(tenantId);
    if (entry && n > 0) entry.count += n;
  }

  /** Nodes of the tenant were removed, or a write failed half-way: count afresh next time. */
  forget(tenantId: string): void {
    this.entries.delete(tenantId);
  }
}
