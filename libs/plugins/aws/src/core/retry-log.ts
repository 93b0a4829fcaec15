import type { JobLogLine } from '@strata/contracts';
import type { AwsRetryEvent } from './retry-middleware';

/**
 * Tells the job log about retries without flooding it: the first throttled call of each
 * operation and region gets a warn line, each server or network hiccup gets one, and the end of
 * the run says how many throttled calls there were in all.
 */
export class RetryLog {
  private readonly warned = new Set<string>();
  private throttled = 0;

  constructor(private readonly log: (level: JobLogLine['level'], msg: string) => void) {}

  readonly onRetry = (event: AwsRetryEvent): void => {
    const wait = `${(event.delayMs / 1000).toFixed(1)} s`;
    if (event.kind === 'transient') {
      this.log('warn', `AWS call ${event.operation} in ${event.region} failed (${event.code}); retry ${event.retry} in ${wait}`);
      return;
    }
    this.throttled++;
    const key = `${event.operation}@${event.region}`;
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.log('warn', `AWS is throttling ${event.operation} in ${event.region} (${event.code}); retrying with backoff (first retry in ${wait})`);
  };

  summarize(): void {
    if (this.throttled > 1) this.log('warn', `AWS throttled ${this.throttled} calls in all; each was retried`);
  }
}
