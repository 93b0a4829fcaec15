import { z } from 'zod';
import type { DocumentedRoute } from '../openapi/build-openapi-document';

/** How long a deprecated route or field is still served after it is marked (OpenAPI `deprecated`). */
export const DEPRECATION_WINDOW_DAYS = 180;

export const compatibilitySchema = z
  .object({
    api_version: z.literal('v1'),
    versioning: z.object({ scheme: z.literal('path'), base_path: z.string(), current: z.literal('v1'), policy: z.string() }),
    deprecation: z.object({
      window_days: z.number().int(),
      policy: z.string(),
      deprecated_routes: z.array(z.object({ method: z.string(), path: z.string() })).describe('Routes marked deprecated now'),
    }),
    pagination: z.object({
      envelope: z.object({ items: z.string(), page: z.object({ limit: z.string(), next_cursor: z.string(), has_more: z.string() }) }),
      behaviour: z.array(z.string()),
      list_routes: z.array(z.string()).describe('Every GET route that accepts `envelope` (from the OpenAPI document)'),
    }),
    webhook_signing: z.object({
      algorithm: z.literal('HMAC-SHA256'),
      signature_header: z.string(),
      signed_content: z.string(),
      timestamp_header: z.string(),
      timestamp_tolerance_seconds: z.number().int(),
      delivery_id_header: z.string(),
      event_header: z.string(),
      delivery: z.string(),
    }),
    error_envelope: z.object({ shape: z.string(), stability: z.string(), error_model: z.string() }),
    authentication: z.string(),
  })
  .meta({ id: 'Compatibility' });

export type Compatibility = z.infer<typeof compatibilitySchema>;

/** Whether a route's query takes `envelope` (the list envelope option of `libs/platform/http/src/paging`). */
export function acceptsEnvelope(route: DocumentedRoute): boolean {
  if (route.method !== 'get' || !route.query) return false;
  const json = z.toJSONSchema(route.query, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, unknown> };
  return json.properties !== undefined && 'envelope' in json.properties;
}

/** Strata's v1 compatibility policy; the parts that are facts of this build are read from its routes. */
export function buildCompatibility(routes: readonly DocumentedRoute[], paths: { errorModel: string }): Compatibility {
  return {
    api_version: 'v1',
    versioning: {
      scheme: 'path',
      base_path: '/api/v1',
      current: 'v1',
      policy:
        'Within v1 changes are additive: new routes, new optional request fields and query parameters, new response fields, new error codes and event types. ' +
        'Clients ignore fields they do not know. A change that would break a v1 client ships under a new path version (/api/v2) served beside v1.',
    },
    deprecation: {
      window_days: DEPRECATION_WINDOW_DAYS,
      policy: `A route or field to be removed is first marked deprecated in the OpenAPI document (and listed here), and is served for at least ${DEPRECATION_WINDOW_DAYS} days after.`,
      deprecated_routes: routes.filter((route) => route.deprecated).map((route) => ({ method: route.method.toUpperCase(), path: route.path })),
    },
    pagination: {
      envelope: {
        items: 'The page of items',
        page: {
          limit: 'The page size used',
          next_cursor: 'Opaque; pass as `cursor` (with the same filters and sort) for the next page; null on the last (the event feed gives it on the last page too, to poll with)',
          has_more: 'Whether another page follows',
        },
      },
      behaviour: [
        'Every list route accepts `envelope=true` and then answers `{items, page: {limit, next_cursor, has_more}}`; without it a list keeps its own shape (lists that already answer in the envelope answer in it either way).',
        'Paging is keyset (cursor) based: a page starts after the last item of the previous one, so items added or removed meanwhile neither repeat nor shift the pages.',
        'A `page.next_cursor` passed as `cursor` (with or without `envelope=true`) continues in the envelope; a list\'s own `next_cursor` continues in its own shape.',
        'A cursor is bound to its list, tenant, filters and sort: a corrupt one, or one of another list, is a 400 `invalid_cursor`.',
        'A list with no paging of its own answers the whole list in one page (`has_more: false`) unless `limit` is given.',
        '`limit` bounds differ by list (see each route in the OpenAPI document); the jobs list also keeps its numbered pages (`page`, `per_page`).',
      ],
      list_routes: routes.filter(acceptsEnvelope).map((route) => route.path).sort(),
    },
    webhook_signing: {
      algorithm: 'HMAC-SHA256',
      signature_header: 'X-Strata-Signature: sha256=<hex HMAC-SHA256 of the signed content, keyed with the webhook secret>',
      signed_content: '<X-Strata-Timestamp>.<raw request body>',
      timestamp_header: 'X-Strata-Timestamp (unix seconds)',
      timestamp_tolerance_seconds: 300,
      delivery_id_header: 'X-Strata-Delivery: the same on every attempt of one event to one webhook (deduplicate on it)',
      event_header: 'X-Strata-Event: the event type',
      delivery:
        'At least once, the same body on every attempt; retried with exponential backoff for 24 h. A secret rotated with PATCH signs from then on.',
    },
    error_envelope: {
      shape: '{"error": "...", "code": "...", "details"?: [{"path", "message"}]}',
      stability: 'Every non-2xx answer is this envelope; within v1 a code keeps its meaning and status, and new codes may be added.',
      error_model: paths.errorModel,
    },
    authentication: 'Authorization: Bearer <token> on every route but /status and the API documents (OpenAPI, AsyncAPI, docs), from loopback too.',
  };
}
