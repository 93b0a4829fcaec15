import { PluginAbortedError, PluginError } from '@strata/plugins-api';
import { AwsThrottledError, classifyAwsError, describeAwsError, originOf } from './aws-errors';

/**
 * What an error that ends the run becomes: a documented failure (`invalid_credential`,
 * `rate_limited`, `connection_refused`), the abort the worker expects, or the error itself
 * (the worker then redoes the run, and reports `plugin_error` when it keeps failing).
 */
export function runFailure(error: unknown, signal: AbortSignal): Error {
  if (signal.aborted || error instanceof PluginAbortedError) return new PluginAbortedError();
  if (error instanceof PluginError) return error;
  if (error instanceof AwsThrottledError) {
    return new PluginError('rate_limited', `${error.message}; reduce the discovery scope or its concurrency, or schedule it off-peak`);
  }
  const origin = originOf(error);
  const during = origin ? ` (${origin.operation} in ${origin.region})` : '';
  switch (classifyAwsError(error)) {
    case 'invalid_credential':
      return new PluginError('invalid_credential', `AWS rejected the credential${during}: ${describeAwsError(error)}`);
    case 'unreachable':
      return new PluginError('connection_refused', `Could not reach the AWS endpoint${during}: ${describeAwsError(error)}`);
    default:
      return error instanceof Error ? error : new Error(describeAwsError(error));
  }
}
