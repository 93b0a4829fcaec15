import type { ResourceEdge, ResourceNode } from '@strata/contracts';
import type { DiscoveredItem } from '@strata/plugins-api';

/** The resources of one batch, before the run's identity (tenant, job, attempt, ...) is added. */
export interface BatchContent {
  /** When the batch's first item arrived: every resource in it was seen at or after this. */
  observedAt: string;
  nodes: ResourceNode[];
  edges: ResourceEdge[];
}

export interface BatchLimits {
  /** Most nodes in one batch (`MAX_BATCH_NODES`). */
  maxNodes: number;
  /**
   * Most bytes of JSON for the nodes and edges of one batch, so that a batch fits in one NATS
   * message whatever the number of edges.
   */
  maxBytes: number;
}

/**
 * Groups a plugin's stream of nodes and edges into batches. A batch is closed only when the next
 * item does not fit, so the edges a plugin emits right after a node travel in that node's batch.
 */
export class BatchAccumulator {
  private nodes: ResourceNode[] = [];
  private edges: ResourceEdge[] = [];
  private bytes = 0;
  private openedAt: string | undefined;

  constructor(
    private readonly limits: BatchLimits,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Adds `item`; returns the batch that had to be closed to make room for it, if one was. */
  add(item: DiscoveredItem): BatchContent | undefined {
    // The JSON of the item plus the comma that separates it from the previous one. Counted, not
    // encoded: encoding every item into a new buffer only to read its length cost twice as much.
    const size = Buffer.byteLength(JSON.stringify(item.kind === 'node' ? item.node : item.edge), 'utf8') + 1;
    const noRoomForNode = item.kind === 'node' && this.nodes.length >= this.limits.maxNodes;
    const noRoomForBytes = this.bytes + size > this.limits.maxBytes;
    const closed = noRoomForNode || noRoomForBytes ? this.take() : undefined;
    // Stamped when the batch opens, not when it closes: a batch's time must not be later than
    // any of its sightings, or it could outrank an absence observed in between.
    this.openedAt ??= this.now().toISOString();
    if (item.kind === 'node') this.nodes.push(item.node);
    else this.edges.push(item.edge);
    this.bytes += size;
    return closed;
  }

  /** Closes the open batch; undefined when it holds nothing. */
  take(): BatchContent | undefined {
    if (this.nodes.length === 0 && this.edges.length === 0) return undefined;
    const content = { observedAt: this.openedAt ?? this.now().toISOString(), nodes: this.nodes, edges: this.edges };
    this.openedAt = undefined;
    this.nodes = [];
    this.edges = [];
    this.bytes = 0;
    return content;
  }
}
