import { request } from 'undici';
import { checkTargetUrl } from './check-target-url';
import { EgressRefusedError } from './egress-refused-error';
import { TooManyRedirectsError, type SafeFetchOptions } from './safe-fetch';

export interface SafeRequestInit {
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Uint8Array | null;
}

/** The final answer: its status and headers (the body is read and dropped, up to a limit). */
export interface SafeRequestResponse {
  readonly status: number;
  header(name: string): string | null;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

/**
 * `safeFetch`'s rules (each hop's URL checked, its connection checked by the dispatcher, at most
 * `maxRedirects` hops, one timeout for the whole exchange) over undici's `request` instead of
 * WHATWG `fetch`: several times less CPU per request, for the notifier's deliveries, which only
 * need the status and headers of the answer. Rejects with `EgressRefusedError`,
 * `TooManyRedirectsError` or a `TimeoutError`.
 */
export async function safeRequest(input: string | URL, init: SafeRequestInit, options: SafeFetchOptions): Promise<SafeRequestResponse> {
  const maxRedirects = options.maxRedirects ?? 5;
  const signal = AbortSignal.timeout(options.timeoutMs ?? 10_000);
  let url = String(input);
  let method = init.method.toUpperCase();
  let body = init.body;
  const headers: Record<string, string> = { ...init.headers };

  for (let hop = 0; ; hop++) {
    const check = checkTargetUrl(url, options.dispatcher.policy);
    if (!check.ok) throw new EgressRefusedError(hop === 0 ? check.reason : `redirect to ${url}: ${check.reason}`);
    let response: Awaited<ReturnType<typeof request>>;
    try {
      response = await request(check.url, { method: method as 'POST', headers, body, signal, dispatcher: options.dispatcher });
    } catch (error) {
      throw unwrap(error, signal);
    }
    // Nobody reads a receiver's answer: drop it, up to a limit, so the connection is reused.
    await response.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
    const header = (name: string): string | null => {
      const value = response.headers[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? (value[0] ?? null) : value;
    };
    const location = header('location');
    if (!REDIRECTS.has(response.statusCode) || location === null) return { status: response.statusCode, header };
    if (hop >= maxRedirects) throw new TooManyRedirectsError(maxRedirects, url);
    const next = new URL(location, check.url);
    if (response.statusCode === 303 || ((response.statusCode === 301 || response.statusCode === 302) && method === 'POST')) {
      if (method !== 'HEAD') method = 'GET';
      body = null;
      for (const name of Object.keys(headers)) if (/^content-(type|length)$/i.test(name)) delete headers[name];
    }
    if (next.origin !== check.url.origin) for (const name of Object.keys(headers)) if (CREDENTIAL_HEADERS.includes(name.toLowerCase())) delete headers[name];
    url = next.href;
  }
}

/** Our refusal from wherever undici wrapped it; the timeout as a `TimeoutError`. */
function unwrap(error: unknown, signal: AbortSignal): unknown {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (current instanceof EgressRefusedError) return current;
    current = current.cause;
  }
  if (signal.aborted && signal.reason instanceof Error) return signal.reason;
  return error;
}
