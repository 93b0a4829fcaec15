import { API_ERROR_CODES } from '@strata/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorResponse } from './error-response';

/** Fastify's router refuses a path segment longer than this before any route or filter runs. */
export const MAX_PATH_PARAM_LENGTH = 100;

/**
 * What Fastify's router refuses before a route (and so the exception filter) is reached: a path
 * parameter over {@link MAX_PATH_PARAM_LENGTH} characters, a URL that cannot be decoded. Answered
 * with the API's envelope rather than Fastify's own shape, and without echoing the path.
 */
export function frameworkErrorResponse(error: { code?: string; statusCode?: number }): ErrorResponse {
  switch (error.code) {
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return { status: 414, body: { error: `A path segment is longer than ${MAX_PATH_PARAM_LENGTH} characters`, code: API_ERROR_CODES.uriTooLong } };
    case 'FST_ERR_BAD_URL':
      return { status: 400, body: { error: 'The URL cannot be decoded (a malformed percent-encoding)', code: API_ERROR_CODES.malformedUrl } };
    default:
      return { status: error.statusCode ?? 400, body: { error: 'Bad request', code: 'bad_request' } };
  }
}

/** Fastify's `frameworkErrors` option. */
export function sendFrameworkError(error: { code?: string; statusCode?: number }, _request: FastifyRequest, reply: FastifyReply): void {
  const { status, body } = frameworkErrorResponse(error);
  void reply.code(status).type('application/json; charset=utf-8').send(body);
}
