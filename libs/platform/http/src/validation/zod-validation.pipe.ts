import { Injectable, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { REQUEST_PARSE_OPTIONS } from '@strata/contracts';
import { RequestValidationError } from '../errors/api-errors';
import { zodIssuesToProblems } from './zod-issues';

/** Where a validated value comes from; said in the error message and used as the root path. */
export type RequestPart = { kind: 'body' } | { kind: 'query' } | { kind: 'param'; name: string };

const MESSAGES = {
  body: () => 'Invalid request body',
  query: () => 'Invalid query parameters',
  param: (name: string) => `Invalid path parameter ${name}`,
};

/** Parses one part of a request with a zod schema; the parsed (coerced, defaulted) value replaces it. */
@Injectable()
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, Promise<z.output<S>>> {
  constructor(
    readonly schema: S,
    private readonly part: RequestPart,
  ) {}

  async transform(value: unknown): Promise<z.output<S>> {
    const result = await this.schema.safeParseAsync(value, REQUEST_PARSE_OPTIONS);
    if (result.success) return result.data;
    const { part } = this;
    const root = part.kind === 'param' ? part.name : part.kind;
    throw new RequestValidationError(
      part.kind === 'param' ? MESSAGES.param(part.name) : MESSAGES[part.kind](),
      zodIssuesToProblems(result.error.issues, root),
    );
  }
}
