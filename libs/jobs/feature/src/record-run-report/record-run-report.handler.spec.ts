import type { JobReport } from '@strata/contracts';
import { PoisonMessageError, type ConsumedMessage } from '@strata/platform-messaging';
import { jobStream, requested, started } from '../fixtures/job-stream-fixture';
import { RecordRunReportHandler } from './record-run-report.handler';

const message = (data: JobReport): ConsumedMessage<JobReport> => ({ data, subject: `work.jobs.reports.${data.tenantId}`, msgId: 'm-1' }) as ConsumedMessage<JobReport>;

describe('record a run report (handler, in memory)', () => {
  it('given a started job, a worker taking its run records the run started', async () => {
    const stream = jobStream('job-1');
    await stream.given(requested('job-1'), started('job-1'));
    await new RecordRunReportHandler(stream.commands, stream.now).handle(
      message({ type: 'PluginRunStarted', tenantId: 'acme', jobId: 'job-1', plugin: 'demo', attempt: 1, workerId: 'w-1' }),
    );
    expect(await stream.newEvents()).toEqual([
      { type: 'PluginRunStarted', version: 1, data: { jobId: 'job-1', plugin: 'demo', attempt: 1, workerId: 'w-1', startedAt: '2026-12-05T10:00:00.000Z' } },
    ]);
  });

  it('given the run completed, records it and that discovery finished, with the attempt start inventory needs', async () => {
    const stream = jobStream('job-1');
    await stream.given(requested('job-1'), started('job-1'));
    const handler = new RecordRunReportHandler(stream.commands, stream.now);
    await handler.handle(message({ type: 'PluginRunStarted', tenantId: 'acme', jobId: 'job-1', plugin: 'demo', attempt: 1, workerId: 'w-1' }));
    await handler.handle(
      message({ type: 'PluginRunCompleted', tenantId: 'acme', jobId: 'job-1', plugin: 'demo', attempt: 1, batches: 3, scope: 'demo:10', startedAt: '2026-12-05T09:59:00.000Z', resourceCounts: { vpcs: 1 } }),
    );
    const finished = (await stream.newEvents()).find((event) => event.type === 'DiscoveryFinished');
    expect(finished?.data).toMatchObject({ runs: [{ plugin: 'demo', attempt: 1, batches: 3, scope: 'demo:10', startedAt: '2026-12-05T09:59:00.000Z' }] });
  });

  it("terminates a report naming another tenant's job, or a job that does not exist", async () => {
    const stream = jobStream('job-1');
    await stream.given(requested('job-1'), started('job-1'));
    const handler = new RecordRunReportHandler(stream.commands, stream.now);
    const report = { type: 'PluginRunStarted', plugin: 'demo', attempt: 1, workerId: 'w-1' } as const;
    await expect(handler.handle(message({ ...report, tenantId: 'globex', jobId: 'job-1' }))).rejects.toBeInstanceOf(PoisonMessageError);
    await expect(handler.handle(message({ ...report, tenantId: 'acme', jobId: 'job-2' }))).rejects.toBeInstanceOf(PoisonMessageError);
    expect(await stream.newEvents()).toEqual([]);
  });
});
