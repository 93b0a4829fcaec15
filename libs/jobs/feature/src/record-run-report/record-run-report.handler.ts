import { inventoryFigures, type JobReport } from '@strata/contracts';
import { JobNotFoundError, UnknownPluginRunError, type JobCommand } from '@strata/jobs-domain';
import { PoisonMessageError, type ConsumedMessage } from '@strata/platform-messaging';
import type { JobCommandHandler } from '../orchestrator/job-command-handler';

/**
 * Records what the other services report about a job (a plugin run started, progressed,
 * completed or failed; inventory and the audit progressed or finished): each report becomes one
 * command on the job. Reports that arrive twice or late decide to nothing.
 */
export class RecordRunReportHandler {
  constructor(
    private readonly commands: JobCommandHandler,
    private readonly now: () => Date,
  ) {}

  async handle({ data: report, msgId }: ConsumedMessage<JobReport>): Promise<void> {
    const command = commandFor(report, this.now().toISOString());
    try {
      const { state } = await this.commands.load(report.jobId);
      if (state.kind === 'job' && state.tenantId !== report.tenantId) {
        throw new PoisonMessageError(`report for job ${report.jobId} names another tenant`);
      }
      await this.commands.execute(report.jobId, command, { tenantId: report.tenantId, ...(msgId ? { causationId: msgId } : {}) });
    } catch (error) {
      // A report about a job or plugin run that does not exist will never succeed.
      if (error instanceof JobNotFoundError || error instanceof UnknownPluginRunError) throw new PoisonMessageError(error.message);
      throw error;
    }
  }
}

/** The command a report asks for. */
export function commandFor(report: JobReport, now: string): JobCommand {
  switch (report.type) {
    case 'PluginRunStarted':
      return { type: 'StartPluginRun', plugin: report.plugin, attempt: report.attempt, workerId: report.workerId, now };
    case 'PluginRunProgressed':
      return {
        type: 'RecordPluginProgress',
        plugin: report.plugin,
        attempt: report.attempt,
        resourceCounts: report.resourceCounts,
        ...(report.fractionDone === undefined ? {} : { fractionDone: report.fractionDone }),
        now,
      };
    case 'PluginRunCompleted':
      return {
        type: 'CompletePluginRun',
        plugin: report.plugin,
        attempt: report.attempt,
        batches: report.batches,
        scope: report.scope,
        ...(report.startedAt === undefined ? {} : { startedAt: report.startedAt }),
        resourceCounts: report.resourceCounts,
        now,
      };
    case 'PluginRunFailed':
      return { type: 'FailPluginRun', plugin: report.plugin, error: report.error, now };
    case 'InventoryProgressed':
      return { type: 'RecordInventoryProgress', batchesIngested: report.batchesIngested, batchesTotal: report.batchesTotal, now };
    case 'InventoryReconciled':
      return { type: 'RecordInventoryReconciled', ...inventoryFigures(report), ...(report.concurrentJobs ? { concurrentJobs: report.concurrentJobs } : {}), now };
    case 'AuditProgressed':
      return { type: 'RecordAuditProgress', nodesAudited: report.nodesAudited, nodesTotal: report.nodesTotal, now };
    case 'AuditCompleted':
      return {
        type: 'RecordAuditCompleted',
        findingsCreated: report.findingsCreated,
        findingsResolved: report.findingsResolved,
        ...(report.estimatedMonthlySavings !== undefined ? { estimatedMonthlySavings: report.estimatedMonthlySavings } : {}),
        ...(report.currency !== undefined ? { currency: report.currency } : {}),
        now,
      };
    case 'InventoryCounted':
      return { type: 'RecordInventoryCounted', ...inventoryFigures(report), now };
    case 'InventoryRejected':
      return { type: 'FailJob', error: report.error, now };
  }
}
