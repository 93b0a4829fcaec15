import { cancelled, jobStream, requested, started } from '../fixtures/job-stream-fixture';
import { CancelJobHandler } from './cancel-job.handler';

describe('cancel a job (handler, in memory)', () => {
  it('given a live job, records it cancelled and answers with it', async () => {
    const stream = jobStream('job-1');
    await stream.given(requested('job-1'), started('job-1'));
    const reply = await new CancelJobHandler(stream.commands, stream.now).handle({ tenantId: 'acme', jobId: 'job-1' });
    expect(await stream.newEvents()).toEqual([{ type: 'JobCancelled', version: 1, data: { jobId: 'job-1', cancelledAt: '2026-12-05T10:00:00.000Z' } }]);
    expect(reply).toMatchObject({ ok: true, job: { id: 'job-1', status: 'cancelled' } });
  });

  it('given a job that has ended, appends nothing and refuses with job_terminal', async () => {
    const stream = jobStream('job-1');
    await stream.given(requested('job-1'), started('job-1'), cancelled('job-1'));
    const reply = await new CancelJobHandler(stream.commands, stream.now).handle({ tenantId: 'acme', jobId: 'job-1' });
    expect(await stream.newEvents()).toEqual([]);
    expect(reply).toMatchObject({ ok: false, code: 'job_terminal' });
  });

  it("given another tenant's job, or none, refuses with job_not_found and says nothing of the other tenant", async () => {
    const stream = jobStream('job-1', 'globex');
    await stream.given(requested('job-1', { tenantId: 'globex' }), started('job-1'));
    const handler = new CancelJobHandler(stream.commands, stream.now);
    for (const jobId of ['job-1', 'job-2']) {
      expect(await handler.handle({ tenantId: 'acme', jobId })).toEqual({ ok: false, code: 'job_not_found', message: `tenant acme has no job ${jobId}` });
    }
    expect(await stream.newEvents()).toEqual([]);
  });
});
