import { EgressRefusedError, TooManyRedirectsError } from '@strata/notify-egress';

/**
 * Why a webhook request got no answer, fit to show the tenant: `refused: <reason>`, `timed out
 * after <n> ms`, or the deepest cause's code and message. undici's errors may come from another
 * realm, so names are compared, not only classes.
 */
export function describeDeliveryError(error: unknown, timeoutMs: number): string {
  const chain: { name?: unknown; message?: unknown; code?: unknown; reason?: unknown; cause?: unknown }[] = [];
  for (let cause: unknown = error; typeof cause === 'object' && cause !== null && chain.length < 5; cause = (cause as { cause?: unknown }).cause) chain.push(cause);
  const refused = chain.find((cause) => cause instanceof EgressRefusedError || cause.name === 'EgressRefusedError');
  if (refused) return `refused: ${String(refused.reason ?? refused.message)}`;
  if (chain.some((cause) => cause.name === 'TimeoutError')) return `timed out after ${timeoutMs} ms`;
  if (error instanceof TooManyRedirectsError) return error.message;
  const deepest = chain.at(-1);
  if (!deepest) return 'the delivery failed';
  return `${typeof deepest.code === 'string' ? `${deepest.code}: ` : ''}${String(deepest.message ?? 'the delivery failed')}`;
}
