/** A graph node as the diagrams read it (inventory's fields they need). */
export interface GraphNode {
  id: string;
  type: string;
  name: string;
  account?: string | undefined;
  region?: string | undefined;
  attributes: Readonly<Record<string, unknown>>;
}

/** A graph edge, `from` —type→ `to`. */
export interface GraphEdge {
  from: string;
  to: string;
  type: string;
}

/** The part of the graph a diagram is drawn from. */
export interface GraphSlice {
  nodes: readonly GraphNode[];
  edges: readonly GraphEdge[];
}
