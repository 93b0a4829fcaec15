import type { ResourceNode } from '@strata/contracts';
import { contentHash } from './content-hash';
import { removedBy, seenBy, type Sighting } from './sighting';

/**
 * A node as the inventory keeps it. The `*_job` fields make every job statistic a count over
 * indexed fields, so a redelivered batch or a redone plugin run can never count anything twice.
 */
export interface NodeRecord extends ResourceNode, Sighting {
  content_hash: string;
  /** The job that last created, changed or restored the node. */
  last_changed_job: string;
}

export type NodeChange = 'created' | 'updated' | 'unchanged' | 'restored' | 'already_seen';

export interface ObservedNode {
  record: NodeRecord;
  change: NodeChange;
}

/** What a job seeing `node` does to the stored record (if any). */
export function observeNode(
  existing: NodeRecord | undefined,
  node: ResourceNode,
  context: { jobId: string; scope: string; now: string },
): ObservedNode {
  const hash = contentHash(node);
  if (!existing) {
    return { change: 'created', record: { ...node, content_hash: hash, ...seenBy(undefined, context), last_changed_job: context.jobId } };
  }
  if (existing.last_seen_job === context.jobId) return { change: 'already_seen', record: existing };

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
export function removeNode(existing: NodeRecord, removal: { jobId: string; now: string }): NodeRecord {
  return removedBy(existing, removal);
}
