import { subjects, type JobLogLine } from '@strata/contracts';
import type { MessagingClient } from '@strata/platform-messaging';
import type { Logger } from '@strata/platform-observability';
import { runMsgId, type RunIdentity } from './run-identity';
import type { SecretRedactor } from './secret-redactor';

export interface RunLogOptions {
  redactor: SecretRedactor;
  now: () => Date;
  logger: Logger;
}

/**
 * The job log lines of one run (the plugin's and the runtime's), published to `logs.<tenant>.<job>`
 * one after the other so the stream keeps their order. Writing never blocks the plugin and a
 * line that cannot be published is only a warning: a log is no reason to fail a discovery.
 */
export class RunLog {
  private lines = 0;
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly messaging: MessagingClient,
    private readonly run: RunIdentity,
    private readonly options: RunLogOptions,
  ) {}

  write(level: JobLogLine['level'], msg: string): void {
    const line: JobLogLine = { ts: this.options.now().toISOString(), level, msg: this.options.redactor.redact(msg) };
    const msgId = runMsgId(this.run, `log:${this.lines++}`);
    const subject = subjects.logs(this.run.tenantId, this.run.jobId);
    this.tail = this.tail.then(() =>
      this.messaging.publish(subject, line, { msgId }).then(
        () => undefined,
        (error: unknown) => {
          const reason = this.options.redactor.redact(error instanceof Error ? error.message : String(error));
          this.options.logger.warn({ jobId: this.run.jobId, plugin: this.run.plugin, msgId, reason }, 'could not publish a job log line');
        },
      ),
    );
  }

  /** Resolves once every line written so far was published (or given up on). */
  flush(): Promise<void> {
    return this.tail;
  }
}
