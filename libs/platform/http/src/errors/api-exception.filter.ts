import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DomainErrorStatuses } from './domain-error-status';
import { toErrorResponse } from './error-response';

const ROUTABLE_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** The request's path, and the methods that would have matched a route on it. */
function describeUnmatchedRoute(request: FastifyRequest): { method: string; path: string; allowedMethods: string[] } {
  const path = request.url.split('?')[0] ?? '/';
  const allowedMethods = ROUTABLE_METHODS.filter((method) => request.server.findRoute({ method, url: path }) !== null);
  return { method: request.method, path, allowedMethods };
}

/** Catches everything thrown while serving HTTP and answers with the error envelope. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  constructor(private readonly domainErrorStatuses: DomainErrorStatuses) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const unmatchedRoute = request.routeOptions.url === undefined ? describeUnmatchedRoute(request) : undefined;
    const response = toErrorResponse(exception, { domainErrorStatuses: this.domainErrorStatuses, unmatchedRoute });

    if (response.log === 'error') request.log.error({ err: exception }, 'request failed');
    else if (response.log === 'warn') request.log.warn({ err: exception }, 'dependency unavailable');
    // A streaming response (SSE) may fail after its headers went out; all that is left is the log.
    if (reply.sent) return;
    if (response.status === 401) reply.header('www-authenticate', 'Bearer');
    if (response.headers) void reply.headers(response.headers);
    void reply.status(response.status).header('content-type', 'application/json; charset=utf-8').send(response.body);
  }
}
