import { Body, Param, Query } from '@nestjs/common';
import type { z } from 'zod';
import { recordRequestSchema } from './request-schemas';
import { ZodValidationPipe } from './zod-validation.pipe';

/**
 * The request body, parsed with `schema` (400 `validation_error` with details otherwise). The
 * schema is also the body documented in the OpenAPI document.
 */
export function ZodBody(schema: z.ZodType): ParameterDecorator {
  return (target, propertyKey, index) => {
    recordRequestSchema(target, propertyKey, (schemas) => ({ ...schemas, body: schema }));
    Body(new ZodValidationPipe(schema, { kind: 'body' }))(target, propertyKey, index);
  };
}

/** The query string as an object, parsed with `schema` (use `z.coerce` for numbers); documented too. */
export function ZodQuery(schema: z.ZodType): ParameterDecorator {
  return (target, propertyKey, index) => {
    recordRequestSchema(target, propertyKey, (schemas) => ({ ...schemas, query: schema }));
    Query(new ZodValidationPipe(schema, { kind: 'query' }))(target, propertyKey, index);
  };
}

/** One path parameter (`:name` in the route), parsed with `schema`; documented too. */
export function ZodParam(name: string, schema: z.ZodType): ParameterDecorator {
  return (target, propertyKey, index) => {
    recordRequestSchema(target, propertyKey, (schemas) => ({ ...schemas, params: { ...schemas.params, [name]: schema } }));
    Param(name, new ZodValidationPipe(schema, { kind: 'param', name }))(target, propertyKey, index);
  };
}
