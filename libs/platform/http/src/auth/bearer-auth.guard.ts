import type { CanActivate, ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ForbiddenError, HttpApiError, UnauthorizedError } from '../errors/api-errors';
import { attachPrincipal, PUBLIC_ROUTE, REQUIRED_PERMISSIONS } from './auth.decorators';
import type { Permission } from './permissions';
import { principalHasPermission, principalMayActInTenant, type Principal, type PrincipalResolver } from './principal';

// Longer values are not tokens; refusing them early keeps hashing and lookups bounded.
const MAX_TOKEN_LENGTH = 512;
const BEARER = /^Bearer ([\x21-\x7e]+)$/;

/** The token of an `Authorization: Bearer <token>` header, or undefined when there is none or it is malformed. */
export function bearerTokenOf(header: string | undefined): string | undefined {
  if (header === undefined || header.length > MAX_TOKEN_LENGTH + 7) return undefined;
  return BEARER.exec(header.trim())?.[1];
}

const isPromiseLike = <T>(value: T | PromiseLike<T>): value is PromiseLike<T> =>
  typeof (value as { then?: unknown } | undefined)?.then === 'function';

/**
 * Global guard: every route needs a valid bearer token unless it is `@Public()`; a route with a
 * tenant path parameter is refused (403) to tokens of other tenants, and answers 404 for a tenant
 * that does not exist to the callers that may act in any; `@RequirePermissions` must all be held.
 * Checked in that order, so a stranger learns nothing about tenants or permissions.
 */
export class BearerAuthGuard implements CanActivate {
  /**
   * Each route's metadata, read once (the decorators are fixed once the app has started); by class,
   * then handler, as a handler inherited by two controllers may carry different class metadata.
   */
  private readonly routes = new WeakMap<object, WeakMap<object, { isPublic: boolean; required: Permission[] }>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly resolver: PrincipalResolver,
    private readonly tenantParam: string,
  ) {}

  /**
   * Decides at once (a boolean, or a throw) when the resolver answers at once, as it does for a
   * token it has cached: Nest awaits only a promise, and a promise per step was a tenth of a
   * cached request's cost. A throw here reaches the exception filter as a rejection would.
   */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const { isPublic, required } = this.routeOf(context);
    if (isPublic) return true;

    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const token = bearerTokenOf(request.headers.authorization);
    if (token === undefined) throw new UnauthorizedError();
    const principal = this.resolver.resolve(token);
    return isPromiseLike(principal)
      ? principal.then((resolved) => this.admit(request, resolved, required))
      : this.admit(request, principal, required);
  }

  private admit(request: FastifyRequest, principal: Principal | undefined, required: readonly Permission[]): boolean | Promise<boolean> {
    if (principal === undefined) throw new UnauthorizedError();
    attachPrincipal(request, principal);

    const tenantId = (request.params as Record<string, string | undefined> | undefined)?.[this.tenantParam];
    if (tenantId === undefined) return this.permitted(principal, required);
    if (!principalMayActInTenant(principal, tenantId)) throw new ForbiddenError('This token may not act in this tenant');
    const unknownTenant = principal.tenantId === tenantId ? false : (this.resolver.isUnknownTenant?.(tenantId) ?? false);
    return isPromiseLike(unknownTenant)
      ? unknownTenant.then((unknown) => this.inKnownTenant(unknown, tenantId, principal, required))
      : this.inKnownTenant(unknownTenant, tenantId, principal, required);
  }

  private inKnownTenant(unknownTenant: boolean, tenantId: string, principal: Principal, required: readonly Permission[]): boolean {
    if (unknownTenant) throw new HttpApiError(404, 'tenant_not_found', `tenant ${tenantId} does not exist`);
    return this.permitted(principal, required);
  }

  private permitted(principal: Principal, required: readonly Permission[]): boolean {
    // A loop rather than a filter: nothing is allocated for a request that holds every permission.
    for (const permission of required) {
      if (!principalHasPermission(principal, permission)) {
        const missing = required.filter((each) => !principalHasPermission(principal, each));
        throw new ForbiddenError(`This token lacks the permission${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
      }
    }
    return true;
  }

  private routeOf(context: ExecutionContext): { isPublic: boolean; required: Permission[] } {
    const handler = context.getHandler();
    const controller = context.getClass();
    let routes = this.routes.get(controller);
    if (routes === undefined) this.routes.set(controller, (routes = new WeakMap()));
    let route = routes.get(handler);
    if (route === undefined) {
      const targets = [handler, controller];
      route = {
        isPublic: this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_ROUTE, targets) === true,
        required: [...new Set(targets.flatMap((target) => this.reflector.get<Permission[] | undefined>(REQUIRED_PERMISSIONS, target) ?? []))],
      };
      routes.set(handler, route);
    }
    return route;
  }
}
