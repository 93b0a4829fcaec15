import { classifyDeliveryOutcome, safeFetch, type SafeDispatcher } from '@strata/notify-egress';
import type { SendOutcome } from './notification-message';

/**
 * POSTs a JSON body through the SSRF-safe dispatcher (every connection and redirect checked) and
 * classifies the answer as the webhook deliveries do: 2xx delivered; 408, 429, 5xx, timeouts and
 * connection errors retried; any other status, a refused target, too many redirects final.
 */
export async function postJson(url: string, body: string, headers: Record<string, string>, options: { dispatcher: SafeDispatcher; timeoutMs: number; attempt: number }): Promise<SendOutcome> {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  try {
    const response = await safeFetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': 'Strata-Notifications/1', ...headers }, body }, { dispatcher: options.dispatcher, timeoutMs: options.timeoutMs });
    await response.body?.cancel().catch(() => undefined);
    const outcome = classifyDeliveryOutcome({ status: response.status, retryAfter: response.headers.get('retry-after'), attempt: options.attempt });
    if (outcome.kind === 'delivered') return { kind: 'delivered', status_code: response.status, latency_ms: latency() };
    return { kind: outcome.kind, status_code: response.status, latency_ms: latency(), error: `the receiver answered ${response.status}` };
  } catch (error) {
    const outcome = classifyDeliveryOutcome({ error, attempt: options.attempt });
    return { kind: outcome.kind === 'final' ? 'final' : 'retry', status_code: null, latency_ms: latency(), error: describeFailure(error, options.timeoutMs) };
  }
}

/** Why a request failed, from the error and its causes (undici's may come from another realm: no instanceof). */
export function describeFailure(error: unknown, timeoutMs: number): string {
  const chain: { name?: unknown; message?: unknown; code?: unknown; reason?: unknown; cause?: unknown }[] = [];
  for (let cause: unknown = error; typeof cause === 'object' && cause !== null && chain.length < 5; cause = (cause as { cause?: unknown }).cause) chain.push(cause);
  const refused = chain.find((cause) => cause.name === 'EgressRefusedError');
  if (refused) return `refused: ${String(refused.reason ?? refused.message)}`;
  if (chain.some((cause) => cause.name === 'TimeoutError')) return `timed out after ${timeoutMs} ms`;
  const deepest = chain.at(-1);
  if (!deepest) return 'the request failed';
  return `${typeof deepest.code === 'string' ? `${deepest.code}: ` : ''}${String(deepest.message ?? 'the request failed')}`;
}
