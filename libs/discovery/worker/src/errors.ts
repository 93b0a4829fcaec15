/** Base class of the errors the discovery worker raises on its own account. */
export class DiscoveryWorkerError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** An option or environment variable of the worker is not usable. */
export class DiscoveryWorkerConfigError extends DiscoveryWorkerError {}

/**
 * A run that did not finish and should be redone as a new attempt: the worker is shutting down,
 * or the run failed for a reason other than a `PluginError`. It carries only a redacted message
 * (never the original error as `cause`), because the consumer logs what the handler throws.
 */
export class PluginRunRetryError extends DiscoveryWorkerError {
  constructor(
    readonly plugin: string,
    readonly jobId: string,
    readonly attempt: number,
    reason: string,
  ) {
    super(`plugin ${plugin}, job ${jobId}, attempt ${attempt}: ${reason}`);
  }
}
