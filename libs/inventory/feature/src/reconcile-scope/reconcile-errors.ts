/** A plugin run whose batches are not all ingested yet. */
export interface PendingRun {
  plugin: string;
  attempt: number;
  expected: number;
  ingested: number;
}

/**
 * Reconcile was asked for before every batch of the job's runs was ingested (they are still on
 * their way through the BATCHES stream). Retrying later is the remedy: the consumer redelivers.
 */
export class BatchesNotIngestedError extends Error {
  constructor(
    readonly jobId: string,
    readonly pending: readonly PendingRun[],
  ) {
    super(
      `job ${jobId}: batches still being ingested (${pending
        .map((run) => `${run.plugin} attempt ${run.attempt}: ${run.ingested}/${run.expected}`)
        .join(', ')})`,
    );
    this.name = 'BatchesNotIngestedError';
  }
}
