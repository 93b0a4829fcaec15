/**
 * The bookkeeping nodes and edges share: the scope that last carried them, whether they are
 * active, and when and by which job they were first seen, last seen and removed. The `*_job`
 * fields turn the job statistics into counts over indexed fields, never into counters.
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

/** A job seeing the record at `now` (again, when `earlier` is its stored sighting): active, first-seen fields kept. */
export function seenBy(
  earlier: Pick<Sighting, 'first_seen' | 'first_seen_job'> | undefined,
  { jobId, scope, now }: { jobId: string; scope: string; now: string },
): Sighting {
  return {
    scope,
    status: 'active',
    first_seen: earlier?.first_seen ?? now,
    last_seen: now,
    removed_at: null,
    first_seen_job: earlier?.first_seen_job ?? jobId,
    last_seen_job: jobId,
    removed_in_job: null,
  };
}

/** The record as removed by a finished job that no longer saw it (or its node). */
export function removedBy<T extends Sighting>(existing: T, { jobId, now }: { jobId: string; now: string }): T {
  return { ...existing, status: 'removed', removed_at: now, removed_in_job: jobId };
}
