/**
 * The resource graph's vocabulary. A node is one discovered resource; an edge a named relationship
 * that reads as a sentence from `from` to `to` ("instance in_subnet subnet").
 */
export interface ResourceNode {
  /** Stable across runs: an ARN, a Kubernetes uid, or a documented synthetic id. */
  id: string;
  /** `<provider>.<service>.<kind>`, e.g. `aws.ec2.instance`. */
  type: string;
  provider: string;
  name: string;
  account?: string;
  region?: string;
  tags: Readonly<Record<string, string>>;
  attributes: Readonly<Record<string, unknown>>;
}

export interface ResourceEdge {
  from: string;
  to: string;
  type: string;
}

export const edgeId = (edge: ResourceEdge): string => `${edge.from}|${edge.type}|${edge.to}`;

/** What a plugin run publishes, at most `MAX_BATCH_NODES` nodes (plus their edges) at a time. */
export interface ResourceBatch {
  tenantId: string;
  jobId: string;
  plugin: string;
  /** The plugin run attempt; a redone run re-sends batches and upserts keep them idempotent. */
  attempt: number;
  /** 0-based, in publish order within one attempt. */
  sequence: number;
  /** Reconcile scope: nodes of this scope not seen by the job are marked removed. */
  scope: string;
  /**
   * When the plugin began to gather this batch (ISO 8601, the worker's clock): the moment its
   * nodes and edges are known to exist. Inventory keeps the latest observation of each node, so
   * a batch that arrives late does not undo a newer one. Absent from batches of older workers:
   * inventory then takes the time it ingests the batch.
   */
  observedAt?: string;
  nodes: readonly ResourceNode[];
  edges: readonly ResourceEdge[];
}

export const MAX_BATCH_NODES = 500;

/** A log line of a job, as the SSE stream sends it: `data: {"ts","level","msg"}`. */
export interface JobLogLine {
  ts: string;
  level: 'debug' | 'info' | 'warn' | 'error';
  msg: string;
}
