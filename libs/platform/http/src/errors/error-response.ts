import { HttpException } from '@nestjs/common';
import { API_ERROR_CODES, type ErrorEnvelope } from '@strata/contracts';
import { InvalidCursorError } from '@strata/platform-read-store';
import { ZodError } from 'zod';
import { DownstreamUnavailableError, HttpApiError } from './api-errors';
import { isDomainErrorLike, statusForDomainCode, type DomainErrorStatuses } from './domain-error-status';
import { zodIssuesToProblems } from '../validation/zod-issues';

/** What the exception filter sends, and whether the cause deserves a log line. */
export interface ErrorResponse {
  status: number;
  body: ErrorEnvelope;
  /** `error`: a bug or outage to investigate (the original error is logged); `warn`: a dependency is down. */
  log?: 'error' | 'warn';
  /** Response headers the status calls for (`allow` with a 405, `retry-after` with a 503). */
  headers?: Readonly<Record<string, string>>;
}

export interface ErrorMappingOptions {
  domainErrorStatuses: DomainErrorStatuses;
  /**
   * Set when no route matched the request, so the 404 can say so; `allowedMethods` are those the
   * path has routes for, which make it a 405 instead.
   */
  unmatchedRoute?: { method: string; path: string; allowedMethods?: readonly string[] };
}

/** The code of each status a framework `HttpException` (Nest's, the router's) answers with. */
export const HTTP_EXCEPTION_CODES: Readonly<Record<number, string>> = {
  400: 'bad_request',
  401: API_ERROR_CODES.unauthorized,
  403: API_ERROR_CODES.forbidden,
  404: API_ERROR_CODES.notFound,
  405: 'method_not_allowed',
  406: 'not_acceptable',
  408: 'request_timeout',
  409: API_ERROR_CODES.conflict,
  413: API_ERROR_CODES.payloadTooLarge,
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: API_ERROR_CODES.unavailable,
};

const INTERNAL: ErrorResponse = {
  status: 500,
  body: { error: 'Internal server error', code: API_ERROR_CODES.internal },
  log: 'error',
};

// Every keyset list hands its read store cursor out as is: one that store refuses was corrupted or
// belongs to another list (tenant, filter or sort), whichever route it came back to.
const INVALID_CURSOR: ErrorResponse = {
  status: 400,
  body: { error: 'The cursor is corrupt or belongs to another list (its tenant, filters or sort differ)', code: API_ERROR_CODES.invalidCursor },
};

/** Seconds a client is told to wait before retrying a 503: a restarted service or NATS is back by then. */
export const RETRY_AFTER_SECONDS = 5;

const UNAVAILABLE: ErrorResponse = {
  status: 503,
  body: { error: 'A service this request depends on is unavailable; retry later', code: API_ERROR_CODES.unavailable },
  headers: { 'retry-after': String(RETRY_AFTER_SECONDS) },
  log: 'warn',
};

// Timeouts of the bus client (`@nats-io/*`) and of `AbortSignal.timeout()`, by name so that this
// library needs no dependency on them.
const DOWNSTREAM_ERROR_NAMES = new Set(['TimeoutError', 'NoRespondersError']);

function isDownstreamFailure(error: unknown): boolean {
  if (error instanceof DownstreamUnavailableError) return true;
  if (!(error instanceof Error)) return false;
  return DOWNSTREAM_ERROR_NAMES.has(error.name) || (error.name === 'RequestError' && isDownstreamFailure(error.cause));
}

function httpExceptionResponse(exception: HttpException, options: ErrorMappingOptions): ErrorResponse {
  const status = exception.getStatus();
  if (status >= 500) return status === 503 ? UNAVAILABLE : INTERNAL;
  const code = HTTP_EXCEPTION_CODES[status] ?? `http_${status}`;
  if (status === 404 && options.unmatchedRoute) {
    const { method, path, allowedMethods = [] } = options.unmatchedRoute;
    if (allowedMethods.length > 0) {
      return {
        status: 405,
        body: { error: `${method} is not allowed on ${path}; it answers ${allowedMethods.join(', ')}`, code: HTTP_EXCEPTION_CODES[405]! },
        headers: { allow: allowedMethods.join(', ') },
      };
    }
    return { status, body: { error: `No route for ${method} ${path}`, code } };
  }
  if (status === 413) return { status, body: { error: 'Request body is too large', code } };
  return { status, body: { error: exception.message, code } };
}

/**
 * Turns anything thrown while handling a request into the API's error envelope and status. Only
 * errors made to be shown keep their message; everything else becomes a generic 500.
 */
export function toErrorResponse(error: unknown, options: ErrorMappingOptions): ErrorResponse {
  if (error instanceof HttpApiError) {
    const body: ErrorEnvelope = { error: error.message, code: error.code };
    if (error.details) body.details = [...error.details];
    return { status: error.status, body };
  }
  if (error instanceof ZodError) {
    return {
      status: 400,
      body: { error: 'Invalid request', code: API_ERROR_CODES.validation, details: zodIssuesToProblems(error.issues, 'body') },
    };
  }
  if (error instanceof InvalidCursorError) return INVALID_CURSOR;
  if (isDownstreamFailure(error)) return UNAVAILABLE;
  if (isDomainErrorLike(error)) {
    const status = statusForDomainCode(error.code, options.domainErrorStatuses);
    return status >= 500 ? INTERNAL : { status, body: { error: error.message, code: error.code } };
  }
  if (error instanceof HttpException) return httpExceptionResponse(error, options);
  return INTERNAL;
}
