import type { FastifyInstance } from 'fastify';
import { MalformedJsonError } from '../errors/api-errors';

const JSON_CONTENT_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * JSON is the only body this API accepts: every other content type is a 415. Parse failures
 * become `MalformedJsonError`, so they reach the exception filter as themselves rather than as
 * a generic 400; an empty body reads as no body (clients send the header on bodiless DELETEs).
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
    parseJson(request, text, (error, value) => (error ? done(new MalformedJsonError(), undefined) : done(null, value)));
  });
}
