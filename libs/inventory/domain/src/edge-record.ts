import type { ResourceEdge } from '@strata/contracts';
import { removedBy, seenBy, type Sighting } from './sighting';

/** An edge as the inventory keeps it (`edges_created` = edges whose `first_seen_job` is the job). */
export interface EdgeRecord extends ResourceEdge, Sighting {}

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
  context: { jobId: string; scope: string; now: string },
): ObservedEdge {
  if (!existing) return { change: 'created', record: { from: edge.from, to: edge.to, type: edge.type, ...seenBy(undefined, context) } };
  if (existing.last_seen_job === context.jobId) return { change: 'already_seen', record: existing };
  return {
    change: existing.status === 'removed' ? 'restored' : 'seen',
    record: { ...existing, ...seenBy(existing, context) },
  };
}

/** The record of an edge whose node a finished job removed. */
export function removeEdge(existing: EdgeRecord, removal: { jobId: string; now: string }): EdgeRecord {
  return removedBy(existing, removal);
}
