import { isTerminalStatus, type InventoryFigures, type JobEvent, type JobStats, type PluginRunOutput } from '@strata/contracts';
import { assertNever, type Decider } from '@strata/shared-domain';
import type { JobCommand } from './job-commands';
import {
  InvalidJobError,
  JobAlreadyExistsError,
  JobAlreadyTerminalError,
  JobNotFoundError,
  UnknownPluginRunError,
} from './job-errors';
import type { ExistingJob, JobState, PluginRunState } from './job-state';

/**
 * The Job aggregate: pending → discovering → reconciling → auditing → completed, or failed /
 * cancelled from any live phase. Reports that arrive late or twice (a redelivered work item, a
 * plugin finishing after a cancel) decide to nothing rather than fail: they are normal in a
 * distributed run, and the job's history must not depend on their timing.
 */
export const jobDecider: Decider<JobCommand, JobEvent, JobState> = {
  initialState: () => ({ kind: 'none' }),
  decide,
  evolve,
};

const NO_EVENTS: readonly JobEvent[] = [];

type CommandOf<Type extends JobCommand['type']> = Extract<JobCommand, { type: Type }>;

/**
 * Who a job waits for in each live phase, named in its timeout: a job stuck reconciling waits for
 * inventory (a full disk, a crashed service), not for the discovery workers.
 */
const SILENT_PARTY: Partial<Record<ExistingJob['phase'], string>> = {
  discovering: "the job's discovery workers",
  reconciling: 'inventory (ingesting the batches, then reconciling)',
  auditing: 'the audit engine',
};

function decide(command: JobCommand, state: JobState): readonly JobEvent[] {
  if (command.type === 'CreateJob') return decideCreateJob(command, state);
  if (state.kind === 'none') throw new JobNotFoundError();
  switch (command.type) {
    case 'CancelJob':
      return decideCancelJob(command, state);
    case 'FailJob':
      return decideFailJob(command, state);
    case 'TimeOutJob':
      return decideTimeOutJob(command, state);
    case 'NoteStillQueued':
      return decideNoteStillQueued(command, state);
    case 'StartPluginRun':
      return decideStartPluginRun(command, state);
    case 'RecordPluginProgress':
      return decideRecordPluginProgress(command, state);
    case 'CompletePluginRun':
      return decideCompletePluginRun(command, state);
    case 'FailPluginRun':
      return decideFailPluginRun(command, state);
    case 'RecordInventoryProgress':
      return decideRecordInventoryProgress(command, state);
    case 'RecordAuditProgress':
      return decideRecordAuditProgress(command, state);
    case 'RecordInventoryReconciled':
      return decideRecordInventoryReconciled(command, state);
    case 'RecordInventoryCounted':
      return decideRecordInventoryCounted(command, state);
    case 'RecordAuditCompleted':
      return decideRecordAuditCompleted(command, state);
    default:
      return assertNever(command);
  }
}

function decideCancelJob(command: CommandOf<'CancelJob'>, state: ExistingJob): readonly JobEvent[] {
  const { jobId } = state;
  if (isTerminalStatus(state.status)) throw new JobAlreadyTerminalError(state.status);
  return [{ type: 'JobCancelled', version: 1, data: { jobId, cancelledAt: command.now } }];
}

function decideFailJob(command: CommandOf<'FailJob'>, state: ExistingJob): readonly JobEvent[] {
  const { jobId } = state;
  if (isTerminalStatus(state.status)) return NO_EVENTS;
  return [{ type: 'JobFailed', version: 1, data: { jobId, error: command.error, failedAt: command.now } }];
}

function decideTimeOutJob(command: CommandOf<'TimeOutJob'>, state: ExistingJob): readonly JobEvent[] {
  const { jobId } = state;
  if (isTerminalStatus(state.status)) return NO_EVENTS;
  return [
    {
      type: 'JobFailed',
      version: 1,
      data: {
        jobId,
        error: { code: 'worker_timeout', message: `no word from ${SILENT_PARTY[state.phase] ?? "the job's workers"} since ${command.silentSince}` },
        failedAt: command.now,
      },
    },
  ];
}

function decideNoteStillQueued(command: CommandOf<'NoteStillQueued'>, state: ExistingJob): readonly JobEvent[] {
  const { jobId } = state;
  // Only a job no worker has taken yet is queued, and its log says so once.
  if (isTerminalStatus(state.status) || state.runningSince !== undefined || state.queueNoted || !state.startedAt) return NO_EVENTS;
  return [{ type: 'JobStillQueued', version: 1, data: { jobId, pendingSince: state.startedAt, queues: command.queues, at: command.now } }];
}

function decideStartPluginRun(command: CommandOf<'StartPluginRun'>, state: ExistingJob): readonly JobEvent[] {
  const { jobId } = state;
  const run = pluginRun(state, command.plugin);
  if (state.phase !== 'discovering' || run.status === 'completed' || run.status === 'failed') return NO_EVENTS;
  if (run.status === 'running' && run.attempt >= command.attempt) return NO_EVENTS;
  return [
    {
      type: 'PluginRunStarted',
      version: 1,
      data: { jobId, plugin: command.plugin, attempt: command.attempt, workerId: command.workerId, startedAt: command.now },
    },
  ];
}

function decideRecordPluginProgress(command: CommandOf<'RecordPluginProgress'>, state: ExistingJob): readonly JobEvent[] {
  const { jobId } = state;
  const run = pluginRun(state, command.plugin);
  if (state.phase !== 'discovering' || run.status !== 'running' || run.attempt !== command.attempt) return NO_EVENTS;
  return [
    {
      type: 'PluginRunProgressed',
      version: 1,
      data: {
        jobId,
        plugin: command.plugin,
        attempt: command.attempt,
        resourceCounts: command.resourceCounts,
        ...fractionField(command.fractionDone),
        at: command.now,
      },
    },
  ];
}

function decideCompletePluginRun(command: CommandOf<'CompletePluginRun'>, state: ExistingJob): readonly JobEvent[] {
  const { jobId } = state;
  const run = pluginRun(state, command.plugin);
  if (state.phase !== 'discovering' || run.status === 'completed' || run.status === 'failed') return NO_EVENTS;
  // Only the newest attempt's output counts: an older attempt that finishes late published
  // batches inventory may already have superseded.
  if (command.attempt < run.attempt) return NO_EVENTS;
  const output: PluginRunOutput = {
    plugin: command.plugin,
    attempt: command.attempt,
    batches: command.batches,
    scope: command.scope,
    ...(command.startedAt === undefined ? {} : { startedAt: command.startedAt }),
  };
  const completed: JobEvent = {
    type: 'PluginRunCompleted',
    version: 1,
    data: { jobId, ...output, resourceCounts: command.resourceCounts, completedAt: command.now },
  };
  const others = Object.entries(state.plugins).filter(([id]) => id !== command.plugin);
  if (!others.every(([, other]) => other.status === 'completed')) return [completed];
  const runs = [...others.map(([, other]) => other.output!), output];
  return [completed, { type: 'DiscoveryFinished', version: 1, data: { jobId, tenantId: state.tenantId, runs, finishedAt: command.now, ...(state.startedAt ? { startedAt: state.startedAt } : {}) } }];
}

function decideFailPluginRun(command: CommandOf<'FailPluginRun'>, state: ExistingJob): readonly JobEvent[] {
  const { jobId } = state;
  const run = pluginRun(state, command.plugin);
  if (state.phase !== 'discovering' || run.status === 'completed' || run.status === 'failed') return NO_EVENTS;
  // One failed plugin fails the job: a partial scope would make reconcile remove what the
  // failed plugin simply did not get to see.
  return [
    { type: 'PluginRunFailed', version: 1, data: { jobId, plugin: command.plugin, error: command.error, failedAt: command.now } },
    { type: 'JobFailed', version: 1, data: { jobId, error: command.error, failedAt: command.now } },
  ];
}

function decideRecordInventoryProgress(command: CommandOf<'RecordInventoryProgress'>, state: ExistingJob): readonly JobEvent[] {
  const { jobId } = state;
  const { batchesIngested, batchesTotal } = command;
  // Only news is recorded: reports arrive out of order and again after a redelivery.
  if (state.phase !== 'reconciling' || !isNewCount(batchesIngested, batchesTotal, state.batchesIngested)) return NO_EVENTS;
  return [{ type: 'InventoryProgressed', version: 1, data: { jobId, batchesIngested, batchesTotal, at: command.now } }];
}

function decideRecordAuditProgress(command: CommandOf<'RecordAuditProgress'>, state: ExistingJob): readonly JobEvent[] {
  const { jobId } = state;
  const { nodesAudited, nodesTotal } = command;
  if (state.phase !== 'auditing' || !isNewCount(nodesAudited, nodesTotal, state.nodesAudited)) return NO_EVENTS;
  return [{ type: 'AuditProgressed', version: 1, data: { jobId, nodesAudited, nodesTotal, at: command.now } }];
}

function decideRecordInventoryReconciled(command: CommandOf<'RecordInventoryReconciled'>, state: ExistingJob): readonly JobEvent[] {
  const { jobId } = state;
  if (state.phase !== 'reconciling') return NO_EVENTS;
  return [
    {
      type: 'InventoryReconciled',
      version: 1,
      data: {
        jobId,
        nodesDiscovered: command.nodesDiscovered,
        nodesUpdated: command.nodesUpdated,
        nodesRemoved: command.nodesRemoved,
        edgesCreated: command.edgesCreated,
        reconciledAt: command.now,
        ...(command.concurrentJobs?.length ? { concurrentJobs: [...command.concurrentJobs] } : {}),
      },
    },
  ];
}

function decideRecordInventoryCounted(command: CommandOf<'RecordInventoryCounted'>, state: ExistingJob): readonly JobEvent[] {
  const { jobId } = state;
  if ((state.status !== 'cancelled' && state.status !== 'failed') || !state.endedAt) return NO_EVENTS;
  // Not audited: no findings.
  const stats = jobStats(command, { findingsCreated: 0, findingsResolved: 0 }, durationSeconds(state.runningSince ?? state.startedAt, state.endedAt));
  if (!addsToKept(stats, state.partialStats)) return NO_EVENTS;
  return [{ type: 'PartialStatsRecorded', version: 1, data: { jobId, stats, recordedAt: command.now } }];
}

function decideRecordAuditCompleted(command: CommandOf<'RecordAuditCompleted'>, state: ExistingJob): readonly JobEvent[] {
  const { jobId } = state;
  if (state.phase !== 'auditing' || !state.inventory) return NO_EVENTS;
  const stats = jobStats(state.inventory, command, durationSeconds(state.runningSince ?? state.startedAt, command.now));
  return [
    {
      type: 'AuditCompleted',
      version: 1,
      data: {
        jobId,
        findingsCreated: command.findingsCreated,
        findingsResolved: command.findingsResolved,
        auditedAt: command.now,
        ...(command.estimatedMonthlySavings !== undefined ? { estimatedMonthlySavings: command.estimatedMonthlySavings } : {}),
        ...(command.currency !== undefined ? { currency: command.currency } : {}),
      },
    },
    { type: 'JobCompleted', version: 1, data: { jobId, stats, completedAt: command.now } },
  ];
}

function decideCreateJob(command: CommandOf<'CreateJob'>, state: JobState): readonly JobEvent[] {
  if (state.kind !== 'none') throw new JobAlreadyExistsError(command.jobId);
  if (command.plugins.length === 0) throw new InvalidJobError('a job needs at least one plugin');
  if (new Set(command.plugins).size !== command.plugins.length) throw new InvalidJobError('plugins must not repeat');
  const configured = Object.keys(command.pluginConfigs);
  if (configured.length !== command.plugins.length || !command.plugins.every((p) => configured.includes(p))) {
    throw new InvalidJobError('every plugin needs its configuration, and only the job\'s plugins have one');
  }
  const { jobId } = command;
  return [
    {
      type: 'JobRequested',
      version: 1,
      data: {
        jobId,
        tenantId: command.tenantId,
        name: command.name,
        plugins: command.plugins,
        credentialId: command.credentialId,
        config: command.config,
        pluginConfigs: command.pluginConfigs,
        ...(command.pluginCredentials ? { pluginCredentials: command.pluginCredentials } : {}),
        ...(command.requestHash ? { requestHash: command.requestHash } : {}),
        requestedAt: command.now,
      },
    },
    { type: 'JobStarted', version: 1, data: { jobId, startedAt: command.now } },
  ];
}

function pluginRun(state: ExistingJob, plugin: string): PluginRunState {
  const run = state.plugins[plugin];
  if (!run) throw new UnknownPluginRunError(plugin);
  return run;
}

/** The API's statistics from inventory's figures and the audit's. */
function jobStats(inventory: InventoryFigures, audit: { findingsCreated: number; findingsResolved: number }, duration_seconds: number): JobStats {
  return {
    nodes_discovered: inventory.nodesDiscovered,
    nodes_updated: inventory.nodesUpdated,
    nodes_removed: inventory.nodesRemoved,
    edges_created: inventory.edgesCreated,
    findings_created: audit.findingsCreated,
    findings_resolved: audit.findingsResolved,
    duration_seconds,
  };
}

function durationSeconds(startedAt: string | undefined, endedAt: string): number {
  if (!startedAt) return 0;
  return Math.max(0, Math.round((Date.parse(endedAt) - Date.parse(startedAt)) / 1000));
}

function withPlugin(state: ExistingJob, plugin: string, change: Partial<PluginRunState>): ExistingJob {
  const current = state.plugins[plugin] ?? { status: 'pending', attempt: 0, resourceCounts: {} };
  return { ...state, plugins: { ...state.plugins, [plugin]: { ...current, ...change } } };
}

function evolve(state: JobState, event: JobEvent): JobState {
  if (event.type === 'JobRequested') {
    const { data } = event;
    return {
      kind: 'job',
      jobId: data.jobId,
      tenantId: data.tenantId,
      status: 'pending',
      phase: 'pending',
      plugins: Object.fromEntries(data.plugins.map((p) => [p, { status: 'pending', attempt: 0, resourceCounts: {} }])),
    };
  }
  if (state.kind === 'none') return state;

  switch (event.type) {
    case 'JobStarted':
      return { ...state, status: 'running', phase: 'discovering', startedAt: event.data.startedAt };
    case 'JobStillQueued':
      return { ...state, queueNoted: true };
    case 'PluginRunStarted':
      return { ...withPlugin(state, event.data.plugin, { status: 'running', attempt: event.data.attempt }), runningSince: state.runningSince ?? event.data.startedAt };
    case 'PluginRunProgressed':
      return withPlugin(state, event.data.plugin, { resourceCounts: event.data.resourceCounts });
    case 'PluginRunCompleted': {
      const { plugin, attempt, batches, scope, startedAt, resourceCounts } = event.data;
      const output = { plugin, attempt, batches, scope, ...(startedAt === undefined ? {} : { startedAt }) };
      return withPlugin(state, plugin, { status: 'completed', attempt, resourceCounts, output });
    }
    case 'PluginRunFailed':
      return withPlugin(state, event.data.plugin, { status: 'failed' });
    case 'DiscoveryFinished':
      return { ...state, phase: 'reconciling' };
    case 'InventoryProgressed':
      return { ...state, batchesIngested: event.data.batchesIngested };
    case 'InventoryReconciled': {
      const { nodesDiscovered, nodesUpdated, nodesRemoved, edgesCreated } = event.data;
      return { ...state, phase: 'auditing', inventory: { nodesDiscovered, nodesUpdated, nodesRemoved, edgesCreated } };
    }
    case 'AuditProgressed':
      return { ...state, nodesAudited: event.data.nodesAudited };
    case 'AuditCompleted':
      return state;
    case 'JobCompleted':
      return { ...state, status: 'completed', phase: 'completed' };
    case 'JobFailed':
      return { ...state, status: 'failed', phase: 'failed', error: event.data.error, endedAt: event.data.failedAt };
    case 'JobCancelled':
      return { ...state, status: 'cancelled', phase: 'cancelled', endedAt: event.data.cancelledAt };
    case 'PartialStatsRecorded':
      return { ...state, partialStats: event.data.stats };
    default:
      return assertNever(event);
  }
}

const KEPT_FIGURES = ['nodes_discovered', 'nodes_updated', 'nodes_removed', 'edges_created'] as const;

/**
 * Whether inventory's count of what an ended job kept is news: the figures only grow as its last
 * batches are stored, so a count that is lower anywhere is an older one arriving late, and one
 * that is equal a repeat. A job that kept nothing has no statistics, as the seed's failed job.
 */
function addsToKept(counted: JobStats, recorded: JobStats | undefined): boolean {
  if (recorded === undefined) return KEPT_FIGURES.some((figure) => counted[figure] > 0);
  return KEPT_FIGURES.every((figure) => counted[figure] >= recorded[figure]) && KEPT_FIGURES.some((figure) => counted[figure] > recorded[figure]);
}

/** A progress count worth recording: whole, within its total, and past the last one recorded. */
function isNewCount(done: number, total: number, recorded = 0): boolean {
  return Number.isInteger(done) && Number.isInteger(total) && done >= 0 && done <= total && done > recorded;
}

/** A reported share of a run done, kept only when it is one (a number from 0 to 1). */
function fractionField(fractionDone: number | undefined): { fractionDone?: number } {
  return fractionDone !== undefined && Number.isFinite(fractionDone) && fractionDone >= 0 && fractionDone <= 1 ? { fractionDone } : {};
}
