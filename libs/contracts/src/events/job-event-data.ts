import { z } from 'zod';
import type { JobEvent, JobEventType } from '../jobs/job-events';
import { JOB_ERROR_CODES } from '../jobs/job-vocabulary';
import type { Assert, SameShape } from './same-shape';

// The `data` of each job event (libs/contracts/src/jobs/job-events.ts) as a zod schema, checked
// against the TypeScript type at compile time below, so the two cannot drift apart.

const isoTime = z.string().describe('ISO 8601 UTC');
const count = z.number().int().nonnegative();
const jobError = z.object({ code: z.enum(JOB_ERROR_CODES), message: z.string() });
const jobStats = z.object({
  nodes_discovered: count,
  nodes_updated: count,
  nodes_removed: count,
  edges_created: count,
  findings_created: count,
  findings_resolved: count,
  duration_seconds: z.number().nonnegative(),
});
const resourceCounts = z.record(z.string(), count).describe('Resources found so far, per resource type');
const pluginRunOutput = {
  plugin: z.string(),
  attempt: z.number().int().positive(),
  batches: count.describe('Resource batches the attempt published'),
  scope: z.string().describe('Reconcile scope of the run'),
  startedAt: isoTime.optional().describe('When this attempt started (the worker clock)'),
};
const pluginRunQueue = z.object({ plugin: z.string(), workersSeen: z.boolean(), runsWaiting: count, runsInProgress: count });

export const jobEventDataSchemas = {
  JobRequested: z.object({
    jobId: z.string(),
    tenantId: z.string(),
    name: z.string(),
    plugins: z.array(z.string()),
    credentialId: z.string(),
    config: z.record(z.string(), z.unknown()).describe('Plugin configuration as submitted, secrets moved out and redacted'),
    pluginConfigs: z.record(z.string(), z.record(z.string(), z.unknown())),
    pluginCredentials: z.record(z.string(), z.string()).optional(),
    requestHash: z.string().optional(),
    requestedAt: isoTime,
  }),
  JobStarted: z.object({ jobId: z.string(), startedAt: isoTime }),
  JobStillQueued: z.object({ jobId: z.string(), pendingSince: isoTime, queues: z.array(pluginRunQueue), at: isoTime }),
  PluginRunStarted: z.object({ jobId: z.string(), plugin: z.string(), attempt: z.number().int().positive(), workerId: z.string(), startedAt: isoTime }),
  PluginRunProgressed: z.object({
    jobId: z.string(),
    plugin: z.string(),
    attempt: z.number().int().positive(),
    resourceCounts,
    fractionDone: z.number().min(0).max(1).optional(),
    at: isoTime,
  }),
  PluginRunCompleted: z.object({ ...pluginRunOutput, jobId: z.string(), resourceCounts, completedAt: isoTime }),
  PluginRunFailed: z.object({ jobId: z.string(), plugin: z.string(), error: jobError, failedAt: isoTime }),
  DiscoveryFinished: z.object({ jobId: z.string(), tenantId: z.string(), runs: z.array(z.object(pluginRunOutput)), finishedAt: isoTime, startedAt: isoTime.optional() }),
  InventoryProgressed: z.object({ jobId: z.string(), batchesIngested: count, batchesTotal: count, at: isoTime }),
  InventoryReconciled: z.object({
    jobId: z.string(),
    nodesDiscovered: count,
    nodesUpdated: count,
    nodesRemoved: count,
    edgesCreated: count,
    reconciledAt: isoTime,
    concurrentJobs: z.array(z.string()).optional(),
  }),
  AuditProgressed: z.object({ jobId: z.string(), nodesAudited: count, nodesTotal: count, at: isoTime }),
  AuditCompleted: z.object({
    jobId: z.string(),
    findingsCreated: count,
    findingsResolved: count,
    auditedAt: isoTime,
    estimatedMonthlySavings: z.number().optional(),
    currency: z.string().optional(),
  }),
  JobCompleted: z.object({ jobId: z.string(), stats: jobStats, completedAt: isoTime }),
  JobFailed: z.object({ jobId: z.string(), error: jobError, failedAt: isoTime }),
  JobCancelled: z.object({ jobId: z.string(), cancelledAt: isoTime }),
  PartialStatsRecorded: z.object({ jobId: z.string(), stats: jobStats, recordedAt: isoTime }),
} as const satisfies Record<JobEventType, z.ZodType>;

type DataOf<Type extends JobEventType> = Extract<JobEvent, { type: Type }>['data'];
type Schemas = typeof jobEventDataSchemas;
/** Every job event has a schema (the `satisfies` above) whose data is exactly the event's. */
type EveryJobEventMatches = { [Type in JobEventType]: SameShape<z.infer<Schemas[Type]>, DataOf<Type>> }[JobEventType];
const _jobEventDataMatches: Assert<EveryJobEventMatches> = true;

export const JOB_EVENT_DESCRIPTIONS: Readonly<Record<JobEventType, string>> = {
  JobRequested: 'A discovery job was created (its name, plugins, credential and redacted config).',
  JobStarted: 'The job started: its plugin runs were queued for the discovery workers.',
  JobStillQueued: 'The job is still pending a while after it started; why, per plugin work queue. Noted at most once per job.',
  PluginRunStarted: 'A discovery worker took one of the job\'s plugin runs.',
  PluginRunProgressed: 'Live resource counts of a running plugin (now and then, not per resource).',
  PluginRunCompleted: 'A plugin run finished and published its resource batches.',
  PluginRunFailed: 'A plugin run failed, with an error code of the jobs API.',
  DiscoveryFinished: 'Every plugin run of the job is done; inventory reconciles once it has stored all batches.',
  InventoryProgressed: 'Inventory\'s progress through the job\'s resource batches.',
  InventoryReconciled: 'Inventory reconciled the job\'s scopes: nodes discovered, updated, removed, edges created.',
  AuditProgressed: 'The audit\'s progress through the job\'s nodes.',
  AuditCompleted: 'The audit of the job ended (as recorded in the job): findings created and resolved, savings found.',
  JobCompleted: 'The job completed, with its stats.',
  JobFailed: 'The job failed, with its error.',
  JobCancelled: 'The job was cancelled.',
  PartialStatsRecorded: 'What a failed or cancelled job kept: the statistics of what inventory had stored for it.',
};
