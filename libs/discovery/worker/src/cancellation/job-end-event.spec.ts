import { eventEnvelope } from '@strata/contracts';
import { parseJobEndEvent } from './job-end-event';

const stored = (type: string, data: Record<string, unknown>) => eventEnvelope({ id: '0190-uuid', category: 'job', name: type, tenantId: 'acme', time: '2026-12-05T10:00:00.000Z', data });

describe('parseJobEndEvent', () => {
  it('reads the tenant from the subject and the job from the event data', () => {
    expect(parseJobEndEvent('events.acme.job.JobCancelled', stored('JobCancelled', { jobId: 'j1', cancelledAt: 'x' }))).toEqual({
      tenantId: 'acme',
      jobId: 'j1',
      type: 'JobCancelled',
    });
  });

  it.each([
    ['another event type', 'events.acme.job.JobCompleted', stored('JobCompleted', { jobId: 'j1' })],
    ['another category', 'events.acme.schedule.JobCancelled', stored('JobCancelled', { jobId: 'j1' })],
    ['a subject of the wrong shape', 'events.acme.job.JobCancelled.extra', stored('JobCancelled', { jobId: 'j1' })],
    ['a payload without a job id', 'events.acme.job.JobCancelled', { hello: 'world' }],
    ['an event whose data has no job id', 'events.acme.job.JobFailed', stored('JobFailed', {})],
    ['a payload that is not an object', 'events.acme.job.JobCancelled', 'job-j1'],
  ])('ignores %s', (_what, subject, payload) => {
    expect(parseJobEndEvent(subject, payload)).toBeUndefined();
  });
});
