import type { ResourceNode } from '@strata/contracts';
import { contentHash } from './content-hash';

/**
 * A node as the inventory keeps it. The `*_job` fields make every job statistic a count over
 * indexed fields, so a redelivered batch or a redone plugin run can never count anything twice.
 */
export interface NodeRecord extends ResourceNode {
  scope: string;
  content_hash: string;
  status: 'active' | 'removed';
  first_seen: string;
  last_seen: string;
  removed_at: string | null;
  first_seen_job: string;
  last_seen_job: string;
  /** The job that last created, changed or restored the node. */
  last_changed_job: string;
  removed_in_job: string | null;
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
  { jobId, scope, now }: { jobId: string; scope: string; now: string },
): ObservedNode {
  const hash = contentHash(node);
  if (!existing) {
    return {
      change: 'created',
      record: {
        ...node,
        scope,
        content_hash: hash,
        status: 'active',
        first_seen: now,
        last_seen: now,
        removed_at: null,
        first_seen_job: jobId,
        last_seen_job: jobId,
        last_changed_job: jobId,
        removed_in_job: null,
      },
    };
  }
  if (existing.last_seen_job === jobId) return { change: 'already_seen', record: existing };

  const restored = existing.status === 'removed';
  const changed = existing.content_hash !== hash;
  return {
    change: restored ? 'restored' : changed ? 'updated' : 'unchanged',
    // Built from the node as seen now, not spread over the stored record: a field the resource no
    // longer has (an account, a region) must go with it. Only the history fields carry over.
    record: {
      ...node,
      scope,
      content_hash: hash,
      status: 'active',
      first_seen: existing.first_seen,
      first_seen_job: existing.first_seen_job,
      last_seen: now,
      removed_at: null,
      last_seen_job: jobId,
      last_changed_job: restored || changed ? jobId : existing.last_changed_job,
      removed_in_job: null,
    },
  };
}

/** The record of a node of the scope that a finished job no longer saw. */
export function removeNode(existing: NodeRecord, { jobId, now }: { jobId: string; now: string }): NodeRecord {
  return { ...existing, status: 'removed', removed_at: now, removed_in_job: jobId };
}
