import { RecentlyEndedJobs } from './recently-ended-jobs';

describe('RecentlyEndedJobs', () => {
  it('remembers jobs per tenant', () => {
    const ended = new RecentlyEndedJobs();
    ended.add('acme', 'job-1');
    expect(ended.has('acme', 'job-1')).toBe(true);
    expect(ended.has('other', 'job-1')).toBe(false);
  });

  it('forgets the least recently added job first when full', () => {
    const ended = new RecentlyEndedJobs(2);
    ended.add('t', 'a');
    ended.add('t', 'b');
    ended.add('t', 'a');
    ended.add('t', 'c');
    expect([ended.has('t', 'a'), ended.has('t', 'b'), ended.has('t', 'c')]).toEqual([true, false, true]);
  });
});
