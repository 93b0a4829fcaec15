import { abortableSleep, backoffDelay, type BackoffPolicy } from './backoff';
import { AwsThrottledError, awsErrorCode, classifyAwsError, recordOrigin } from './aws-errors';

/** A retry about to happen, for the job log. */
export interface AwsRetryEvent {
  operation: string;
  region: string;
  kind: 'throttling' | 'transient';
  code: string;
  /** 1 for the first retry. */
  retry: number;
  delayMs: number;
}

export interface RetryMiddlewareOptions {
  /** `ec2`, `s3`, ...: prefixes the operation name in events and errors. */
  service: string;
  region: string;
  policy: BackoffPolicy;
  signal: AbortSignal;
  onRetry: (event: AwsRetryEvent) => void;
}

// Server and network hiccups get a few attempts; throttling gets the configured number.
const TRANSIENT_ATTEMPTS = 3;

type Handler<Args, Output> = (args: Args) => Promise<Output>;

/**
 * An SDK middleware (initialize step) that retries throttled and transient calls with jittered
 * backoff. It replaces the SDK's own retries (clients are built with `maxAttempts: 1`) so that
 * every retry can be told to the job log, the wait ends the moment the run is aborted, and
 * persistent throttling ends as an {@link AwsThrottledError}. Running before serialization, each
 * attempt is serialized and signed afresh. Every error it lets through is tagged with the call
 * it came from (see `originOf`).
 */
export function retryMiddleware(options: RetryMiddlewareOptions) {
  return <Args, Output>(next: Handler<Args, Output>, context: { commandName?: string }): Handler<Args, Output> =>
    async (args: Args): Promise<Output> => {
      const operation = `${options.service}:${(context.commandName ?? 'Unknown').replace(/Command$/, '')}`;
      const origin = { operation, region: options.region };
      for (let attempt = 1; ; attempt++) {
        try {
          return await next(args);
        } catch (error) {
          const kind = classifyAwsError(error);
          const retryable = kind === 'throttling' || kind === 'transient';
          const limit = kind === 'throttling' ? options.policy.maxAttempts : Math.min(TRANSIENT_ATTEMPTS, options.policy.maxAttempts);
          if (!retryable || options.signal.aborted) {
            recordOrigin(error, origin);
            throw error;
          }
          const code = awsErrorCode(error) ?? 'unknown';
          if (attempt >= limit) {
            if (kind === 'throttling') throw new AwsThrottledError(operation, options.region, attempt, code);
            recordOrigin(error, origin);
            throw error;
          }
          const delayMs = backoffDelay(attempt, options.policy);
          options.onRetry({ operation, region: options.region, kind, code, retry: attempt, delayMs });
          await abortableSleep(delayMs, options.signal);
        }
      }
    };
}
