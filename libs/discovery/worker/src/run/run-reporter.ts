import { subjects, type JobError, type JobReport } from '@strata/contracts';
import type { MessagingClient } from '@strata/platform-messaging';
import { runMsgId, type RunIdentity } from './run-identity';

/**
 * Tells the job orchestrator how a run goes, on `work.jobs.reports.<tenant>`. Each report has a
 * deterministic msgId, so a report re-sent after a failed publish is stored once.
 */
export class RunReporter {
  private progressReports = 0;

  constructor(
    private readonly messaging: MessagingClient,
    private readonly run: RunIdentity,
  ) {}

  started(workerId: string): Promise<void> {
    return this.send({ type: 'PluginRunStarted', ...this.run, workerId }, 'started');
  }

  /** The counts so far and, when the plugin tells, the share of the run done (0 to 1). */
  progressed(resourceCounts: Record<string, number>, fractionDone?: number): Promise<void> {
    const report: JobReport = { type: 'PluginRunProgressed', ...this.run, resourceCounts, ...(fractionDone === undefined ? {} : { fractionDone }) };
    return this.send(report, `progress:${this.progressReports++}`);
  }

  completed(output: { batches: number; scope: string; startedAt: string; resourceCounts: Record<string, number> }): Promise<void> {
    return this.send({ type: 'PluginRunCompleted', ...this.run, ...output }, 'completed');
  }

  failed(error: JobError): Promise<void> {
    return this.send({ type: 'PluginRunFailed', ...this.run, error }, 'failed');
  }

  private async send(report: JobReport, what: string): Promise<void> {
    await this.messaging.publish(subjects.jobReports(this.run.tenantId), report, { msgId: runMsgId(this.run, what) });
  }
}
