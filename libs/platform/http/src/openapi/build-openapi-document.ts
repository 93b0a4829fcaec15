import { errorEnvelopeSchema } from '@strata/contracts';
import type { z } from 'zod';
import { MAX_JSON_DEPTH, MAX_JSON_VALUES } from '../app/json-body-parser';
import type { ApiResponseSpec } from './api-route.decorator';
import { JsonSchemaComponents, type JsonSchema } from './json-schema-components';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete' | 'head' | 'options';

/** One route as the OpenAPI document describes it. */
export interface DocumentedRoute {
  method: HttpMethod;
  /** OpenAPI form: `/api/v1/tenants/{tenantID}/jobs`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: readonly string[];
  /** No token needed. */
  public: boolean;
  permissions: readonly string[];
  /** Zod schemas of path parameters; parameters in `path` without one are documented as strings. */
  params: Readonly<Record<string, z.ZodType>>;
  query?: z.ZodType;
  body?: z.ZodType;
  responses: Readonly<Record<number, ApiResponseSpec>>;
  errors: readonly number[];
  deprecated?: boolean;
}

export interface OpenApiInfo {
  title: string;
  version: string;
  description?: string;
}

export type OpenApiDocument = JsonSchema & { openapi: '3.1.0'; paths: Record<string, Record<string, JsonSchema>> };

export const BEARER_SCHEME = 'bearerAuth';

const ERROR_DESCRIPTIONS: Readonly<Record<number, string>> = {
  400:
    'Invalid request (`validation_error` with details; `malformed_json`; `body_too_complex`: a JSON body nested over ' +
    `${MAX_JSON_DEPTH} levels deep or holding over ${MAX_JSON_VALUES} values, object members and array items counted together)`,
  401: 'Missing, unknown or revoked bearer token (`unauthorized`)',
  403: 'The token lacks a permission or belongs to another tenant (`forbidden`)',
  404: 'No such resource (`*_not_found`)',
  409: 'Conflicts with the current state (`*_exists`, `conflict`)',
  413: 'Request body too large (`payload_too_large`)',
  415: 'Unsupported content type (`unsupported_media_type`)',
  500: 'Unexpected failure (`internal_error`)',
  503: 'A service this request depends on is unavailable (`service_unavailable`)',
};

/** Headers error responses carry (see `toErrorResponse`). */
const ERROR_HEADERS: Readonly<Record<number, JsonSchema>> = {
  503: { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } } },
};

const SUCCESS_DESCRIPTIONS: Readonly<Record<number, string>> = { 200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No content' };

const PATH_PARAM = /\{([^}]+)\}/g;

const isZodSchema = (value: object): value is z.ZodType => '_zod' in value;

function describeResponse(status: number, spec: ApiResponseSpec, components: JsonSchemaComponents): JsonSchema {
  const fallback = SUCCESS_DESCRIPTIONS[status] ?? 'Success';
  const { description, schema }: { description: string; schema?: z.ZodType } =
    spec === null ? { description: fallback } : isZodSchema(spec) ? { description: fallback, schema: spec } : spec;
  if (schema === undefined) return { description };
  return { description, content: { 'application/json': { schema: components.add(schema, 'output') } } };
}

function parametersOf(route: DocumentedRoute, components: JsonSchemaComponents): JsonSchema[] {
  const parameters: JsonSchema[] = [];
  for (const [, name] of route.path.matchAll(PATH_PARAM)) {
    if (name === undefined) continue;
    const schema = route.params[name];
    parameters.push({ name, in: 'path', required: true, schema: schema ? components.add(schema, 'input') : { type: 'string' } });
  }
  if (route.query) {
    const query = components.add(route.query, 'input', { inlineRoot: true });
    const properties = (query['properties'] ?? {}) as Record<string, JsonSchema>;
    const required = new Set((query['required'] ?? []) as string[]);
    for (const [name, schema] of Object.entries(properties)) {
      const { description, ...rest } = schema;
      parameters.push({
        name,
        in: 'query',
        required: required.has(name),
        ...(typeof description === 'string' ? { description } : {}),
        schema: rest,
      });
    }
  }
  return parameters;
}

function errorStatusesOf(route: DocumentedRoute): number[] {
  const statuses = new Set<number>(route.errors);
  if (route.body || route.query || Object.keys(route.params).length > 0) statuses.add(400);
  if (route.body) statuses.add(413).add(415);
  if (!route.public) statuses.add(401).add(403);
  if (route.path.includes('{')) statuses.add(404);
  statuses.add(500);
  return [...statuses].sort((a, b) => a - b);
}

function operationOf(route: DocumentedRoute, components: JsonSchemaComponents, errorRef: JsonSchema): JsonSchema {
  const permissionNote = route.public
    ? 'No token needed.'
    : route.permissions.length > 0
      ? `Requires ${route.permissions.map((p) => `\`${p}\``).join(', ')}.`
      : 'Requires a valid token.';
  const operation: JsonSchema = {
    operationId: route.operationId,
    summary: route.summary,
    description: [route.description, permissionNote].filter(Boolean).join('\n\n'),
    tags: [...route.tags],
  };
  if (route.deprecated) operation['deprecated'] = true;
  if (route.public) operation['security'] = [];
  else operation['x-required-permissions'] = [...route.permissions];
  const parameters = parametersOf(route, components);
  if (parameters.length > 0) operation['parameters'] = parameters;
  if (route.body) {
    operation['requestBody'] = {
      required: !route.body.safeParse(undefined).success,
      content: { 'application/json': { schema: components.add(route.body, 'input') } },
    };
  }
  const responses: JsonSchema = {};
  for (const [status, spec] of Object.entries(route.responses)) responses[status] = describeResponse(Number(status), spec, components);
  for (const status of errorStatusesOf(route)) {
    const headers = ERROR_HEADERS[status];
    responses[String(status)] ??= {
      description: ERROR_DESCRIPTIONS[status] ?? 'Error',
      ...(headers ? { headers } : {}),
      content: { 'application/json': { schema: errorRef } },
    };
  }
  operation['responses'] = responses;
  return operation;
}

/**
 * An OpenAPI 3.1 document of `routes`: zod schemas with an id become `components.schemas`,
 * every error response is the error envelope, and non-public operations need the bearer token.
 */
export function buildOpenApiDocument(info: OpenApiInfo, routes: readonly DocumentedRoute[]): OpenApiDocument {
  const components = new JsonSchemaComponents();
  const errorRef = components.add(errorEnvelopeSchema, 'output');
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const operationIds = new Set<string>();
  const sorted = [...routes].sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
  for (const route of sorted) {
    if (operationIds.has(route.operationId)) throw new Error(`operationId "${route.operationId}" is used by two routes`);
    operationIds.add(route.operationId);
    const item = (paths[route.path] ??= {});
    if (item[route.method]) throw new Error(`${route.method.toUpperCase()} ${route.path} is declared twice`);
    item[route.method] = operationOf(route, components, errorRef);
  }
  const tags = [...new Set(sorted.flatMap((route) => route.tags))].sort().map((name) => ({ name }));
  const finished = components.finish(paths);
  return {
    openapi: '3.1.0',
    info: { ...info },
    tags,
    security: [{ [BEARER_SCHEME]: [] }],
    paths: finished.document,
    components: {
      schemas: finished.schemas,
      securitySchemes: {
        [BEARER_SCHEME]: { type: 'http', scheme: 'bearer', description: 'An API token: `Authorization: Bearer <token>`' },
      },
    },
  };
}
