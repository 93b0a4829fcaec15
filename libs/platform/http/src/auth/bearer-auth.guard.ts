import type { CanActivate, ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ForbiddenError, HttpApiError, UnauthorizedError } from '../errors/api-errors';
import { attachPrincipal, PUBLIC_ROUTE, REQUIRED_PERMISSIONS } from './auth.decorators';
import type { Permission } from './permissions';
import { principalHasPermission, principalMayActInTenant, type PrincipalResolver } from './principal';

// Longer values are not tokens; refusing them early keeps hashing and lookups bounded.
const MAX_TOKEN_LENGTH = 512;
const BEARER = /^Bearer ([\x21-\x7e]+)$/;

/** The token of an `Authorization: Bearer <token>` header, or undefined when there is none or it is malformed. */
export function bearerTokenOf(header: string | undefined): string | undefined {
  if (header === undefined || header.length > MAX_TOKEN_LENGTH + 7) return undefined;
  return BEARER.exec(header.trim())?.[1];
}

/**
 * Global guard: every route needs a valid bearer token unless it is `@Public()`; a route with a
 * tenant path parameter is refused (403) to tokens of other tenants, and answers 404 for a tenant
 * that does not exist to the callers that may act in any; `@RequirePermissions` must all be held.
 * Checked in that order, so a stranger learns nothing about tenants or permissions.
 */
export class BearerAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly resolver: PrincipalResolver,
    private readonly tenantParam: string,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_ROUTE, targets)) return true;

    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const token = bearerTokenOf(request.headers.authorization);
    const principal = token === undefined ? undefined : await this.resolver.resolve(token);
    if (principal === undefined) throw new UnauthorizedError();
    attachPrincipal(request, principal);

    const tenantId = (request.params as Record<string, string | undefined> | undefined)?.[this.tenantParam];
    if (tenantId !== undefined && !principalMayActInTenant(principal, tenantId)) {
      throw new ForbiddenError('This token may not act in this tenant');
    }
    if (tenantId !== undefined && principal.tenantId !== tenantId && (await this.resolver.isUnknownTenant?.(tenantId))) {
      throw new HttpApiError(404, 'tenant_not_found', `tenant ${tenantId} does not exist`);
    }
    const required = targets.flatMap((target) => this.reflector.get<Permission[] | undefined>(REQUIRED_PERMISSIONS, target) ?? []);
    const missing = [...new Set(required)].filter((permission) => !principalHasPermission(principal, permission));
    if (missing.length > 0) {
      throw new ForbiddenError(`This token lacks the permission${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
    }
    return true;
  }
}
