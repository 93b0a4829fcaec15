import { Injectable, type PipeTransform } from '@nestjs/common';
import { z } from 'zod';
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

  /** Set once the schema turned out to have async checks: from then on it is parsed async at once. */
  private async = false;

  async transform(value: unknown): Promise<z.output<S>> {
    return this.outcome(await this.parse(value));
  }

  /**
   * Parses at once, without a promise, for a schema without async checks (path parameters');
   * one with them is a programming error here, said as such (use {@link transform}).
   */
  transformNow(value: unknown): z.output<S> {
    try {
      return this.outcome(this.schema.safeParse(value, REQUEST_PARSE_OPTIONS));
    } catch (error) {
      if (error instanceof z.core.$ZodAsyncError) {
        throw new Error(`the schema of ${this.part.kind === 'param' ? `path parameter ${this.part.name}` : `the request ${this.part.kind}`} has async checks: it cannot be parsed at once`, { cause: error });
      }
      throw error;
    }
  }

  private outcome(result: z.ZodSafeParseResult<z.output<S>>): z.output<S> {
    if (result.success) return result.data;
    const { part } = this;
    const root = part.kind === 'param' ? part.name : part.kind;
    const problems = zodIssuesToProblems(result.error.issues, root);
    throw new RequestValidationError(selfExplaining(problems) ?? (part.kind === 'param' ? MESSAGES.param(part.name) : MESSAGES[part.kind]()), problems);
  }

  /**
   * Synchronously when the schema allows: an async parse costs several promises per field, on
   * every request; zod says so (`$ZodAsyncError`) when a schema has async refinements.
   */
  private parse(value: unknown): z.ZodSafeParseResult<z.output<S>> | Promise<z.ZodSafeParseResult<z.output<S>>> {
    if (!this.async) {
      try {
        return this.schema.safeParse(value, REQUEST_PARSE_OPTIONS);
      } catch (error) {
        if (!(error instanceof z.core.$ZodAsyncError)) throw error;
        this.async = true;
      }
    }
    return this.schema.safeParseAsync(value, REQUEST_PARSE_OPTIONS);
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
