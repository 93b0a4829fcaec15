import type { FastifyInstance } from 'fastify';
import { BodyTooComplexError, MalformedJsonError } from '../errors/api-errors';

const JSON_CONTENT_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * How deeply a JSON body may nest (the body itself is level 1). Far beyond any body this API
 * takes (a job's keyed plugin config is about 4 levels), and far below what recursive code
 * downstream (zod, `structuredClone`, the stores) can walk before the stack runs out.
 */
export const MAX_JSON_DEPTH = 64;

/** How many values (object members and array items, at every level) a JSON body may hold in all. */
export const MAX_JSON_VALUES = 10_000;

/**
 * Whether `value` stays within {@link MAX_JSON_DEPTH} and {@link MAX_JSON_VALUES}. Walks with a
 * stack of its own rather than recursing, so the check itself cannot overflow, and stops at the
 * first limit crossed.
 */
export function isWithinJsonLimits(value: unknown, limits = { maxDepth: MAX_JSON_DEPTH, maxValues: MAX_JSON_VALUES }): boolean {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 1 }];
  let values = 0;
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (typeof next.value !== 'object' || next.value === null) continue;
    if (next.depth > limits.maxDepth) return false;
    const children = Array.isArray(next.value) ? (next.value as unknown[]) : Object.values(next.value);
    values += children.length;
    if (values > limits.maxValues) return false;
    for (const child of children) {
      if (typeof child === 'object' && child !== null) pending.push({ value: child, depth: next.depth + 1 });
    }
  }
  return true;
}

/**
 * JSON is the only body this API accepts: every other content type is a 415. Parse failures
 * become `MalformedJsonError`, so they reach the exception filter as themselves rather than as
 * a generic 400; an empty body reads as no body (clients send the header on bodiless DELETEs).
 * A body nested too deeply or holding too many values is refused here, for every route, before
 * validation or anything else recurses into it.
 */
export function acceptOnlyJsonBodies(fastify: FastifyInstance, bodyLimit: number): void {
  fastify.removeAllContentTypeParsers();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.addContentTypeParser(JSON_CONTENT_TYPE, { parseAs: 'string', bodyLimit }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text === '') {
      done(null, undefined);
      return;
    }
    parseJson(request, text, (error, value) => {
      if (error) done(new MalformedJsonError(), undefined);
      else if (!isWithinJsonLimits(value)) done(new BodyTooComplexError(MAX_JSON_DEPTH, MAX_JSON_VALUES), undefined);
      else done(null, value);
    });
  });
}
