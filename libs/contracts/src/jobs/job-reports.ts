import type { JobError } from './job-vocabulary';

/** The job statistics inventory owns, as its reports name them. */
export interface InventoryFigures {
  nodesDiscovered: number;
  nodesUpdated: number;
  nodesRemoved: number;
  edgesCreated: number;
}

/** Just the figures of a report or record that carries them (and more). */
export const inventoryFigures = ({ nodesDiscovered, nodesUpdated, nodesRemoved, edgesCreated }: InventoryFigures): InventoryFigures => ({
  nodesDiscovered,
  nodesUpdated,
  nodesRemoved,
  edgesCreated,
});

/**
 * What the other services tell the job orchestrator about a job, on `work.jobs.reports.<tenant>`
 * (WORK stream: durable, each report handled once). Each report maps to one Job command;
 * reports that arrive twice or late decide to nothing, so at-least-once delivery is enough.
 */
export type JobReport =
  | { type: 'PluginRunStarted'; tenantId: string; jobId: string; plugin: string; attempt: number; workerId: string }
  | {
      type: 'PluginRunProgressed';
      tenantId: string;
      jobId: string;
      plugin: string;
      attempt: number;
      resourceCounts: Record<string, number>;
      /** Share of the run done (0 to 1), when the plugin can tell. */
      fractionDone?: number;
    }
  | {
      type: 'PluginRunCompleted';
      tenantId: string;
      jobId: string;
      plugin: string;
      attempt: number;
      batches: number;
      scope: string;
      /** When the attempt started (see `PluginRunOutput.startedAt`). */
      startedAt?: string;
      resourceCounts: Record<string, number>;
    }
  | { type: 'PluginRunFailed'; tenantId: string; jobId: string; plugin: string; attempt: number; error: JobError }
  | ({
      type: 'InventoryReconciled';
      tenantId: string;
      jobId: string;
      /** Other jobs that saw nodes of this job's scopes while it ran (see `InventoryReconciled`). */
      concurrentJobs?: string[];
    } & InventoryFigures)
  /** While inventory waits for a finished discovery's batches: how many of them it has ingested. */
  | { type: 'InventoryProgressed'; tenantId: string; jobId: string; batchesIngested: number; batchesTotal: number }
  /** While the audit pages through a reconciled job's nodes: how many it has evaluated. */
  | { type: 'AuditProgressed'; tenantId: string; jobId: string; nodesAudited: number; nodesTotal: number }
  | {
      type: 'AuditCompleted';
      tenantId: string;
      jobId: string;
      findingsCreated: number;
      findingsResolved: number;
      /** A month, in `currency`, what the open cost findings of the job's scopes would save (absent from engines before it was reported). */
      estimatedMonthlySavings?: number;
      /** The tenant's currency when audited (ISO 4217). */
      currency?: string;
    }
  /**
   * What inventory holds of a job that failed or was cancelled: the figures reconcile would
   * report, over the batches it ingested (nodes removed only if its reconcile ran).
   */
  | ({ type: 'InventoryCounted'; tenantId: string; jobId: string } & InventoryFigures)
  /** Inventory refused the job's resources (e.g. `node_limit_exceeded`): the job fails with it. */
  | { type: 'InventoryRejected'; tenantId: string; jobId: string; error: JobError };

export type JobReportType = JobReport['type'];
