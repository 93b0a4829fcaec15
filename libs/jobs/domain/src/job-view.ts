import type { JobError, JobEvent, JobPhase, JobStats, JobStatus } from '@strata/contracts';
import { assertNever } from '@strata/shared-domain';

/**
 * The job read model: what `GET /jobs/{id}` and the list serve, kept up to date by folding the
 * job's events. Field names are the public API's; the `internal` part is never sent.
 */
export interface JobView {
  id: string;
  tenant_id: string;
  name: string;
  status: JobStatus;
  plugins: readonly string[];
  credential_id: string;
  config: Readonly<Record<string, unknown>>;
  stats?: JobStats;
  error?: JobError;
  /** USD a month the open cost findings of its scopes would save, once audited. */
  estimated_monthly_savings?: number;
  /** The currency of `estimated_monthly_savings`: the tenant's when the job was audited. */
  currency?: string;
  progress: { phase: JobPhase; percent: number; counts: Record<string, number> };
  created_at: string;
  started_at?: string;
  completed_at?: string;
  internal: {
    /** Latest counts per plugin; `progress.counts` is their sum. */
    plugin_counts: Record<string, Record<string, number>>;
    plugins_completed: number;
    /** The share done each running plugin last reported (absent: it never said). */
    plugin_fractions?: Record<string, number>;
    /** When the job last heard from anything working on it (for the silence timeout). */
    last_activity_at: string;
    /** When its log said why it is still pending (it says so once). */
    queue_noted_at?: string;
    request_hash?: string;
    /** Revision of the last job event folded in; the projection skips anything not newer. */
    revision?: number;
  };
}

/** Share of the progress bar each phase starts at; discovery fills most of it. */
const PHASE_START: Record<JobPhase, number> = {
  pending: 0,
  discovering: 5,
  reconciling: 75,
  auditing: 90,
  completed: 100,
  failed: 100,
  cancelled: 100,
};

function sumCounts(perPlugin: Record<string, Record<string, number>>): Record<string, number> {
  const total: Record<string, number> = {};
  for (const counts of Object.values(perPlugin)) {
    for (const [key, value] of Object.entries(counts)) total[key] = (total[key] ?? 0) + value;
  }
  return total;
}

function withCounts(view: JobView, plugin: string, counts: Readonly<Record<string, number>>, at: string): JobView {
  const plugin_counts = { ...view.internal.plugin_counts, [plugin]: { ...counts } };
  return { ...view, progress: { ...view.progress, counts: sumCounts(plugin_counts) }, internal: { ...view.internal, plugin_counts, last_activity_at: at } };
}

/**
 * The percent of a job in discovery: the discovery share of the bar split evenly between its
 * plugins, a completed plugin counting whole and a running one by the share it reported. Never
 * lower than what the view already shows (a redone attempt starts its share again from 0).
 */
function discoveryPercent(view: JobView, pluginsCompleted: number, fractions: Readonly<Record<string, number>>): number {
  const done = pluginsCompleted + Object.values(fractions).reduce((sum, fraction) => sum + fraction, 0);
  const share = (PHASE_START.reconciling - PHASE_START.discovering) * Math.min(1, done / view.plugins.length);
  return Math.max(view.progress.percent, Math.floor(PHASE_START.discovering + share));
}

/**
 * The percent `done` of `total` through the current phase's band (reconciling 75-90, auditing
 * 90-100, short of 100 until the job completes), never lower than shown; also activity.
 */
function withPhaseShare(view: JobView, done: number, total: number, at: string): JobView {
  const start = PHASE_START[view.progress.phase];
  const end = view.progress.phase === 'auditing' ? PHASE_START.completed - 1 : PHASE_START.auditing;
  const share = total > 0 ? (end - start) * Math.min(1, done / total) : 0;
  const percent = Math.max(view.progress.percent, Math.floor(start + share));
  return { ...view, progress: { ...view.progress, percent }, internal: { ...view.internal, last_activity_at: at } };
}

function inPhase(view: JobView, phase: JobPhase, at: string): JobView {
  return { ...view, progress: { ...view.progress, phase, percent: PHASE_START[phase] }, internal: { ...view.internal, last_activity_at: at } };
}

/**
 * A job is `pending` ("created, not yet started") until a worker takes one of its runs: queued
 * behind other jobs, it is not running. Whichever plugin event comes first starts it (a report of
 * progress or completion may be folded before the run's start when reports cross).
 */
function takenByWorker(view: JobView, at: string): JobView {
  if (view.status !== 'pending') return view;
  return { ...inPhase(view, 'discovering', at), status: 'running', started_at: at };
}

function ended(view: JobView, status: JobStatus, phase: JobPhase, at: string): JobView {
  // A failed or cancelled job keeps the percent it reached.
  const percent = phase === 'completed' ? 100 : view.progress.percent;
  return { ...view, status, completed_at: at, progress: { ...view.progress, phase, percent }, internal: { ...view.internal, last_activity_at: at } };
}

/** Folds one job event into the view (undefined before `JobRequested`). */
export function evolveJobView(view: JobView | undefined, event: JobEvent): JobView | undefined {
  if (event.type === 'JobRequested') {
    const { data } = event;
    return {
      id: data.jobId,
      tenant_id: data.tenantId,
      name: data.name,
      status: 'pending',
      plugins: data.plugins,
      credential_id: data.credentialId,
      config: data.config,
      progress: { phase: 'pending', percent: 0, counts: {} },
      created_at: data.requestedAt,
      internal: {
        plugin_counts: {},
        plugins_completed: 0,
        last_activity_at: data.requestedAt,
        ...(data.requestHash ? { request_hash: data.requestHash } : {}),
      },
    };
  }
  if (!view) return view;

  switch (event.type) {
    case 'JobStarted':
      // Its runs are handed to the workers; it stays pending until one takes a run.
      return { ...view, internal: { ...view.internal, last_activity_at: event.data.startedAt } };
    case 'JobStillQueued':
      // Not activity: nothing works on a queued job yet.
      return { ...view, internal: { ...view.internal, queue_noted_at: event.data.at } };
    case 'PluginRunStarted': {
      const started = takenByWorker(view, event.data.startedAt);
      return { ...started, internal: { ...started.internal, last_activity_at: event.data.startedAt } };
    }
    case 'PluginRunProgressed': {
      const next = withCounts(takenByWorker(view, event.data.at), event.data.plugin, event.data.resourceCounts, event.data.at);
      const { fractionDone } = event.data;
      if (fractionDone === undefined || next.progress.phase !== 'discovering') return next;
      const plugin_fractions = { ...next.internal.plugin_fractions, [event.data.plugin]: fractionDone };
      return {
        ...next,
        progress: { ...next.progress, percent: discoveryPercent(next, next.internal.plugins_completed, plugin_fractions) },
        internal: { ...next.internal, plugin_fractions },
      };
    }
    case 'PluginRunCompleted': {
      const next = withCounts(takenByWorker(view, event.data.completedAt), event.data.plugin, event.data.resourceCounts, event.data.completedAt);
      const plugins_completed = view.internal.plugins_completed + 1;
      // The completed plugin now counts whole, not by the share it last reported.
      const { [event.data.plugin]: _completed, ...plugin_fractions } = next.internal.plugin_fractions ?? {};
      return {
        ...next,
        progress: { ...next.progress, percent: discoveryPercent(next, plugins_completed, plugin_fractions) },
        internal: { ...next.internal, plugins_completed, plugin_fractions },
      };
    }
    case 'PluginRunFailed': {
      const started = takenByWorker(view, event.data.failedAt);
      return { ...started, internal: { ...started.internal, last_activity_at: event.data.failedAt } };
    }
    case 'DiscoveryFinished':
      return inPhase(takenByWorker(view, event.data.finishedAt), 'reconciling', event.data.finishedAt);
    case 'InventoryProgressed':
      // Reconcile's share of the bar follows the batches ingested; the removals after them are quick.
      return withPhaseShare(view, event.data.batchesIngested, event.data.batchesTotal, event.data.at);
    case 'InventoryReconciled':
      return inPhase(view, 'auditing', event.data.reconciledAt);
    case 'AuditProgressed':
      return withPhaseShare(view, event.data.nodesAudited, event.data.nodesTotal, event.data.at);
    case 'AuditCompleted':
      return {
        ...view,
        ...(event.data.estimatedMonthlySavings !== undefined ? { estimated_monthly_savings: event.data.estimatedMonthlySavings, currency: event.data.currency ?? 'USD' } : {}),
        internal: { ...view.internal, last_activity_at: event.data.auditedAt },
      };
    case 'JobCompleted':
      return { ...ended(view, 'completed', 'completed', event.data.completedAt), stats: event.data.stats };
    case 'JobFailed':
      return { ...ended(view, 'failed', 'failed', event.data.failedAt), error: event.data.error };
    case 'JobCancelled':
      return ended(view, 'cancelled', 'cancelled', event.data.cancelledAt);
    case 'PartialStatsRecorded':
      return { ...view, stats: event.data.stats };
    default:
      return assertNever(event);
  }
}
