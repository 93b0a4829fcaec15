import { parseJobEndEvent } from './job-end-event';

const stored = (type: string, data: Record<string, unknown>, streamName = 'job-j1') => ({
  id: '0190-uuid',
  type,
  streamName,
  data,
  metadata: { tenantId: 'acme' },
});

describe('parseJobEndEvent', () => {
  it('reads the tenant from the subject and the job from the event data', () => {
    expect(parseJobEndEvent('events.acme.job.JobCancelled', stored('JobCancelled', { jobId: 'j1', cancelledAt: 'x' }))).toEqual({
      tenantId: 'acme',
      jobId: 'j1',
      type: 'JobCancelled',
    });
  });

  it('falls back to the stream name for the job id', () => {
    expect(parseJobEndEvent('events.acme.job.JobFailed', stored('JobFailed', {}, 'job-j2'))).toMatchObject({ jobId: 'j2', type: 'JobFailed' });
  });

  it.each([
    ['another event type', 'events.acme.job.JobCompleted', stored('JobCompleted', { jobId: 'j1' })],
    ['another category', 'events.acme.schedule.JobCancelled', stored('JobCancelled', { jobId: 'j1' })],
    ['a subject of the wrong shape', 'events.acme.job.JobCancelled.extra', stored('JobCancelled', { jobId: 'j1' })],
    ['a payload without a job id', 'events.acme.job.JobCancelled', { hello: 'world' }],
    ['a payload that is not an object', 'events.acme.job.JobCancelled', 'job-j1'],
  ])('ignores %s', (_what, subject, payload) => {
    expect(parseJobEndEvent(subject, payload)).toBeUndefined();
  });
});
