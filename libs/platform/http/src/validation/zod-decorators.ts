import { Body, createParamDecorator, Query, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
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

/**
 * One path parameter (`:name` in the route), parsed with `schema`, which must be synchronous (no
 * async refinements); documented too. Parsed as the handler's arguments are gathered rather than
 * by a Nest pipe: Nest runs every pipe through four async steps, and most routes have one or two
 * path parameters on every request. A refusal is the same 400 as from a pipe.
 */
export function ZodParam(name: string, schema: z.ZodType): ParameterDecorator {
  return (target, propertyKey, index) => {
    recordRequestSchema(target, propertyKey, (schemas) => ({ ...schemas, params: { ...schemas.params, [name]: schema } }));
    ParsedPathParam({ name, pipe: new ZodValidationPipe(schema, { kind: 'param', name }) })(target, propertyKey, index);
  };
}

const ParsedPathParam = createParamDecorator(({ name, pipe }: { name: string; pipe: ZodValidationPipe<z.ZodType> }, context: ExecutionContext): unknown =>
  pipe.transformNow((context.switchToHttp().getRequest<FastifyRequest>().params as Record<string, string | undefined> | undefined)?.[name]),
);
