import { removedBy, seenBy } from './sighting';

describe('sightings', () => {
  const job1 = { jobId: 'job-1', scope: 'aws:1', at: '2026-01-01T00:00:00.000Z' };
  const job2 = { jobId: 'job-2', scope: 'aws:2', at: '2026-02-01T00:00:00.000Z' };

  it('a first sighting is active and first and last seen by the same job', () => {
    expect(seenBy(undefined, job1)).toEqual({
      scope: 'aws:1',
      status: 'active',
      first_seen: job1.at,
      last_seen: job1.at,
      removed_at: null,
      first_seen_job: 'job-1',
      last_seen_job: 'job-1',
      removed_in_job: null,
    });
  });

  it('a later sighting keeps when and by whom it was first seen, and undoes a removal', () => {
    const removed = removedBy(seenBy(undefined, job1), { jobId: 'job-1b', at: '2026-01-15T00:00:00.000Z' });
    expect(removed).toMatchObject({ status: 'removed', removed_at: '2026-01-15T00:00:00.000Z', removed_in_job: 'job-1b', last_seen_job: 'job-1' });
    expect(seenBy(removed, job2)).toEqual({
      scope: 'aws:2',
      status: 'active',
      first_seen: job1.at,
      last_seen: job2.at,
      removed_at: null,
      first_seen_job: 'job-1',
      last_seen_job: 'job-2',
      removed_in_job: null,
    });
  });

  it('a removal keeps the rest of the record', () => {
    const edge = { from: 'a', to: 'b', type: 'in_vpc', ...seenBy(undefined, job1) };
    expect(removedBy(edge, job2)).toEqual({ ...edge, status: 'removed', removed_at: job2.at, removed_in_job: 'job-2' });
  });
});
