import type { z } from 'zod';

/** A documented response: a zod schema for its JSON body, or `null` for one without a body (204). */
export type ApiResponseSpec = z.ZodType | null | { description: string; schema?: z.ZodType };

/** How a route appears in the OpenAPI document; its inputs come from `@ZodBody`/`@ZodQuery`/`@ZodParam`. */
export interface ApiRouteOptions {
  summary: string;
  description?: string;
  tags?: readonly string[];
  /** Defaults to `<controller>_<method>`, e.g. `tenants_create`. */
  operationId?: string;
  /** Success responses by status. Must include the status the route answers with. Default: `{200: null}`. */
  responses?: Readonly<Record<number, ApiResponseSpec>>;
  /**
   * Error statuses this route can answer with beyond the ones every route documents (400 when it
   * takes input, 401/403 unless public, 404 with path parameters, 500).
   */
  errors?: readonly number[];
  /** Marked `deprecated` in the OpenAPI document and listed by `GET /api/v1/meta/compatibility`: it stays for the deprecation window. */
  deprecated?: boolean;
}

const API_ROUTE = Symbol('strata:api-route');

/** Puts the route in the OpenAPI document (routes without it are not documented). */
export function ApiRoute(options: ApiRouteOptions): MethodDecorator {
  return (_target, _key, descriptor) => {
    Reflect.defineMetadata(API_ROUTE, options, descriptor.value as object);
    return descriptor;
  };
}

export function apiRouteOf(handler: object): ApiRouteOptions | undefined {
  return Reflect.getMetadata(API_ROUTE, handler) as ApiRouteOptions | undefined;
}
