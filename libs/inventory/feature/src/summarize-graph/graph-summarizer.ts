import type { ResourceNode } from '@strata/contracts';
import { findAll, type DocumentEntry, type ReadStore } from '@strata/platform-read-store';
import {
  GRAPH_SUMMARY_ID,
  graphDimensionsCollection,
  graphSummariesCollection,
  nodesCollection,
  statusKey,
  type GraphDimensionValue,
  type GraphSummary,
} from '../read-model/inventory-collections';
import { SummaryRefreshSchedule, type SummaryRefreshScheduleOptions } from './summary-refresh-schedule';

export interface GraphSummarizerOptions {
  readStore: ReadStore;
  clock?: () => Date;
  /** When ingest's changes are counted without a reconcile (see {@link SummaryRefreshSchedule}). */
  refreshSchedule?: Pick<SummaryRefreshScheduleOptions, 'quietMs' | 'minIntervalMs'>;
  /** A refresh {@link GraphSummarizer.changed} scheduled failed (default: ignored; the next change retries). */
  onRefreshError?: (tenantId: string, error: unknown) => void;
}

const PAGE_SIZE = 1_000;

const dimensionId = (value: GraphDimensionValue): string => `${value.dimension}:${value.value}`;

function dimensionsOf(nodes: readonly ResourceNode[]): GraphDimensionValue[] {
  const values = new Map<string, GraphDimensionValue>();
  const add = (value: GraphDimensionValue) => {
    const id = dimensionId(value);
    if (!values.has(id)) values.set(id, value);
  };
  for (const node of nodes) {
    add({ dimension: 'type', value: node.type, provider: node.provider });
    if (node.account !== undefined) add({ dimension: 'account', value: node.account });
    if (node.region !== undefined) add({ dimension: 'region', value: node.region });
  }
  return [...values.values()];
}

/**
 * The graph summary: active nodes counted by provider, type, account and region. Counting by
 * reading every node would parse a million documents; instead each count is an index walk
 * (`status_type = active|<type>`, ...) over the values the tenant's nodes have had, which ingest
 * registers as it sees them. The stored summary is refreshed by each reconcile and, for what
 * ingest changes without one (a job cancelled part-way, a long job before its reconcile), once
 * ingest pauses ({@link changed}), so reading it costs one document; `computed_at` says as of when.
 */
export class GraphSummarizer {
  private readonly clock: () => Date;
  /** Dimension values this process knows are stored, per tenant: each is written once. */
  private readonly registered = new Map<string, Set<string>>();
  private readonly schedule: SummaryRefreshSchedule;
  /** The refresh running or queued last, per tenant. */
  private readonly refreshing = new Map<string, Promise<GraphSummary>>();

  constructor(private readonly options: GraphSummarizerOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.schedule = new SummaryRefreshSchedule({
      refresh: (tenantId) => this.refresh(tenantId),
      onError: options.onRefreshError ?? (() => undefined),
      ...options.refreshSchedule,
    });
  }

  /** Ingest activated nodes of the tenant: its summary is refreshed once ingest pauses. */
  changed(tenantId: string): void {
    this.schedule.changed(tenantId);
  }

  /** Cancels the refreshes {@link changed} scheduled and waits for those already counting. */
  stop(): Promise<void> {
    return this.schedule.stop();
  }

  /** Remembers the types, accounts and regions of `nodes`, so summaries count them. */
  async register(tenantId: string, nodes: readonly ResourceNode[]): Promise<void> {
    const known = this.registered.get(tenantId) ?? new Set<string>();
    this.registered.set(tenantId, known);
    const fresh = dimensionsOf(nodes).filter((value) => !known.has(dimensionId(value)));
    if (fresh.length === 0) return;
    // Written only when missing, so the provider first seen with a type stays the type's.
    const dimensions = this.options.readStore.collection(graphDimensionsCollection).forTenant(tenantId);
    const stored = await dimensions.getMany(fresh.map(dimensionId));
    const missing = fresh.filter((value) => !stored.has(dimensionId(value)));
    if (missing.length > 0) await dimensions.bulkUpsert(missing.map((doc) => ({ id: dimensionId(doc), doc })));
    for (const value of fresh) known.add(dimensionId(value));
  }

  /** Counts the tenant's active nodes now. */
  async compute(tenantId: string): Promise<GraphSummary> {
    const nodes = this.options.readStore.collection(nodesCollection).forTenant(tenantId);
    const summary: GraphSummary = {
      total_nodes: await nodes.count({ status: 'active' }),
      by_provider: {},
      by_type: {},
      by_account: {},
      by_region: {},
      computed_at: this.clock().toISOString(),
    };
    for (const { doc } of await this.dimensions(tenantId)) {
      const key = statusKey('active', doc.value);
      switch (doc.dimension) {
        case 'type': {
          const n = await nodes.count({ status_type: key });
          if (n === 0) break;
          summary.by_type[doc.value] = n;
          const provider = doc.provider ?? doc.value.split('.')[0] ?? doc.value;
          summary.by_provider[provider] = (summary.by_provider[provider] ?? 0) + n;
          break;
        }
        case 'account': {
          const n = await nodes.count({ status_account: key });
          if (n > 0) summary.by_account[doc.value] = n;
          break;
        }
        case 'region': {
          const n = await nodes.count({ status_region: key });
          if (n > 0) summary.by_region[doc.value] = n;
          break;
        }
      }
    }
    return summary;
  }

  /**
   * Counts afresh and stores the result as the tenant's summary. A tenant's refreshes run one
   * after the other: two at once (a reconcile's and one scheduled when ingest paused) could
   * finish out of order, and the older count would overwrite the newer.
   */
  refresh(tenantId: string): Promise<GraphSummary> {
    const previous = this.refreshing.get(tenantId) ?? Promise.resolve();
    const run = previous
      .catch(() => undefined)
      .then(async () => {
        this.schedule.refreshStarted(tenantId, performance.now());
        const summary = await this.compute(tenantId);
        await this.options.readStore.collection(graphSummariesCollection).forTenant(tenantId).upsert(GRAPH_SUMMARY_ID, summary);
        return summary;
      });
    this.refreshing.set(tenantId, run);
    void run.catch(() => undefined).finally(() => {
      if (this.refreshing.get(tenantId) === run) this.refreshing.delete(tenantId);
    });
    return run;
  }

  /** The summary last stored, if any. */
  stored(tenantId: string): Promise<GraphSummary | undefined> {
    return this.options.readStore.collection(graphSummariesCollection).forTenant(tenantId).get(GRAPH_SUMMARY_ID);
  }

  private async dimensions(tenantId: string): Promise<DocumentEntry<GraphDimensionValue>[]> {
    const collection = this.options.readStore.collection(graphDimensionsCollection).forTenant(tenantId);
    const all: DocumentEntry<GraphDimensionValue>[] = [];
    for await (const entry of findAll(collection, { limit: PAGE_SIZE })) all.push(entry);
    return all;
  }
}
