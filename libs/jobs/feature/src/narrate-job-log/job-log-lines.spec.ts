import type { JobEvent, PluginRunQueue } from '@strata/contracts';
import { closingLine, progressLine } from './job-log-lines';

const jobId = 'job-1';
const at = '2026-12-03T10:00:00.000Z';

describe('job narration', () => {
  it('tells what the job does between discovery and its end, stamped when it happened', () => {
    const lines = (
      [
        {
          type: 'DiscoveryFinished',
          version: 1,
          data: {
            jobId,
            tenantId: 'acme',
            finishedAt: at,
            runs: [
              { plugin: 'aws', attempt: 1, batches: 30, scope: 'aws:123' },
              { plugin: 'kubernetes', attempt: 2, batches: 10, scope: 'k8s:prod' },
            ],
          },
        },
        { type: 'InventoryProgressed', version: 1, data: { jobId, batchesIngested: 12, batchesTotal: 40, at } },
        { type: 'InventoryReconciled', version: 1, data: { jobId, nodesDiscovered: 1247, nodesUpdated: 312, nodesRemoved: 8, edgesCreated: 4820, reconciledAt: at } },
        { type: 'AuditProgressed', version: 1, data: { jobId, nodesAudited: 500, nodesTotal: 1247, at } },
      ] satisfies JobEvent[]
    ).map(progressLine);
    expect(lines).toEqual([
      { ts: at, level: 'info', msg: 'Reconciling aws:123, k8s:prod once the 40 batches discovered are stored' },
      { ts: at, level: 'info', msg: 'Stored 12 of 40 batches' },
      { ts: at, level: 'info', msg: 'Reconciled: 1247 nodes (312 updated, 8 removed), 4820 new edges; auditing' },
      { ts: at, level: 'info', msg: 'Audited 500 of 1247 nodes' },
    ]);
  });

  it('says why a job is still pending, warning when it cannot start until someone acts', () => {
    const stillQueued = (queues: PluginRunQueue[]): JobEvent => ({ type: 'JobStillQueued', version: 1, data: { jobId, pendingSince: '2026-12-03T09:58:59.600Z', queues, at } });
    expect(progressLine(stillQueued([{ plugin: 'demo', workersSeen: true, runsWaiting: 3, runsInProgress: 2 }]))).toEqual({
      ts: at,
      level: 'info',
      msg: "Still pending after 60s. demo: every worker slot is busy, 2 in progress and 3 runs waiting, this job's among them (it starts when a slot frees)",
    });
    expect(
      progressLine(
        stillQueued([
          { plugin: 'aws', workersSeen: false, runsWaiting: 1, runsInProgress: 0 },
          { plugin: 'demo', workersSeen: true, runsWaiting: 1, runsInProgress: 0 },
        ]),
      ),
    ).toEqual({
      ts: at,
      level: 'warn',
      msg:
        'Still pending after 60s. aws: no discovery worker for it has ever connected (start one that runs the aws plugin). ' +
        'demo: no discovery worker is taking work, 1 run waiting (check that its workers run and reach NATS)',
    });
  });

  it('says when other jobs saw nodes of the same scope while this one ran', () => {
    const reconciled: JobEvent = {
      type: 'InventoryReconciled',
      version: 1,
      data: { jobId, nodesDiscovered: 10, nodesUpdated: 0, nodesRemoved: 0, edgesCreated: 4, reconciledAt: at, concurrentJobs: ['job-2'] },
    };
    expect(progressLine(reconciled)).toEqual({
      ts: at,
      level: 'info',
      msg: 'Reconciled: 10 nodes (0 updated, 0 removed), 4 new edges; auditing. Job job-2 also saw nodes of this scope while this one ran: nodes it saw that this one did not are kept',
    });
  });

  it('leaves the other events to the plugins and the closing line', () => {
    const started: JobEvent = { type: 'JobStarted', version: 1, data: { jobId, startedAt: at } };
    const cancelled: JobEvent = { type: 'JobCancelled', version: 1, data: { jobId, cancelledAt: at } };
    expect(progressLine(started)).toBeUndefined();
    expect(progressLine(cancelled)).toBeUndefined();
    expect(closingLine(started, at)).toBeUndefined();
    expect(closingLine(cancelled, at)).toEqual({ ts: at, level: 'warn', msg: 'Job cancelled; data already discovered is kept' });
  });
});
