/**
 * The bookkeeping nodes and edges share: the scope that last carried them, whether they are
 * active, and when and by which job they were first seen, last seen and removed. The `*_job`
 * fields turn the job statistics into counts over indexed fields, never into counters.
 *
 * Times are observation times, and the latest observation wins: `last_seen` is when the newest
 * sighting was made (not when it was stored), and `removed_at` when the absence that removed the
 * record was observed (the start of the run whose complete view of the scope lacked it).
 */
export interface Sighting {
  /** Scope of the batch that last carried the record. */
  scope: string;
  status: 'active' | 'removed';
  first_seen: string;
  last_seen: string;
  removed_at: string | null;
  first_seen_job: string;
  last_seen_job: string;
  removed_in_job: string | null;
}

/** Where, when and by whom a record is seen. */
export interface SightingContext {
  jobId: string;
  scope: string;
  /** When the sighting was made (ISO 8601). */
  at: string;
}

/** An absence: a job's complete view of a scope, started at `at`, did not hold the record. */
export interface Absence {
  jobId: string;
  at: string;
}

/** When the record's current state was observed: its removal if removed, else its last sighting. */
export function stateObservedAt(record: Pick<Sighting, 'status' | 'last_seen' | 'removed_at'>): number {
  const seen = Date.parse(record.last_seen);
  if (record.status !== 'removed' || record.removed_at === null) return seen;
  return Math.max(seen, Date.parse(record.removed_at));
}

/**
 * Whether a sighting at `at` is at least as new as what `record` holds, so it wins over it. A
 * tie goes to the sighting: a run's own sightings are never older than its start.
 */
export function sightingWins(record: Pick<Sighting, 'status' | 'last_seen' | 'removed_at'> | undefined, at: string): boolean {
  return record === undefined || Date.parse(at) >= stateObservedAt(record);
}

/** A job seeing the record (again, when `earlier` is its stored sighting): active, first-seen fields kept. */
export function seenBy(earlier: Pick<Sighting, 'first_seen' | 'first_seen_job'> | undefined, { jobId, scope, at }: SightingContext): Sighting {
  return {
    scope,
    status: 'active',
    first_seen: earlier?.first_seen ?? at,
    last_seen: at,
    removed_at: null,
    first_seen_job: earlier?.first_seen_job ?? jobId,
    last_seen_job: jobId,
    removed_in_job: null,
  };
}

/** The record as removed by an absence (see {@link Absence}). */
export function removedBy<T extends Sighting>(existing: T, { jobId, at }: Absence): T {
  return { ...existing, status: 'removed', removed_at: at, removed_in_job: jobId };
}

/**
 * The fields a sighting alone changes. They are kept apart from the rest of the record (its
 * content and lifecycle), so that seeing an unchanged resource again writes only them: a re-scan
 * of a quiet estate then costs one small write per node and edge instead of rewriting every
 * document and index entry. `last_seen_run` and `last_seen_batch` are the node's (see `InventoryNode`).
 */
export interface SeenFields {
  last_seen: string;
  last_seen_job: string;
  last_seen_run?: string;
  last_seen_batch?: string;
}

/** A record's {@link SeenFields}, picked. */
export function seenFieldsOf(record: SeenFields): SeenFields {
  return {
    last_seen: record.last_seen,
    last_seen_job: record.last_seen_job,
    ...(record.last_seen_run !== undefined ? { last_seen_run: record.last_seen_run } : {}),
    ...(record.last_seen_batch !== undefined ? { last_seen_batch: record.last_seen_batch } : {}),
  };
}

/**
 * Whether `next` differs from `stored` in nothing but its {@link SeenFields}: storing it then only
 * needs its sighting. Compared field by field over what else a sighting can change (a node's
 * content is its `content_hash`); anything else a record holds comes with its content.
 */
export function onlySeenFieldsDiffer<T extends Sighting & { content_hash?: string; last_changed_job?: string; updated_in_job?: string | null }>(
  stored: T | undefined,
  next: T,
): boolean {
  return (
    stored !== undefined &&
    stored.status === next.status &&
    stored.scope === next.scope &&
    stored.first_seen === next.first_seen &&
    stored.first_seen_job === next.first_seen_job &&
    stored.removed_at === next.removed_at &&
    stored.removed_in_job === next.removed_in_job &&
    stored.content_hash === next.content_hash &&
    stored.last_changed_job === next.last_changed_job &&
    stored.updated_in_job === next.updated_in_job
  );
}
