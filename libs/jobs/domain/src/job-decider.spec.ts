import type { JobEvent, JobStats } from '@strata/contracts';
import { deciderSpec } from '@strata/testing';
import { jobDecider } from './job-decider';
import { JobAlreadyExistsError, JobAlreadyTerminalError, JobNotFoundError, InvalidJobError, UnknownPluginRunError } from './job-errors';

const spec = deciderSpec(jobDecider);
const jobId = 'job-1';
const T0 = '2026-11-22T10:00:00.000Z';
const T1 = '2026-11-22T10:00:05.000Z';
const T2 = '2026-11-22T10:03:07.400Z';

const requested: JobEvent = {
  type: 'JobRequested',
  version: 1,
  data: {
    jobId,
    tenantId: 'acme-corp',
    name: 'Full',
    plugins: ['aws', 'kubernetes'],
    credentialId: 'cred-1',
    config: { aws: { regions: ['us-east-1'] }, kubernetes: {} },
    pluginConfigs: { aws: { regions: ['us-east-1'] }, kubernetes: {} },
    requestedAt: T0,
  },
};
const started: JobEvent = { type: 'JobStarted', version: 1, data: { jobId, startedAt: T0 } };
const awsOutput = { plugin: 'aws', attempt: 1, batches: 3, scope: 'aws:123' };
const k8sOutput = { plugin: 'kubernetes', attempt: 1, batches: 1, scope: 'k8s:prod' };
const awsDone: JobEvent = { type: 'PluginRunCompleted', version: 1, data: { jobId, ...awsOutput, resourceCounts: { vpcs: 2 }, completedAt: T1 } };
const k8sDone: JobEvent = { type: 'PluginRunCompleted', version: 1, data: { jobId, ...k8sOutput, resourceCounts: { pods: 9 }, completedAt: T1 } };
const discovered: JobEvent = {
  type: 'DiscoveryFinished',
  version: 1,
  data: { jobId, tenantId: 'acme-corp', runs: [awsOutput, k8sOutput], finishedAt: T1, startedAt: T0 },
};
const completeAws = { type: 'CompletePluginRun', ...awsOutput, resourceCounts: { vpcs: 2 }, now: T1 } as const;
const completeK8s = { type: 'CompletePluginRun', ...k8sOutput, resourceCounts: { pods: 9 }, now: T1 } as const;
const reconciled: JobEvent = {
  type: 'InventoryReconciled',
  version: 1,
  data: { jobId, nodesDiscovered: 1247, nodesUpdated: 312, nodesRemoved: 8, edgesCreated: 4820, reconciledAt: T2 },
};
const running = [requested, started];

describe('Job decider', () => {
  describe('CreateJob', () => {
    const create = {
      type: 'CreateJob',
      jobId,
      tenantId: 'acme-corp',
      name: 'Full',
      plugins: ['aws', 'kubernetes'],
      credentialId: 'cred-1',
      config: { aws: { regions: ['us-east-1'] }, kubernetes: {} },
      pluginConfigs: { aws: { regions: ['us-east-1'] }, kubernetes: {} },
      now: T0,
    } as const;

    it('requests and starts the job', () => spec.given([]).when(create).then([requested, started]));
    it('refuses a job id that exists', () => spec.given(running).when(create).thenThrows(JobAlreadyExistsError));
    it('refuses no plugins or repeated plugins', () => {
      spec.given([]).when({ ...create, plugins: [] }).thenThrows(InvalidJobError);
      spec.given([]).when({ ...create, plugins: ['aws', 'aws'] }).thenThrows(InvalidJobError);
    });
    it('refuses a plugin without configuration, or configuration for a plugin not in the job', () => {
      spec.given([]).when({ ...create, pluginConfigs: { aws: {} } }).thenThrows(InvalidJobError);
      spec.given([]).when({ ...create, pluginConfigs: { aws: {}, gcp: {} } }).thenThrows(InvalidJobError);
    });
    it('is running in the discovering phase afterwards', () => {
      expect(spec.given([]).when(create).thenState()).toMatchObject({ status: 'running', phase: 'discovering' });
    });
  });

  describe('a job still queued', () => {
    const queues = [{ plugin: 'aws', workersSeen: false, runsWaiting: 1, runsInProgress: 0 }, { plugin: 'kubernetes', workersSeen: true, runsWaiting: 3, runsInProgress: 2 }];
    const note = { type: 'NoteStillQueued', queues, now: T2 } as const;
    const noted: JobEvent = { type: 'JobStillQueued', version: 1, data: { jobId, pendingSince: T0, queues, at: T2 } };
    const awsTaken: JobEvent = { type: 'PluginRunStarted', version: 1, data: { jobId, plugin: 'aws', attempt: 1, workerId: 'w1', startedAt: T1 } };

    it('notes where its runs wait, since it started', () => spec.given(running).when(note).then([noted]));
    it('notes it once', () => spec.given([...running, noted]).when(note).then([]));
    it('notes nothing once a worker took one of its runs, or once it ended', () => {
      spec.given([...running, awsTaken]).when(note).then([]);
      spec.given([...running, { type: 'JobCancelled', version: 1, data: { jobId, cancelledAt: T1 } }]).when(note).then([]);
    });
    it('refuses an unknown job', () => spec.given([]).when(note).thenThrows(JobNotFoundError));
  });

  describe('plugin runs', () => {
    it('moves to reconciling only when every plugin completed', () => {
      spec.given(running).when(completeAws).then([awsDone]);
      spec.given([...running, awsDone]).when(completeK8s).then([k8sDone, discovered]);
    });

    it('hands inventory every run\'s output when discovery finishes, whatever the completion order', () => {
      spec
        .given([...running, k8sDone])
        .when(completeAws)
        .then([awsDone, { ...discovered, data: { ...discovered.data, runs: [k8sOutput, awsOutput] } } as JobEvent]);
    });

    it('records progress of the current attempt only', () => {
      const startedRun: JobEvent = { type: 'PluginRunStarted', version: 1, data: { jobId, plugin: 'aws', attempt: 2, workerId: 'w', startedAt: T0 } };
      const progress = { type: 'RecordPluginProgress', plugin: 'aws', attempt: 2, resourceCounts: { vpcs: 1 }, now: T1 } as const;
      spec
        .given([...running, startedRun])
        .when(progress)
        .then([{ type: 'PluginRunProgressed', version: 1, data: { jobId, plugin: 'aws', attempt: 2, resourceCounts: { vpcs: 1 }, at: T1 } }]);
      spec.given([...running, startedRun]).when({ ...progress, attempt: 1 }).thenNothingHappens();
    });

    it('records the share of the run done when it is one, and drops it when it is not', () => {
      const startedRun: JobEvent = { type: 'PluginRunStarted', version: 1, data: { jobId, plugin: 'aws', attempt: 1, workerId: 'w', startedAt: T0 } };
      const progress = { type: 'RecordPluginProgress', plugin: 'aws', attempt: 1, resourceCounts: { vpcs: 1 }, now: T1 } as const;
      const recorded = (extra: object) => [{ type: 'PluginRunProgressed', version: 1, data: { jobId, plugin: 'aws', attempt: 1, resourceCounts: { vpcs: 1 }, ...extra, at: T1 } }] as JobEvent[];
      spec.given([...running, startedRun]).when({ ...progress, fractionDone: 0.25 }).then(recorded({ fractionDone: 0.25 }));
      for (const bad of [-0.1, 1.5, Number.NaN]) spec.given([...running, startedRun]).when({ ...progress, fractionDone: bad }).then(recorded({}));
    });

    it('ignores the completion of an attempt older than the running one', () => {
      const retried: JobEvent = { type: 'PluginRunStarted', version: 1, data: { jobId, plugin: 'aws', attempt: 2, workerId: 'w2', startedAt: T0 } };
      spec.given([...running, retried]).when(completeAws).thenNothingHappens();
    });

    it('ignores a completion reported twice (a redelivered work item)', () =>
      spec.given([...running, awsDone]).when({ ...completeAws, now: T2 }).thenNothingHappens());

    it('records a newer attempt of a run, not an older or equal one', () => {
      const start = { type: 'StartPluginRun', plugin: 'aws', attempt: 1, workerId: 'w1', now: T0 } as const;
      const startedRun: JobEvent = { type: 'PluginRunStarted', version: 1, data: { jobId, plugin: 'aws', attempt: 1, workerId: 'w1', startedAt: T0 } };
      spec.given(running).when(start).then([startedRun]);
      spec.given([...running, startedRun]).when(start).thenNothingHappens();
      spec
        .given([...running, startedRun])
        .when({ ...start, attempt: 2, workerId: 'w2' })
        .then([{ type: 'PluginRunStarted', version: 1, data: { jobId, plugin: 'aws', attempt: 2, workerId: 'w2', startedAt: T0 } }]);
    });

    it('fails the job when one plugin fails, with the plugin error', () => {
      const error = { code: 'invalid_credential', message: 'The security token included in the request is expired' } as const;
      spec
        .given(running)
        .when({ type: 'FailPluginRun', plugin: 'aws', error, now: T1 })
        .then([
          { type: 'PluginRunFailed', version: 1, data: { jobId, plugin: 'aws', error, failedAt: T1 } },
          { type: 'JobFailed', version: 1, data: { jobId, error, failedAt: T1 } },
        ]);
    });

    it('refuses a plugin that is not part of the job', () =>
      spec.given(running).when({ ...completeAws, plugin: 'gcp' }).thenThrows(UnknownPluginRunError));

    it('ignores a plugin finishing after the job was cancelled (data kept, history unchanged)', () => {
      const cancelled: JobEvent = { type: 'JobCancelled', version: 1, data: { jobId, cancelledAt: T1 } };
      spec.given([...running, cancelled]).when({ ...completeAws, now: T2 }).thenNothingHappens();
    });
  });

  describe('reconcile and audit', () => {
    const discoveredJob = [...running, awsDone, k8sDone, discovered];

    it('records the savings the audit reports with its figures', () => {
      const [audited] = jobDecider.decide({ type: 'RecordAuditCompleted', findingsCreated: 3, findingsResolved: 1, estimatedMonthlySavings: 817.35, now: T2 }, [...discoveredJob, reconciled].reduce(jobDecider.evolve, jobDecider.initialState()));
      expect(audited).toEqual({ type: 'AuditCompleted', version: 1, data: { jobId, findingsCreated: 3, findingsResolved: 1, auditedAt: T2, estimatedMonthlySavings: 817.35 } });
    });

    it('completes with the stats the API documents, duration from start to end', () => {
      spec
        .given([...discoveredJob, reconciled])
        .when({ type: 'RecordAuditCompleted', findingsCreated: 34, findingsResolved: 12, now: T2 })
        .then([
          { type: 'AuditCompleted', version: 1, data: { jobId, findingsCreated: 34, findingsResolved: 12, auditedAt: T2 } },
          {
            type: 'JobCompleted',
            version: 1,
            data: {
              jobId,
              completedAt: T2,
              stats: {
                nodes_discovered: 1247,
                nodes_updated: 312,
                nodes_removed: 8,
                edges_created: 4820,
                findings_created: 34,
                findings_resolved: 12,
                duration_seconds: 187,
              },
            },
          },
        ]);
    });

    it('counts the duration from when a worker first took a run, not from the time queued', () => {
      const taken: JobEvent = { type: 'PluginRunStarted', version: 1, data: { jobId, plugin: 'aws', attempt: 1, workerId: 'w1', startedAt: T1 } };
      const state = [...running, taken, awsDone, k8sDone, discovered, reconciled].reduce(jobDecider.evolve, jobDecider.initialState());
      const [, completed] = jobDecider.decide({ type: 'RecordAuditCompleted', findingsCreated: 0, findingsResolved: 0, now: T2 }, state);
      // T1 10:00:05 to T2 10:03:07.4: 182 s, where the job was started (queued) at T0, 5 s earlier.
      expect(completed).toMatchObject({ type: 'JobCompleted', data: { stats: { duration_seconds: 182 } } });
    });

    it('records inventory\'s progress through the batches while reconciling, news only', () => {
      const reconciling = [...running, awsDone, k8sDone, discovered];
      const progress = (batchesIngested: number, batchesTotal = 4) => ({ type: 'RecordInventoryProgress', batchesIngested, batchesTotal, now: T2 }) as const;
      const progressed = (batchesIngested: number): JobEvent => ({ type: 'InventoryProgressed', version: 1, data: { jobId, batchesIngested, batchesTotal: 4, at: T2 } });
      spec.given(reconciling).when(progress(1)).then([progressed(1)]);
      spec.given([...reconciling, progressed(2)]).when(progress(3)).then([progressed(3)]);
      // Late, repeated or nonsensical reports, and any report outside reconcile, record nothing.
      spec.given([...reconciling, progressed(2)]).when(progress(2)).thenNothingHappens();
      spec.given([...reconciling, progressed(2)]).when(progress(1)).thenNothingHappens();
      for (const [ingested, total] of [[5, 4], [-1, 4], [1.5, 4]] as const) spec.given(reconciling).when(progress(ingested, total)).thenNothingHappens();
      spec.given(running).when(progress(1)).thenNothingHappens();
      spec.given([...reconciling, reconciled]).when(progress(4)).thenNothingHappens();
    });

    it('records the audit\'s progress through the nodes while auditing, news only', () => {
      const auditing = [...running, awsDone, k8sDone, discovered, reconciled];
      const progress = (nodesAudited: number) => ({ type: 'RecordAuditProgress', nodesAudited, nodesTotal: 1000, now: T2 }) as const;
      const progressed = (nodesAudited: number): JobEvent => ({ type: 'AuditProgressed', version: 1, data: { jobId, nodesAudited, nodesTotal: 1000, at: T2 } });
      spec.given(auditing).when(progress(500)).then([progressed(500)]);
      spec.given([...auditing, progressed(500)]).when(progress(500)).thenNothingHappens();
      spec.given(auditing).when(progress(1001)).thenNothingHappens();
      spec.given([...running, awsDone, k8sDone, discovered]).when(progress(500)).thenNothingHappens();
    });

    it('records the jobs inventory found over the same scope at the same time, and only when there were any', () => {
      const reconciling = [...running, awsDone, k8sDone, discovered];
      const report = { type: 'RecordInventoryReconciled', nodesDiscovered: 1247, nodesUpdated: 312, nodesRemoved: 8, edgesCreated: 4820, now: T2 } as const;
      spec.given(reconciling).when({ ...report, concurrentJobs: ['job-2'] }).then([{ ...reconciled, data: { ...reconciled.data, concurrentJobs: ['job-2'] } } as JobEvent]);
      spec.given(reconciling).when({ ...report, concurrentJobs: [] }).then([reconciled]);
    });

    it('ignores an inventory report before discovery finished', () =>
      spec
        .given(running)
        .when({ type: 'RecordInventoryReconciled', nodesDiscovered: 1, nodesUpdated: 0, nodesRemoved: 0, edgesCreated: 0, now: T1 })
        .thenNothingHappens());
  });

  describe('cancel and time-out', () => {
    it('cancels a running job', () =>
      spec.given(running).when({ type: 'CancelJob', now: T1 }).then([{ type: 'JobCancelled', version: 1, data: { jobId, cancelledAt: T1 } }]));

    it('refuses to cancel a job that ended (409)', () => {
      const failed: JobEvent = { type: 'JobFailed', version: 1, data: { jobId, error: { code: 'rate_limited', message: 'x' }, failedAt: T1 } };
      spec.given([...running, failed]).when({ type: 'CancelJob', now: T2 }).thenThrows(JobAlreadyTerminalError);
    });

    it('fails a live job when another service cannot go on with it, and ignores that once it ended', () => {
      const error = { code: 'node_limit_exceeded', message: 'over the limit by 12 nodes' } as const;
      spec.given(running).when({ type: 'FailJob', error, now: T1 }).then([{ type: 'JobFailed', version: 1, data: { jobId, error, failedAt: T1 } }]);
      const cancelled: JobEvent = { type: 'JobCancelled', version: 1, data: { jobId, cancelledAt: T1 } };
      spec.given([...running, cancelled]).when({ type: 'FailJob', error, now: T2 }).thenNothingHappens();
    });

    it('refuses commands for a job that does not exist', () =>
      spec.given([]).when({ type: 'CancelJob', now: T1 }).thenThrows(JobNotFoundError));

    it('fails a silent job with worker_timeout, once', () => {
      const timeOut = { type: 'TimeOutJob', silentSince: T0, now: T2 } as const;
      const [event] = jobDecider.decide(timeOut, running.reduce(jobDecider.evolve, jobDecider.initialState()));
      expect(event).toMatchObject({ type: 'JobFailed', data: { error: { code: 'worker_timeout', message: `no word from the job's discovery workers since ${T0}` } } });
      spec.given([...running, event!]).when(timeOut).thenNothingHappens();
    });

    it('names inventory in the timeout of a job stuck reconciling', () => {
      const state = [...running, awsDone, k8sDone, discovered].reduce(jobDecider.evolve, jobDecider.initialState());
      expect(state).toMatchObject({ phase: 'reconciling' });
      const [event] = jobDecider.decide({ type: 'TimeOutJob', silentSince: T1, now: T2 }, state);
      expect(event).toMatchObject({ data: { error: { code: 'worker_timeout', message: `no word from inventory (ingesting the batches, then reconciling) since ${T1}` } } });
    });
  });

  describe('what a job that ended early kept', () => {
    const awsTaken: JobEvent = { type: 'PluginRunStarted', version: 1, data: { jobId, plugin: 'aws', attempt: 1, workerId: 'w1', startedAt: T1 } };
    const cancelled: JobEvent = { type: 'JobCancelled', version: 1, data: { jobId, cancelledAt: T2 } };
    const counted = { type: 'RecordInventoryCounted', nodesDiscovered: 500, nodesUpdated: 20, nodesRemoved: 0, edgesCreated: 1900, now: T2 } as const;
    const statsOf = (figures: { nodes: number; updated: number; edges: number }, duration: number): JobStats => ({
      nodes_discovered: figures.nodes,
      nodes_updated: figures.updated,
      nodes_removed: 0,
      edges_created: figures.edges,
      findings_created: 0,
      findings_resolved: 0,
      duration_seconds: duration,
    });
    const kept = (figures: { nodes: number; updated: number; edges: number }, duration = 182): JobEvent => ({
      type: 'PartialStatsRecorded',
      version: 1,
      data: { jobId, stats: statsOf(figures, duration), recordedAt: T2 },
    });

    it('records the statistics of what a cancelled job kept, no findings, duration from its first run to its end', () =>
      spec.given([...running, awsTaken, cancelled]).when(counted).then([kept({ nodes: 500, updated: 20, edges: 1900 })]));

    it('records them for a failed job too', () => {
      const failed: JobEvent = { type: 'JobFailed', version: 1, data: { jobId, error: { code: 'rate_limited', message: 'x' }, failedAt: T2 } };
      spec.given([...running, failed]).when(counted).then([kept({ nodes: 500, updated: 20, edges: 1900 }, 187)]);
    });

    it('records a later count that adds batches still on their way, and ignores a repeat or an older count arriving late', () => {
      const first = kept({ nodes: 500, updated: 20, edges: 1900 });
      spec.given([...running, awsTaken, cancelled, first]).when({ ...counted, nodesDiscovered: 1000, edgesCreated: 3900 }).then([kept({ nodes: 1000, updated: 20, edges: 3900 })]);
      spec.given([...running, awsTaken, cancelled, first]).when(counted).thenNothingHappens();
      spec.given([...running, awsTaken, cancelled, first]).when({ ...counted, nodesDiscovered: 400, edgesCreated: 4000 }).thenNothingHappens();
    });

    it('records nothing for a job that kept nothing, as the API shows a failed job without statistics', () =>
      spec.given([...running, cancelled]).when({ ...counted, nodesDiscovered: 0, nodesUpdated: 0, edgesCreated: 0 }).thenNothingHappens());

    it('ignores a count for a job still running or completed: reconcile reports those', () => {
      spec.given([...running, awsTaken]).when(counted).thenNothingHappens();
      const completed: JobEvent = { type: 'JobCompleted', version: 1, data: { jobId, stats: statsOf({ nodes: 1, updated: 0, edges: 0 }, 182), completedAt: T2 } };
      spec.given([...running, awsTaken, completed]).when(counted).thenNothingHappens();
    });
  });
});
