import { observeEdge, removeEdge } from './edge-record';

const edge = { from: 'i-1', to: 'subnet-1', type: 'in_subnet' };
const at = (jobId: string, now = '2026-11-22T10:00:00.000Z') => ({ jobId, scope: 'aws:123', now });

describe('observeEdge', () => {
  const first = observeEdge(undefined, edge, at('job-1'));

  it('creates an unknown edge in the job that first saw it', () => {
    expect(first.change).toBe('created');
    expect(first.record).toMatchObject({ ...edge, status: 'active', first_seen_job: 'job-1', last_seen_job: 'job-1', removed_in_job: null });
  });

  it('does nothing for an edge the job already saw', () => {
    expect(observeEdge(first.record, edge, at('job-1'))).toEqual({ change: 'already_seen', record: first.record });
  });

  it('keeps the first sighting when a later job sees the edge again', () => {
    const seen = observeEdge(first.record, edge, at('job-2', '2026-11-22T11:00:00.000Z'));
    expect(seen.change).toBe('seen');
    expect(seen.record).toMatchObject({ first_seen_job: 'job-1', last_seen_job: 'job-2', first_seen: '2026-11-22T10:00:00.000Z', last_seen: '2026-11-22T11:00:00.000Z' });
  });

  it('restores a removed edge without making it new', () => {
    const removed = removeEdge(first.record, { jobId: 'job-2', now: '2026-11-22T11:00:00.000Z' });
    expect(removed).toMatchObject({ status: 'removed', removed_in_job: 'job-2', removed_at: '2026-11-22T11:00:00.000Z' });
    const back = observeEdge(removed, edge, at('job-3'));
    expect(back.change).toBe('restored');
    expect(back.record).toMatchObject({ status: 'active', first_seen_job: 'job-1', removed_in_job: null, removed_at: null });
  });
});
