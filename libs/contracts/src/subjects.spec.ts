import { subjects } from './subjects';

describe('subjects', () => {
  it('builds the documented subject names', () => {
    expect(subjects.event('acme-corp', 'job', 'JobStarted')).toBe('events.acme-corp.job.JobStarted');
    expect(subjects.discoveryWork('aws')).toBe('work.discovery.aws');
    expect(subjects.batches('acme-corp', 'job-1')).toBe('discovery.batches.acme-corp.job-1');
    expect(subjects.logs('acme-corp', 'job-1')).toBe('logs.acme-corp.job-1');
  });

  it.each(['', 'a.b', 'a b', '*', '>'])('refuses %j as a token, so one tenant cannot widen into another', (bad) => {
    expect(() => subjects.logs(bad, 'job-1')).toThrow(/subject token/);
  });
});
