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
    const problems = zodIssuesToProblems(result.error.issues, root);
    throw new RequestValidationError(selfExplaining(problems) ?? (part.kind === 'param' ? MESSAGES.param(part.name) : MESSAGES[part.kind]()), problems);
  }
}

/**
 * The one problem's message when it names its own field (`interval_minutes must be > 0`), so the
 * envelope's `error` says what is wrong, as seed 001's API does; a generic summary otherwise.
 */
function selfExplaining(problems: readonly { path: string; message: string }[]): string | undefined {
  if (problems.length !== 1) return undefined;
  const [{ path, message }] = problems as [{ path: string; message: string }];
  const field = path.split('.').at(-1) ?? '';
  return field !== '' && message.startsWith(`${field} `) ? message : undefined;
}
