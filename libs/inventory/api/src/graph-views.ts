import type { EdgeRecord } from '@strata/inventory-domain';
import type { StoredNode } from '@strata/inventory-feature';
import type { GraphEdgeView, GraphNodeSummaryView, GraphNodeView } from './graph-api.schemas';

/** A node as the API shows it: picked field by field, so bookkeeping (keys, hashes) never leaks. */
export function toGraphNode(node: StoredNode): GraphNodeView {
  return {
    id: node.id,
    type: node.type,
    provider: node.provider,
    name: node.name,
    ...(node.account !== undefined ? { account: node.account } : {}),
    ...(node.region !== undefined ? { region: node.region } : {}),
    tags: { ...node.tags },
    attributes: { ...node.attributes },
    status: node.status,
    scope: node.scope,
    first_seen: node.first_seen,
    last_seen: node.last_seen,
    removed_at: node.removed_at,
    first_seen_job: node.first_seen_job,
    last_seen_job: node.last_seen_job,
    last_changed_job: node.last_changed_job,
    removed_in_job: node.removed_in_job,
  };
}

export function toGraphNodeSummary(node: StoredNode): GraphNodeSummaryView {
  return {
    id: node.id,
    type: node.type,
    provider: node.provider,
    name: node.name,
    ...(node.account !== undefined ? { account: node.account } : {}),
    ...(node.region !== undefined ? { region: node.region } : {}),
    status: node.status,
  };
}

export function toGraphEdge(edge: EdgeRecord): GraphEdgeView {
  return {
    from: edge.from,
    to: edge.to,
    type: edge.type,
    status: edge.status,
    first_seen: edge.first_seen,
    last_seen: edge.last_seen,
    removed_at: edge.removed_at,
    first_seen_job: edge.first_seen_job,
    last_seen_job: edge.last_seen_job,
    removed_in_job: edge.removed_in_job,
  };
}
