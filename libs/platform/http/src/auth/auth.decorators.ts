import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Permission } from './permissions';
import type { Principal } from './principal';

export const PUBLIC_ROUTE = 'strata:public-route';
export const REQUIRED_PERMISSIONS = 'strata:required-permissions';

/** The route (or every route of the controller) needs no token. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

/**
 * The token must carry every one of `permissions` (platform admins carry all). Without this
 * decorator a route only needs a valid token (and the right tenant when it has `:tenantID`).
 */
export const RequirePermissions = (...permissions: Permission[]): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIRED_PERMISSIONS, permissions);

/**
 * Where the guard leaves the principal on the request: a property under a symbol of this module,
 * which no other code can name. A WeakMap entry per request cost more (each one is an ephemeron
 * the garbage collector must trace).
 */
const PRINCIPAL = Symbol('strata:principal');
type WithPrincipal = FastifyRequest & { [PRINCIPAL]?: Principal };

export function attachPrincipal(request: FastifyRequest, principal: Principal): void {
  (request as WithPrincipal)[PRINCIPAL] = principal;
}

/** The principal the auth guard resolved for this request, if any (none on public routes). */
export function principalOf(request: FastifyRequest): Principal | undefined {
  return (request as WithPrincipal)[PRINCIPAL];
}

/** The caller of a non-public route, as resolved by the auth guard. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = principalOf(context.switchToHttp().getRequest<FastifyRequest>());
  // Only reachable on a @Public() route, where asking for the caller is a programming error.
  if (principal === undefined) throw new Error('@CurrentPrincipal() used on a route without authentication');
  return principal;
});
