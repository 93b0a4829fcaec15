import type { z } from 'zod';

/** The zod schemas a handler validates its input with; the OpenAPI builder documents the same ones. */
export interface RequestSchemas {
  body?: z.ZodType;
  query?: z.ZodType;
  params: Readonly<Record<string, z.ZodType>>;
}

const REQUEST_SCHEMAS = Symbol('strata:request-schemas');

type Handler = (...args: never[]) => unknown;

export function requestSchemasOf(handler: Handler): RequestSchemas {
  return (Reflect.getMetadata(REQUEST_SCHEMAS, handler) as RequestSchemas | undefined) ?? { params: {} };
}

export function recordRequestSchema(
  target: object,
  propertyKey: string | symbol | undefined,
  update: (schemas: RequestSchemas) => RequestSchemas,
): void {
  if (propertyKey === undefined) throw new Error('request schema decorators belong on handler parameters, not constructors');
  const handler = (target as Record<string | symbol, unknown>)[propertyKey];
  if (typeof handler !== 'function') throw new Error(`${String(propertyKey)} is not a method`);
  Reflect.defineMetadata(REQUEST_SCHEMAS, update(requestSchemasOf(handler as Handler)), handler);
}
