import { API_ERROR_CODES } from '@strata/contracts';

/** One invalid field of a request: where it is (`secret.token`) and what is wrong with it. */
export interface FieldProblem {
  path: string;
  message: string;
}

/**
 * An error that already knows how it looks on the wire: status, machine code and a message that
 * is safe to show. Modules throw subclasses; the exception filter sends them as they are.
 */
export class HttpApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: readonly FieldProblem[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** No usable bearer token. One message for every cause, so callers learn nothing about tokens. */
export class UnauthorizedError extends HttpApiError {
  constructor() {
    super(401, API_ERROR_CODES.unauthorized, 'Missing or invalid bearer token');
  }
}

/** The caller is known but may not do this (missing permission, other tenant). */
export class ForbiddenError extends HttpApiError {
  constructor(message = 'Not allowed') {
    super(403, API_ERROR_CODES.forbidden, message);
  }
}

/** The request failed validation; `details` names each invalid field. */
export class RequestValidationError extends HttpApiError {
  constructor(message: string, details: readonly FieldProblem[]) {
    super(400, API_ERROR_CODES.validation, message, details);
  }
}

/**
 * A service this request depends on (the bus, a store, another service) did not answer in time
 * or is down. Answered with 503 so clients retry; the cause is logged, never shown.
 */
export class DownstreamUnavailableError extends Error {
  constructor(
    /** What did not answer, e.g. `job-orchestrator`; logged, not shown to the caller. */
    readonly dependency: string,
    options?: { cause?: unknown },
  ) {
    super(`${dependency} is unavailable`, options);
    this.name = new.target.name;
  }
}

/**
 * The body could not be parsed as JSON. The parser's own message is deliberately dropped: it
 * quotes the body, which may hold a secret.
 */
export class MalformedJsonError extends HttpApiError {
  constructor() {
    super(400, API_ERROR_CODES.malformedJson, 'Request body is not valid JSON');
  }
}

/**
 * The body is valid JSON but nested too deeply or holding too many values to be handled safely
 * (validation and cloning recurse into it).
 */
export class BodyTooComplexError extends HttpApiError {
  constructor(maxDepth: number, maxValues: number) {
    super(
      400,
      API_ERROR_CODES.bodyTooComplex,
      `Request body is too complex: JSON may nest at most ${maxDepth} levels deep and hold at most ${maxValues} values (object members and array items) in all`,
    );
  }
}
