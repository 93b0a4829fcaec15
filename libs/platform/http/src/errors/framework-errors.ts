import { maxHeaderSize, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { API_ERROR_CODES } from '@strata/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
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

/**
 * What Node's HTTP parser refuses before Fastify sees a request (Fastify's `clientErrorHandler`
 * gets these): request line and headers over Node's `maxHeaderSize` (a long query string among
 * them), a request not received in time, and anything that is not well-formed, unambiguous HTTP.
 */
export function clientErrorResponse(error: { code?: string }): ErrorResponse {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        body: { error: `The request line and headers are larger than ${Math.round(maxHeaderSize / 1024)} KB`, code: API_ERROR_CODES.headersTooLarge },
      };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, body: { error: 'The request was not received in time', code: API_ERROR_CODES.requestTimeout } };
    default:
      return { status: 400, body: { error: 'The request is not well-formed HTTP', code: API_ERROR_CODES.malformedRequest } };
  }
}

/**
 * Fastify's `clientErrorHandler`: answers on the socket itself, as Node and Fastify do by default
 * (there is no request or reply yet), but with the API's envelope, then closes the connection,
 * since the parser cannot tell where the next request would begin.
 */
export function clientErrorHandler(logger: Logger): (error: Error & { code?: string }, socket: Duplex) => void {
  return (error, socket) => {
    // A reset connection has nobody left to answer.
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const { status, body } = clientErrorResponse(error);
    logger.debug({ err: error, status }, 'refused a request Node could not parse');
    // A response already under way on this connection (a timeout mid-reply) cannot take another.
    const current = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (socket.writable && !current?.headersSent) {
      const json = JSON.stringify(body);
      socket.write(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`,
      );
    }
    socket.destroy(error);
  };
}
