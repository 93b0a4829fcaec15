import type { ResourceEdge } from '@strata/contracts';
import { removedBy, seenBy, type Absence, type Sighting, type SightingContext } from './sighting';

/** An edge as the inventory keeps it (`edges_created` = edges whose `first_seen_job` is the job). */
export interface EdgeRecord extends ResourceEdge, Sighting {}

/** `restored`: a removed edge seen again; it existed before, so it does not count as created. */
export type EdgeChange = 'created' | 'seen' | 'restored';

export interface ObservedEdge {
  record: EdgeRecord;
  change: EdgeChange;
}

/** What a sighting of `edge` does to the stored record (if any); see `observeNode`. */
export function observeEdge(existing: EdgeRecord | undefined, edge: ResourceEdge, context: SightingContext): ObservedEdge {
  if (!existing) return { change: 'created', record: { from: edge.from, to: edge.to, type: edge.type, ...seenBy(undefined, context) } };
  return {
    change: existing.status === 'removed' ? 'restored' : 'seen',
    record: { ...existing, ...seenBy(existing, context) },
  };
}

/** The record of an edge whose node a finished job removed. */
export function removeEdge(existing: EdgeRecord, absence: Absence): EdgeRecord {
  return removedBy(existing, absence);
}
