import { observeEdge, removeEdge } from './edge-record';

const edge = { from: 'i-1', to: 'subnet-1', type: 'in_subnet' };
const seen = (jobId: string, at = '2026-11-22T10:00:00.000Z') => ({ jobId, scope: 'aws:123', at });

describe('observeEdge', () => {
  const first = observeEdge(undefined, edge, seen('job-1'));

  it('creates an unknown edge in the job that first saw it', () => {
    expect(first.change).toBe('created');
    expect(first.record).toMatchObject({ ...edge, status: 'active', first_seen_job: 'job-1', last_seen_job: 'job-1', removed_in_job: null });
  });

  it('keeps the first sighting when a later job sees the edge again', () => {
    const again = observeEdge(first.record, edge, seen('job-2', '2026-11-22T11:00:00.000Z'));
    expect(again.change).toBe('seen');
    expect(again.record).toMatchObject({ first_seen_job: 'job-1', last_seen_job: 'job-2', first_seen: '2026-11-22T10:00:00.000Z', last_seen: '2026-11-22T11:00:00.000Z' });
  });

  it('restores a removed edge without making it new', () => {
    const removed = removeEdge(first.record, { jobId: 'job-2', at: '2026-11-22T11:00:00.000Z' });
    expect(removed).toMatchObject({ status: 'removed', removed_in_job: 'job-2', removed_at: '2026-11-22T11:00:00.000Z' });
    const back = observeEdge(removed, edge, seen('job-3'));
    expect(back.change).toBe('restored');
    expect(back.record).toMatchObject({ status: 'active', first_seen_job: 'job-1', removed_in_job: null, removed_at: null });
  });
});
