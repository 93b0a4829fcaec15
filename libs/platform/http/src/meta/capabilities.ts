import { z } from 'zod';
import type { DocumentedRoute } from '../openapi/build-openapi-document';

export const capabilityRouteSchema = z.object({
  method: z.string().describe('GET, POST, ...'),
  path: z.string().describe('As in the OpenAPI document: `/api/v1/tenants/{tenantID}/jobs`'),
  operation_id: z.string(),
  summary: z.string(),
  auth: z.enum(['none', 'bearer_token']),
  permissions: z.array(z.string()).describe('Every one is needed; empty: any valid token (or none when auth is none)'),
  deprecated: z.boolean(),
});

export const capabilitiesSchema = z
  .object({
    api_version: z.literal('v1'),
    version: z.string(),
    openapi: z.string().describe('The OpenAPI document these routes are listed from'),
    route_count: z.number().int(),
    groups: z.array(
      z.object({
        name: z.string().describe('The routes\' OpenAPI tag'),
        route_count: z.number().int(),
        permissions: z.array(z.string()).describe('Every permission a route of the group asks for'),
        routes: z.array(capabilityRouteSchema),
      }),
    ),
  })
  .meta({ id: 'Capabilities' });

export type Capabilities = z.infer<typeof capabilitiesSchema>;
type CapabilityRoute = z.infer<typeof capabilityRouteSchema>;

/** A route without a tag is grouped under this name. */
export const UNTAGGED_GROUP = 'other';

const toCapabilityRoute = (route: DocumentedRoute): CapabilityRoute => ({
  method: route.method.toUpperCase(),
  path: route.path,
  operation_id: route.operationId,
  summary: route.summary,
  auth: route.public ? 'none' : 'bearer_token',
  permissions: [...route.permissions],
  deprecated: route.deprecated ?? false,
});

/**
 * The route inventory by capability group (the routes' first OpenAPI tag), from the very routes
 * the OpenAPI document is built from: a route added anywhere shows up here with no list to keep.
 */
export function buildCapabilities(routes: readonly DocumentedRoute[], meta: { version: string; openapi: string }): Capabilities {
  const groups = new Map<string, DocumentedRoute[]>();
  for (const route of routes) {
    const name = route.tags[0] ?? UNTAGGED_GROUP;
    groups.set(name, [...(groups.get(name) ?? []), route]);
  }
  return {
    api_version: 'v1',
    version: meta.version,
    openapi: meta.openapi,
    route_count: routes.length,
    groups: [...groups.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, members]) => {
        const sorted = [...members].sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
        return {
          name,
          route_count: sorted.length,
          permissions: [...new Set(sorted.flatMap((route) => route.permissions))].sort(),
          routes: sorted.map(toCapabilityRoute),
        };
      }),
  };
}
