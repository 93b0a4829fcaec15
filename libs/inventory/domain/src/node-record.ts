import type { ResourceNode } from '@strata/contracts';
import { contentHash } from './content-hash';
import { removedBy, seenBy, type Absence, type Sighting, type SightingContext } from './sighting';

/**
 * A node as the inventory keeps it. The `*_job` fields make every job statistic a count over
 * indexed fields, so a redelivered batch or a redone plugin run can never count anything twice.
 */
export interface NodeRecord extends ResourceNode, Sighting {
  content_hash: string;
  /** The job that last created, changed or restored the node. */
  last_changed_job: string;
}

export type NodeChange = 'created' | 'updated' | 'unchanged' | 'restored';

export interface ObservedNode {
  record: NodeRecord;
  change: NodeChange;
}

/**
 * What a sighting of `node` does to the stored record (if any). Whether the sighting is new
 * enough to count at all is the caller's to decide (`sightingWins`).
 */
export function observeNode(existing: NodeRecord | undefined, node: ResourceNode, context: SightingContext): ObservedNode {
  const hash = contentHash(node);
  if (!existing) {
    return { change: 'created', record: { ...node, content_hash: hash, ...seenBy(undefined, context), last_changed_job: context.jobId } };
  }
  const restored = existing.status === 'removed';
  const changed = existing.content_hash !== hash;
  return {
    change: restored ? 'restored' : changed ? 'updated' : 'unchanged',
    // Built from the node as seen now, not spread over the stored record: a field the resource no
    // longer has (an account, a region) must go with it. Only the history fields carry over.
    record: {
      ...node,
      content_hash: hash,
      ...seenBy(existing, context),
      last_changed_job: restored || changed ? context.jobId : existing.last_changed_job,
    },
  };
}

/** The record of a node of the scope that a finished job no longer saw. */
export function removeNode<T extends NodeRecord>(existing: T, absence: Absence): T {
  return removedBy(existing, absence);
}
