import { jobStream, requested, started } from '../fixtures/job-stream-fixture';
import type { CreateJobRpc } from './create-job.message';
import { CreateJobHandler } from './create-job.handler';

const request = (extra: Partial<CreateJobRpc> = {}): CreateJobRpc => ({
  tenantId: 'acme',
  jobId: 'job-1',
  name: 'nightly',
  plugins: ['demo'],
  credentialId: 'cred-demo',
  config: { size: 10 },
  pluginConfigs: { demo: { size: 10 } },
  ...extra,
});

describe('create a job (handler, in memory)', () => {
  it('given no job, records it requested and started, and answers with it pending', async () => {
    const stream = jobStream('job-1');
    const reply = await new CreateJobHandler(stream.commands, stream.now).handle(request({ requestHash: 'h1' }));
    expect((await stream.newEvents()).map((event) => event.type)).toEqual(['JobRequested', 'JobStarted']);
    expect(reply).toMatchObject({ ok: true, job: { id: 'job-1', status: 'pending' } });
    expect(reply).not.toHaveProperty('replayed');
  });

  it('given the same request made it before, appends nothing and answers with that job, marked replayed', async () => {
    const stream = jobStream('job-1');
    await stream.given(requested('job-1', { requestHash: 'h1' }), started('job-1'));
    const reply = await new CreateJobHandler(stream.commands, stream.now).handle(request({ requestHash: 'h1' }));
    expect(await stream.newEvents()).toEqual([]);
    expect(reply).toMatchObject({ ok: true, replayed: true, job: { id: 'job-1' } });
  });

  it('given another request made it with the same key, refuses with idempotency_key_reused', async () => {
    const stream = jobStream('job-1');
    await stream.given(requested('job-1', { requestHash: 'h1' }), started('job-1'));
    const reply = await new CreateJobHandler(stream.commands, stream.now).handle(request({ requestHash: 'h2' }));
    expect(await stream.newEvents()).toEqual([]);
    expect(reply).toEqual({ ok: false, code: 'idempotency_key_reused', message: expect.any(String) });
  });
});
