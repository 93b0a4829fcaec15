import type { ResourceEdge } from '@strata/contracts';

/**
 * An edge as the inventory keeps it. Like nodes, the `*_job` fields turn the job statistics into
 * counts (`edges_created` = edges whose `first_seen_job` is the job), never into counters.
 */
export interface EdgeRecord extends ResourceEdge {
  /** Scope of the batch that last carried the edge. */
  scope: string;
  status: 'active' | 'removed';
  first_seen: string;
  last_seen: string;
  removed_at: string | null;
  first_seen_job: string;
  last_seen_job: string;
  removed_in_job: string | null;
}

/** `restored`: a removed edge seen again; it existed before, so it does not count as created. */
export type EdgeChange = 'created' | 'seen' | 'restored' | 'already_seen';

export interface ObservedEdge {
  record: EdgeRecord;
  change: EdgeChange;
}

/** What a job seeing `edge` does to the stored record (if any). */
export function observeEdge(
  existing: EdgeRecord | undefined,
  edge: ResourceEdge,
  { jobId, scope, now }: { jobId: string; scope: string; now: string },
): ObservedEdge {
  if (!existing) {
    return {
      change: 'created',
      record: {
        from: edge.from,
        to: edge.to,
        type: edge.type,
        scope,
        status: 'active',
        first_seen: now,
        last_seen: now,
        removed_at: null,
        first_seen_job: jobId,
        last_seen_job: jobId,
        removed_in_job: null,
      },
    };
  }
  if (existing.last_seen_job === jobId) return { change: 'already_seen', record: existing };
  return {
    change: existing.status === 'removed' ? 'restored' : 'seen',
    record: { ...existing, scope, status: 'active', last_seen: now, removed_at: null, last_seen_job: jobId, removed_in_job: null },
  };
}

/** The record of an edge whose node a finished job removed. */
export function removeEdge(existing: EdgeRecord, { jobId, now }: { jobId: string; now: string }): EdgeRecord {
  return { ...existing, status: 'removed', removed_at: now, removed_in_job: jobId };
}
