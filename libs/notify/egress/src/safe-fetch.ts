import { fetch, Headers, type RequestInit, type Response } from 'undici';
import { checkTargetUrl } from './check-target-url';
import { EgressRefusedError } from './egress-refused-error';
import { type SafeDispatcher } from './safe-dispatcher';

export interface SafeFetchOptions {
  /** Checks every connection; its policy also checks each redirect's URL. */
  readonly dispatcher: SafeDispatcher;
  /** The whole exchange, redirects included; default 10 s. Rejects with a `TimeoutError`. */
  readonly timeoutMs?: number;
  /** Redirects followed at most; default 5. */
  readonly maxRedirects?: number;
}

export type SafeFetchInit = Omit<RequestInit, 'dispatcher' | 'redirect' | 'body'> & { body?: string | Uint8Array | null };

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Headers that must not follow a redirect to another origin. */
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

/**
 * `fetch` through a `SafeDispatcher`, following redirects by hand: each `Location` is checked
 * (scheme, credentials, literal IP) before it is requested, and its connection by the dispatcher
 * (resolution). At most `maxRedirects` hops; a 303 (or a 301/302 after a POST) continues as a GET
 * without a body, as browsers do. Rejects with `EgressRefusedError` when a hop is refused.
 */
export async function safeFetch(input: string | URL, init: SafeFetchInit = {}, options: SafeFetchOptions): Promise<Response> {
  const maxRedirects = options.maxRedirects ?? 5;
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 10_000);
  const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
  let url = String(input);
  let method = (init.method ?? 'GET').toUpperCase();
  let body = init.body ?? null;
  const headers = new Headers(init.headers);

  for (let hop = 0; ; hop++) {
    const check = checkTargetUrl(url, options.dispatcher.policy);
    if (!check.ok) throw new EgressRefusedError(hop === 0 ? check.reason : `redirect to ${url}: ${check.reason}`);
    let response: Response;
    try {
      response = await fetch(check.url, { ...init, method, body, headers, signal, redirect: 'manual', dispatcher: options.dispatcher });
    } catch (error) {
      throw unwrap(error);
    }
    if (!REDIRECTS.has(response.status)) return response;
    const location = response.headers.get('location');
    if (location === null) return response;
    await response.body?.cancel();
    if (hop >= maxRedirects) throw new TooManyRedirectsError(maxRedirects, url);
    const next = new URL(location, check.url);
    if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
      if (method !== 'HEAD') method = 'GET';
      body = null;
      headers.delete('content-type');
      headers.delete('content-length');
    }
    if (next.origin !== check.url.origin) for (const name of CREDENTIAL_HEADERS) headers.delete(name);
    url = next.href;
  }
}

/** More redirects than allowed: final, like a 4xx. */
export class TooManyRedirectsError extends Error {
  override readonly name = 'TooManyRedirectsError';
  readonly code = 'TOO_MANY_REDIRECTS';

  constructor(readonly maxRedirects: number, readonly lastUrl: string) {
    super(`more than ${maxRedirects} redirects (last: ${lastUrl})`);
  }
}

/** undici's fetch says `TypeError: fetch failed` with the reason as `cause`: surface ours. */
function unwrap(error: unknown): unknown {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (current instanceof EgressRefusedError) return current;
    current = current.cause;
  }
  return error;
}
