import { RequestMethod } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import type { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { PUBLIC_ROUTE, REQUIRED_PERMISSIONS } from '../auth/auth.decorators';
import { requestSchemasOf } from '../validation/request-schemas';
import { apiRouteOf } from './api-route.decorator';
import type { DocumentedRoute, HttpMethod } from './build-openapi-document';

const METHODS: Partial<Record<RequestMethod, HttpMethod>> = {
  [RequestMethod.GET]: 'get',
  [RequestMethod.POST]: 'post',
  [RequestMethod.PUT]: 'put',
  [RequestMethod.PATCH]: 'patch',
  [RequestMethod.DELETE]: 'delete',
  [RequestMethod.HEAD]: 'head',
  [RequestMethod.OPTIONS]: 'options',
};

const pathsOf = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : [typeof value === 'string' ? value : '']);

/** `api/v1/` + `tenants/:tenantID` → `/api/v1/tenants/{tenantID}`. */
export function openApiPath(...segments: string[]): string {
  const joined = segments
    .flatMap((segment) => segment.split('/'))
    .filter((part) => part !== '')
    .map((part) => (part.startsWith(':') ? `{${part.slice(1)}}` : part))
    .join('/');
  return `/${joined}`;
}

const lowerFirst = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

/**
 * Every controller method with `@ApiRoute`, read from the metadata Nest's own decorators left:
 * method, path and status from `@Get`/`@Post`/`@HttpCode`, access from `@Public`/
 * `@RequirePermissions`, inputs from `@ZodBody`/`@ZodQuery`/`@ZodParam`.
 */
export function collectDocumentedRoutes(discovery: DiscoveryService, scanner: MetadataScanner, reflector: Reflector): DocumentedRoute[] {
  const routes: DocumentedRoute[] = [];
  for (const wrapper of discovery.getControllers()) {
    const controller = wrapper.metatype as (abstract new (...args: never[]) => unknown) | null;
    if (!controller) continue;
    const prototype = controller.prototype as Record<string, unknown>;
    for (const methodName of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[methodName];
      if (typeof handler !== 'function') continue;
      const apiRoute = apiRouteOf(handler);
      const requestMethod = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (!apiRoute || requestMethod === undefined) continue;
      const method = METHODS[requestMethod];
      if (!method) throw new Error(`${controller.name}.${methodName}: @ApiRoute on a ${RequestMethod[requestMethod]} route cannot be documented`);

      const status = (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ?? (method === 'post' ? 201 : 200);
      const responses = apiRoute.responses ?? { [status]: null };
      if (!(status in responses)) {
        throw new Error(`${controller.name}.${methodName} answers ${status} but @ApiRoute documents ${Object.keys(responses).join(', ')}`);
      }
      const targets = [handler, controller];
      const isPublic = reflector.getAllAndOverride<boolean | undefined>(PUBLIC_ROUTE, targets) ?? false;
      const permissions = targets.flatMap((target) => reflector.get<string[] | undefined>(REQUIRED_PERMISSIONS, target) ?? []);
      const schemas = requestSchemasOf(handler as (...args: never[]) => unknown);
      for (const controllerPath of pathsOf(Reflect.getMetadata(PATH_METADATA, controller))) {
        for (const handlerPath of pathsOf(Reflect.getMetadata(PATH_METADATA, handler))) {
          routes.push({
            method,
            path: openApiPath(controllerPath, handlerPath),
            operationId: apiRoute.operationId ?? `${lowerFirst(controller.name.replace(/Controller$/, ''))}_${methodName}`,
            summary: apiRoute.summary,
            ...(apiRoute.description !== undefined ? { description: apiRoute.description } : {}),
            tags: apiRoute.tags ?? [],
            public: isPublic,
            permissions: [...new Set(permissions)],
            params: schemas.params,
            ...(schemas.query ? { query: schemas.query } : {}),
            ...(schemas.body ? { body: schemas.body } : {}),
            responses,
            errors: apiRoute.errors ?? [],
            ...(apiRoute.deprecated ? { deprecated: true } : {}),
          });
        }
      }
    }
  }
  return routes;
}
