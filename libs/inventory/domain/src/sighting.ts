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
