import type { JobEvent, JobLogLine, JobStillQueued, PluginRunQueue } from '@strata/contracts';

/**
 * The job's own lines in its log, after the plugins' (which end with "Discovery complete"): what
 * the job does between discovery and its end, which for a large estate is most of a minute of
 * storing batches and auditing that a client following the log would otherwise see as silence.
 * Stamped with when the event says it happened, not when the line was written.
 */
export function progressLine(event: JobEvent): JobLogLine | undefined {
  switch (event.type) {
    case 'JobStillQueued':
      return stillQueuedLine(event);
    case 'DiscoveryFinished': {
      const batches = event.data.runs.reduce((sum, run) => sum + run.batches, 0);
      const scopes = [...new Set(event.data.runs.map((run) => run.scope))].join(', ');
      // Inventory stores batches as they arrive, so most may be stored already.
      const what = batches === 1 ? 'the 1 batch discovered is' : `the ${batches} batches discovered are`;
      return info(event.data.finishedAt, `Reconciling ${scopes} once ${what} stored`);
    }
    case 'InventoryProgressed':
      return info(event.data.at, `Stored ${event.data.batchesIngested} of ${event.data.batchesTotal} batches`);
    case 'InventoryReconciled': {
      const { nodesDiscovered, nodesUpdated, nodesRemoved, edgesCreated, reconciledAt, concurrentJobs } = event.data;
      const msg = `Reconciled: ${nodesDiscovered} nodes (${nodesUpdated} updated, ${nodesRemoved} removed), ${edgesCreated} new edges; auditing`;
      if (!concurrentJobs?.length) return info(reconciledAt, msg);
      const [one, it] = concurrentJobs.length === 1 ? ['Job', 'it'] : ['Jobs', 'they'];
      return info(
        reconciledAt,
        `${msg}. ${one} ${concurrentJobs.join(', ')} also saw nodes of this scope while this one ran: nodes ${it} saw that this one did not are kept`,
      );
    }
    case 'AuditProgressed':
      return info(event.data.at, `Audited ${event.data.nodesAudited} of ${event.data.nodesTotal} nodes`);
    default:
      return undefined;
  }
}

/**
 * Why a job is still pending, per plugin: no worker for it ever connected, none is taking work
 * (all stopped, or cut off from NATS), or all its workers' slots are busy. A warning when the job
 * cannot start until someone acts.
 */
function stillQueuedLine(event: JobStillQueued): JobLogLine {
  const { pendingSince, queues, at } = event.data;
  const waited = Math.max(0, Math.round((Date.parse(at) - Date.parse(pendingSince)) / 1000));
  const needsAction = queues.some((queue) => !queue.workersSeen || queue.runsInProgress === 0);
  return { ts: at, level: needsAction ? 'warn' : 'info', msg: [`Still pending after ${waited}s`, ...queues.map(whyQueued)].join('. ') };
}

function whyQueued({ plugin, workersSeen, runsWaiting, runsInProgress }: PluginRunQueue): string {
  if (!workersSeen) return `${plugin}: no discovery worker for it has ever connected (start one that runs the ${plugin} plugin)`;
  const waiting = `${runsWaiting} ${runsWaiting === 1 ? 'run' : 'runs'} waiting`;
  if (runsInProgress === 0) return `${plugin}: no discovery worker is taking work, ${waiting} (check that its workers run and reach NATS)`;
  return `${plugin}: every worker slot is busy, ${runsInProgress} in progress and ${waiting}, this job's among them (it starts when a slot frees)`;
}

/** The last line of a finished job's log, marked so that the SSE stream ends after it. */
export function closingLine(event: JobEvent, ts: string): JobLogLine | undefined {
  switch (event.type) {
    case 'JobCompleted': {
      const { stats } = event.data;
      return info(
        ts,
        `Job completed in ${stats.duration_seconds}s: ${stats.nodes_discovered} nodes (${stats.nodes_updated} updated, ` +
          `${stats.nodes_removed} removed), ${stats.edges_created} new edges, ` +
          `${stats.findings_created} findings opened, ${stats.findings_resolved} resolved`,
      );
    }
    case 'JobFailed':
      return { ts, level: 'error', msg: `Job failed (${event.data.error.code}): ${event.data.error.message}` };
    case 'JobCancelled':
      return { ts, level: 'warn', msg: 'Job cancelled; data already discovered is kept' };
    default:
      return undefined;
  }
}

const info = (ts: string, msg: string): JobLogLine => ({ ts, level: 'info', msg });
