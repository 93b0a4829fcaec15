import type { RuleNode } from './rule-node';

export type EdgeDirection = 'out' | 'in';

/** The ends of a node's active edges of one type in one direction, as a rule may ask for them. */
export interface EdgesRequest {
  nodeId: string;
  direction: EdgeDirection;
  edgeType: string;
}

export const edgesRequestKey = ({ nodeId, direction, edgeType }: EdgesRequest): string => `${direction}|${edgeType}|${nodeId}`;

/** The nodes at the ends, at most {@link MAX_NEIGHBOURS} of them, and how many there are in all. */
export interface Neighbours {
  nodes: readonly RuleNode[];
  total: number;
}

/**
 * At most this many nodes come back from one `outgoing()` / `incoming()` call (a VPC has
 * thousands of members); `outgoingCount()` / `incomingCount()` count them all.
 */
export const MAX_NEIGHBOURS = 500;

/**
 * What of the graph an evaluation can see. Evaluation is synchronous and does no I/O: a rule
 * that asks for edges not loaded yet is pending (with every edge it asked for), the caller loads
 * what was asked (for a whole page of nodes at once) and evaluates again.
 */
export interface GraphView {
  neighbours(request: EdgesRequest): Neighbours | undefined;
}

/** A {@link GraphView} filled by its owner: a page's loader, or a test's fixture graph. */
export class LoadedGraph implements GraphView {
  private readonly loaded = new Map<string, Neighbours>();

  neighbours(request: EdgesRequest): Neighbours | undefined {
    return this.loaded.get(edgesRequestKey(request));
  }

  set(request: EdgesRequest, neighbours: Neighbours): void {
    this.loaded.set(edgesRequestKey(request), neighbours);
  }

  get size(): number {
    return this.loaded.size;
  }
}

/**
 * A whole graph in memory, answering every request (tests, dry runs over small fixtures, the
 * oracle of the incremental-audit property test).
 */
export class InMemoryGraph implements GraphView {
  private readonly nodes = new Map<string, RuleNode>();
  private readonly edges = new Map<string, string[]>();

  constructor(nodes: Iterable<RuleNode> = [], edges: Iterable<{ from: string; type: string; to: string }> = []) {
    for (const node of nodes) this.addNode(node);
    for (const edge of edges) this.addEdge(edge);
  }

  addNode(node: RuleNode): void {
    this.nodes.set(node.id, node);
  }

  addEdge({ from, type, to }: { from: string; type: string; to: string }): void {
    for (const [key, end] of [
      [edgesRequestKey({ nodeId: from, direction: 'out', edgeType: type }), to],
      [edgesRequestKey({ nodeId: to, direction: 'in', edgeType: type }), from],
    ] as const) {
      const ends = this.edges.get(key) ?? [];
      if (!ends.includes(end)) ends.push(end);
      this.edges.set(key, ends);
    }
  }

  node(id: string): RuleNode | undefined {
    return this.nodes.get(id);
  }

  neighbours(request: EdgesRequest): Neighbours {
    const ends = (this.edges.get(edgesRequestKey(request)) ?? []).flatMap((id) => {
      const node = this.nodes.get(id);
      return node ? [node] : [];
    });
    return { nodes: ends.slice(0, MAX_NEIGHBOURS), total: ends.length };
  }
}
