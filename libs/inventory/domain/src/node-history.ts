import type { ResourceNode } from '@strata/contracts';
import { canonicalJson } from '@strata/shared-domain';

/** What happened to a node in one job. */
export type NodeHistoryChange = 'created' | 'updated' | 'removed' | 'restored';

/** One change of a node: which job made it, when, and (for updates and restores) what changed. */
export interface NodeHistoryEntry {
  change: NodeHistoryChange;
  job_id: string;
  at: string;
  /**
   * Fields whose values differ from what was stored before: `name`, `type`, `provider`,
   * `account`, `region`, `tags`, and `attributes.<key>` per top-level attribute key. Sorted.
   * Present on `updated` and `restored`; empty for a restore with the same content.
   */
  changed?: string[];
}

/**
 * A node's recent changes, oldest first, at most {@link NODE_HISTORY_LIMIT} of them. The
 * `created` change is not stored: it is the node's `first_seen`/`first_seen_job`, so a node
 * that never changed costs no history document (see {@link nodeHistoryView}).
 */
export interface NodeHistory {
  entries: NodeHistoryEntry[];
  /** How many older entries were dropped to stay within the limit (the creation among them). */
  dropped: number;
}

/** Changes kept per node; older ones are dropped. */
export const NODE_HISTORY_LIMIT = 50;

const SCALAR_FIELDS = ['type', 'provider', 'name', 'account', 'region'] as const;

const sameJson = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);

/**
 * The fields of `after` whose values differ from `before` (see {@link NodeHistoryEntry.changed}).
 * Attribute values are compared as canonical JSON, so key order inside them does not count.
 */
export function changedFields(before: ResourceNode, after: ResourceNode): string[] {
  const changed: string[] = SCALAR_FIELDS.filter((field) => before[field] !== after[field]);
  if (!sameJson(before.tags, after.tags)) changed.push('tags');
  const keys = new Set([...Object.keys(before.attributes), ...Object.keys(after.attributes)]);
  for (const key of keys) {
    if (!sameJson(before.attributes[key], after.attributes[key])) changed.push(`attributes.${key}`);
  }
  return changed.sort();
}

/**
 * The history with `entry` appended, dropping the oldest entries beyond `limit`. Entries are
 * stamped with the time of the observation that made them (a batch's, a run's start), which a
 * repeat carries again, so an entry recorded already with the same job, change and time is a
 * repeat (a redelivered batch, a reconcile redone after a crash) and leaves the history as it
 * was. A job may change a node more than once: its redone run restores what another job's
 * reconcile removed meanwhile.
 */
export function appendHistory(history: NodeHistory | undefined, entry: NodeHistoryEntry, limit = NODE_HISTORY_LIMIT): NodeHistory {
  const current = history ?? { entries: [], dropped: 0 };
  if (current.entries.some((recorded) => recorded.job_id === entry.job_id && recorded.change === entry.change && recorded.at === entry.at)) return current;
  const entries = [...current.entries, entry];
  const excess = Math.max(0, entries.length - limit);
  return { entries: entries.slice(excess), dropped: current.dropped + excess };
}

/** The first sighting of a node, which its history does not store. */
export interface NodeCreation {
  first_seen: string;
  first_seen_job: string;
}

/**
 * A node's changes newest first, as the API shows them: the stored entries plus the creation,
 * unless the creation is among the entries dropped to stay within the limit. `truncated` says
 * whether older entries were dropped.
 */
export function nodeHistoryView(node: NodeCreation, history: NodeHistory | undefined): { entries: NodeHistoryEntry[]; truncated: boolean } {
  const stored = history ?? { entries: [], dropped: 0 };
  const created: NodeHistoryEntry = { change: 'created', job_id: node.first_seen_job, at: node.first_seen };
  const oldestFirst = stored.dropped > 0 ? stored.entries : [created, ...stored.entries];
  return { entries: [...oldestFirst].reverse(), truncated: stored.dropped > 0 };
}
