import type { ChangeKind, JobChangeRecord } from './job-change';

/** How many nodes or edges of one kind (and type) a job added, changed and removed. */
export interface ChangeCounts {
  added: number;
  changed: number;
  removed: number;
}

export interface TypeChangeCounts extends ChangeCounts {
  kind: 'node' | 'edge';
  /** The node's type, or the edge's. */
  type: string;
}

/** A job's changes in one scope, counted. */
export interface ScopeChangeSummary {
  scope: string;
  nodes: ChangeCounts;
  edges: Omit<ChangeCounts, 'changed'>;
  /** Sorted by kind (nodes first), then type; only types with a change. */
  by_type: TypeChangeCounts[];
}

/** Per scope and type: nodes and edges the job created (not stored as change records). */
export type CreatedCounts = Readonly<Record<string, Readonly<Record<string, number>>>>;

/** What a job's changes are made of: the created counts of its batches and its change records. */
export interface ChangeSummaryInput {
  createdNodes: readonly CreatedCounts[];
  createdEdges: readonly CreatedCounts[];
  records: Iterable<Pick<JobChangeRecord, 'scope' | 'change' | 'node' | 'edge'>>;
}

const zero = (): ChangeCounts => ({ added: 0, changed: 0, removed: 0 });

/** Counts a job's changes per scope, kind and type; scopes sorted. */
export function summarizeChanges(input: ChangeSummaryInput): ScopeChangeSummary[] {
  const scopes = new Map<string, Map<string, TypeChangeCounts>>();
  const bump = (scope: string, kind: 'node' | 'edge', type: string, change: ChangeKind, by = 1) => {
    if (by === 0) return;
    let types = scopes.get(scope);
    if (!types) scopes.set(scope, (types = new Map()));
    const key = `${kind}\u0000${type}`;
    let counts = types.get(key);
    if (!counts) types.set(key, (counts = { kind, type, ...zero() }));
    counts[change] += by;
  };
  for (const [kind, created] of [['node', input.createdNodes], ['edge', input.createdEdges]] as const) {
    for (const perScope of created) {
      for (const [scope, perType] of Object.entries(perScope)) for (const [type, count] of Object.entries(perType)) bump(scope, kind, type, 'added', count);
    }
  }
  for (const record of input.records) {
    if (record.node) bump(record.scope, 'node', record.node.type, record.change);
    else if (record.edge) bump(record.scope, 'edge', record.edge.type, record.change);
  }
  return [...scopes.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([scope, types]) => {
      const byType = [...types.values()].sort((a, b) => (a.kind !== b.kind ? (a.kind === 'node' ? -1 : 1) : a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
      const nodes = zero();
      const edges = { added: 0, removed: 0 };
      for (const counts of byType) {
        if (counts.kind === 'node') {
          nodes.added += counts.added;
          nodes.changed += counts.changed;
          nodes.removed += counts.removed;
        } else {
          edges.added += counts.added;
          edges.removed += counts.removed;
        }
      }
      return { scope, nodes, edges, by_type: byType };
    });
}

/** Whether a scope's summary holds any change. */
export const hasChanges = (summary: Pick<ScopeChangeSummary, 'nodes' | 'edges'>): boolean =>
  summary.nodes.added + summary.nodes.changed + summary.nodes.removed + summary.edges.added + summary.edges.removed > 0;
