import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DomainErrorStatuses } from './domain-error-status';
import { toErrorResponse } from './error-response';

const ROUTABLE_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * Whether a route serves `method` on `path`. The router matches an empty segment to a path
 * parameter (`/jobs/` to `/jobs/:jobID`, `/tenants//jobs` to `/tenants/:tenantID/jobs`), but
 * Nest's adapter sends such requests to the not-found handler (only a wildcard may be empty), so
 * such a match is no route: counted, it made a 405 that listed the very method refused.
 */
function routeServes(request: FastifyRequest, method: string, path: string): boolean {
  const found = request.server.findRoute({ method, url: path });
  if (found === null) return false;
  return Object.entries(found.params ?? {}).every(([name, value]) => value !== '' || name === '*');
}

/** The request's path, and the methods that would have matched a route on it. */
function describeUnmatchedRoute(request: FastifyRequest): { method: string; path: string; allowedMethods: string[] } {
  const path = request.url.split('?')[0] ?? '/';
  const allowedMethods = ROUTABLE_METHODS.filter((method) => routeServes(request, method, path));
  // Should the router and this check ever disagree again, a 404 is the honest answer.
  return { method: request.method, path, allowedMethods: allowedMethods.includes(request.method as (typeof ROUTABLE_METHODS)[number]) ? [] : allowedMethods };
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
