import type { JobEvent } from '@strata/contracts';
import { evolveJobView, type JobView } from './job-view';

const jobId = 'job-1';
const fold = (events: JobEvent[]): JobView | undefined => events.reduce<JobView | undefined>(evolveJobView, undefined);
const requested: JobEvent = {
  type: 'JobRequested',
  version: 1,
  data: {
    jobId,
    tenantId: 'acme-corp',
    name: 'Full',
    plugins: ['aws', 'kubernetes'],
    credentialId: 'cred-1',
    config: { aws: { regions: ['us-east-1'] } },
    pluginConfigs: { aws: { regions: ['us-east-1'] }, kubernetes: {} },
    requestedAt: '2024-03-16T10:00:00.000Z',
  },
};
const started: JobEvent = { type: 'JobStarted', version: 1, data: { jobId, startedAt: '2024-03-16T10:00:00.000Z' } };

describe('job view', () => {
  it('is pending, also once started, until a worker takes a run; then running, with the seed fields', () => {
    expect(fold([requested])).toMatchObject({ id: jobId, tenant_id: 'acme-corp', status: 'pending', progress: { phase: 'pending', percent: 0 } });
    // Started: its runs wait in the queue for a free worker.
    const queued = fold([requested, started]);
    expect(queued).toMatchObject({ status: 'pending', progress: { phase: 'pending', percent: 0 } });
    expect(queued?.started_at).toBeUndefined();
    const taken: JobEvent = { type: 'PluginRunStarted', version: 1, data: { jobId, plugin: 'aws', attempt: 1, workerId: 'w1', startedAt: '2024-03-16T10:02:00.000Z' } };
    expect(fold([requested, started, taken])).toMatchObject({ status: 'running', started_at: '2024-03-16T10:02:00.000Z', progress: { phase: 'discovering', percent: 5 } });
  });

  it('stays pending when its log notes it is still queued, without counting that as activity', () => {
    const noted: JobEvent = { type: 'JobStillQueued', version: 1, data: { jobId, pendingSince: '2024-03-16T10:00:00.000Z', queues: [], at: '2024-03-16T10:01:00.000Z' } };
    const view = fold([requested, started, noted]);
    expect(view).toMatchObject({ status: 'pending', progress: { phase: 'pending', percent: 0 } });
    expect(view?.internal).toMatchObject({ queue_noted_at: '2024-03-16T10:01:00.000Z', last_activity_at: '2024-03-16T10:00:00.000Z' });
  });

  it('counts the job running from the first plugin event, whichever comes first when reports cross', () => {
    const progressed: JobEvent = { type: 'PluginRunProgressed', version: 1, data: { jobId, plugin: 'aws', attempt: 1, resourceCounts: { vpcs: 1 }, at: '2024-03-16T10:01:00.000Z' } };
    expect(fold([requested, started, progressed])).toMatchObject({ status: 'running', started_at: '2024-03-16T10:01:00.000Z', progress: { phase: 'discovering', counts: { vpcs: 1 } } });
    const failed: JobEvent = { type: 'PluginRunFailed', version: 1, data: { jobId, plugin: 'aws', error: { code: 'invalid_credential', message: 'no' }, failedAt: '2024-03-16T10:01:30.000Z' } };
    expect(fold([requested, started, failed])).toMatchObject({ status: 'running', started_at: '2024-03-16T10:01:30.000Z' });
  });

  it('sums live per-plugin counts, replacing each plugin\'s previous figures', () => {
    const view = fold([
      requested,
      started,
      { type: 'PluginRunProgressed', version: 1, data: { jobId, plugin: 'aws', attempt: 1, resourceCounts: { vpcs: 1 }, at: 't1' } },
      { type: 'PluginRunProgressed', version: 1, data: { jobId, plugin: 'aws', attempt: 1, resourceCounts: { vpcs: 2, subnets: 6 }, at: 't2' } },
      { type: 'PluginRunProgressed', version: 1, data: { jobId, plugin: 'kubernetes', attempt: 1, resourceCounts: { pods: 4 }, at: 't3' } },
    ]);
    expect(view?.progress.counts).toEqual({ vpcs: 2, subnets: 6, pods: 4 });
    expect(view?.internal.last_activity_at).toBe('t3');
  });

  it('fills the bar as plugins complete, then through reconcile and audit', () => {
    const done = (plugin: string): JobEvent => ({
      type: 'PluginRunCompleted',
      version: 1,
      data: { jobId, plugin, attempt: 1, batches: 1, scope: plugin, resourceCounts: {}, completedAt: 't' },
    });
    expect(fold([requested, started, done('aws')])?.progress.percent).toBe(40);
    expect(fold([requested, started, done('aws'), done('kubernetes')])?.progress.percent).toBe(75);
  });

  it('moves the percent with the share of each run its plugin reports, never backwards', () => {
    const progressed = (plugin: string, fractionDone: number): JobEvent => ({
      type: 'PluginRunProgressed',
      version: 1,
      data: { jobId, plugin, attempt: 1, resourceCounts: {}, fractionDone, at: 't' },
    });
    const done = (plugin: string): JobEvent => ({
      type: 'PluginRunCompleted',
      version: 1,
      data: { jobId, plugin, attempt: 1, batches: 1, scope: plugin, resourceCounts: {}, completedAt: 't' },
    });
    // Two plugins share the 70 points of discovery: aws half done is 17.5 of them.
    expect(fold([requested, started, progressed('aws', 0.5)])?.progress.percent).toBe(22);
    expect(fold([requested, started, progressed('aws', 0.5), progressed('kubernetes', 0.5)])?.progress.percent).toBe(40);
    // Completed counts whole, whatever it last reported; the other keeps its share.
    expect(fold([requested, started, progressed('aws', 0.5), progressed('kubernetes', 0.2), done('aws')])?.progress.percent).toBe(47);
    // A redone attempt reporting less does not take the bar back.
    expect(fold([requested, started, progressed('aws', 0.8), progressed('aws', 0.1)])?.progress.percent).toBe(33);
    // Only discovery moves this way: a late report once reconciling changes counts, not the percent.
    const finished: JobEvent = { type: 'DiscoveryFinished', version: 1, data: { jobId, tenantId: 'acme-corp', runs: [], finishedAt: 't' } };
    expect(fold([requested, started, done('aws'), done('kubernetes'), finished, progressed('aws', 0.9)])?.progress).toMatchObject({ phase: 'reconciling', percent: 75 });
  });

  it('moves the percent through reconcile with the batches inventory has ingested, and counts it as activity', () => {
    const finished: JobEvent = { type: 'DiscoveryFinished', version: 1, data: { jobId, tenantId: 'acme-corp', runs: [], finishedAt: 't1' } };
    const ingested = (batchesIngested: number): JobEvent => ({ type: 'InventoryProgressed', version: 1, data: { jobId, batchesIngested, batchesTotal: 10, at: 't2' } });
    expect(fold([requested, started, finished])?.progress).toMatchObject({ phase: 'reconciling', percent: 75 });
    const view = fold([requested, started, finished, ingested(5)]);
    expect(view?.progress).toMatchObject({ phase: 'reconciling', percent: 82 });
    expect(view?.internal.last_activity_at).toBe('t2');
    expect(fold([requested, started, finished, ingested(10)])?.progress.percent).toBe(90);
  });

  it('moves the percent through the audit with the nodes evaluated, short of 100 until the job completes', () => {
    const finished: JobEvent = { type: 'DiscoveryFinished', version: 1, data: { jobId, tenantId: 'acme-corp', runs: [], finishedAt: 't1' } };
    const reconciled: JobEvent = {
      type: 'InventoryReconciled',
      version: 1,
      data: { jobId, nodesDiscovered: 1, nodesUpdated: 0, nodesRemoved: 0, edgesCreated: 0, reconciledAt: 't2' },
    };
    const audited = (nodesAudited: number): JobEvent => ({ type: 'AuditProgressed', version: 1, data: { jobId, nodesAudited, nodesTotal: 200, at: 't3' } });
    const before = [requested, started, finished, reconciled];
    expect(fold(before)?.progress).toMatchObject({ phase: 'auditing', percent: 90 });
    const view = fold([...before, audited(100)]);
    expect(view?.progress.percent).toBe(94);
    expect(view?.internal.last_activity_at).toBe('t3');
    expect(fold([...before, audited(200)])?.progress.percent).toBe(99);
  });

  it('shows the savings the audit found once it completes, and none before or from an engine that does not say', () => {
    const finished: JobEvent = { type: 'DiscoveryFinished', version: 1, data: { jobId, tenantId: 'acme-corp', runs: [], finishedAt: 't1' } };
    const reconciled: JobEvent = { type: 'InventoryReconciled', version: 1, data: { jobId, nodesDiscovered: 1, nodesUpdated: 0, nodesRemoved: 0, edgesCreated: 0, reconciledAt: 't2' } };
    const audited = (extra: { estimatedMonthlySavings?: number }): JobEvent => ({ type: 'AuditCompleted', version: 1, data: { jobId, findingsCreated: 3, findingsResolved: 0, auditedAt: 't3', ...extra } });
    expect(fold([requested, started, finished, reconciled])).not.toHaveProperty('estimated_monthly_savings');
    expect(fold([requested, started, finished, reconciled, audited({ estimatedMonthlySavings: 817.35 })])?.estimated_monthly_savings).toBe(817.35);
    expect(fold([requested, started, finished, reconciled, audited({})])).not.toHaveProperty('estimated_monthly_savings');
  });

  it('keeps the percent reached when failing, and records the error and end time', () => {
    const view = fold([
      requested,
      started,
      { type: 'PluginRunStarted', version: 1, data: { jobId, plugin: 'aws', attempt: 1, workerId: 'w1', startedAt: '2024-03-15T09:00:01.000Z' } },
      { type: 'JobFailed', version: 1, data: { jobId, error: { code: 'connection_refused', message: 'unreachable' }, failedAt: '2024-03-15T09:00:15.000Z' } },
    ]);
    expect(view).toMatchObject({ status: 'failed', completed_at: '2024-03-15T09:00:15.000Z', error: { code: 'connection_refused' }, progress: { phase: 'failed', percent: 5 } });
  });

  it('ends a job cancelled while it waited for a worker without a start time', () => {
    const view = fold([requested, started, { type: 'JobCancelled', version: 1, data: { jobId, cancelledAt: '2024-03-16T10:05:00.000Z' } }]);
    expect(view).toMatchObject({ status: 'cancelled', completed_at: '2024-03-16T10:05:00.000Z', progress: { phase: 'cancelled', percent: 0 } });
    expect(view?.started_at).toBeUndefined();
  });

  it('shows the statistics of what a cancelled job kept, the latest recorded, leaving its end as it was', () => {
    const cancelled: JobEvent = { type: 'JobCancelled', version: 1, data: { jobId, cancelledAt: '2024-03-16T10:05:00.000Z' } };
    const kept = (nodes: number): JobEvent => ({
      type: 'PartialStatsRecorded',
      version: 1,
      data: {
        jobId,
        stats: { nodes_discovered: nodes, nodes_updated: 0, nodes_removed: 0, edges_created: 4 * nodes, findings_created: 0, findings_resolved: 0, duration_seconds: 300 },
        recordedAt: '2024-03-16T10:05:02.000Z',
      },
    });
    const view = fold([requested, started, cancelled, kept(500), kept(1000)]);
    expect(view).toMatchObject({ status: 'cancelled', completed_at: '2024-03-16T10:05:00.000Z', stats: { nodes_discovered: 1000, edges_created: 4000, findings_created: 0 } });
  });

  it('ignores events before the job exists', () => {
    expect(fold([started])).toBeUndefined();
  });
});
