import { ApiException } from '@kubernetes/client-node';

export type KubeErrorKind = 'unauthorized' | 'forbidden' | 'expired' | 'throttled' | 'not_found' | 'unreachable' | 'other';

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EAI_AGAIN', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);

/** The HTTP status of an API answer, when the error is one. */
export function statusCode(error: unknown): number | undefined {
  if (error instanceof ApiException) return error.code;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

function networkCode(error: unknown): string | undefined {
  for (let cause: unknown = error, depth = 0; cause && depth < 5; cause = (cause as { cause?: unknown }).cause, depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || code.startsWith('ERR_TLS') || code.includes('CERT') || code === 'DEPTH_ZERO_SELF_SIGNED_CERT')) return code;
  }
  return undefined;
}

/** How a failed request reads: the client's `ApiException` codes, or a network error. */
export function classifyKubeError(error: unknown): KubeErrorKind {
  const status = statusCode(error);
  if (status !== undefined) {
    if (status === 401) return 'unauthorized';
    if (status === 403) return 'forbidden';
    if (status === 410) return 'expired';
    if (status === 429) return 'throttled';
    if (status === 404) return 'not_found';
    return 'other';
  }
  if (networkCode(error) !== undefined) return 'unreachable';
  if (error instanceof TypeError && /fetch failed/i.test(error.message)) return 'unreachable';
  if (error instanceof Error && /(ECONNREFUSED|ECONNRESET|socket hang up|network|certificate)/i.test(error.message)) return 'unreachable';
  return 'other';
}

/** What to say of a failure: the network code or the Status message, never request headers. */
export function describeKubeError(error: unknown): string {
  if (error instanceof ApiException) {
    const body = error.body as unknown;
    try {
      const status = (typeof body === 'string' ? JSON.parse(body) : body) as { message?: unknown } | null;
      if (status && typeof status.message === 'string') return `HTTP ${error.code}: ${status.message}`;
    } catch {
      // A body that is not a Status says nothing more than its code.
    }
    return `HTTP ${error.code}`;
  }
  const code = networkCode(error);
  const message = error instanceof Error ? error.message : String(error);
  return code ? `${code} (${message})` : message;
}

/** Seconds a 429 asks to wait (`Retry-After`), when it says. */
export function retryAfterSeconds(error: unknown): number | undefined {
  if (!(error instanceof ApiException)) return undefined;
  const headers = (error.headers ?? {}) as Record<string, string>;
  const value = headers['retry-after'] ?? headers['Retry-After'];
  const seconds = value === undefined ? NaN : Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}
