import Fastify, { type FastifyInstance } from 'fastify';
import { waitFor } from '@strata/testing';
import { InjectRest } from './inject-rest';
import type { StrataRest } from './strata-rest';

describe('InjectRest', () => {
  let fastify: FastifyInstance;
  const seen: { authorization?: string; requestId?: string; body?: unknown; url?: string }[] = [];
  let followerClosed = false;

  beforeAll(async () => {
    fastify = Fastify();
    fastify.all('/echo', async (request) => {
      seen.push({ authorization: request.headers.authorization, requestId: request.headers['x-request-id'] as string | undefined, body: request.body, url: request.url });
      return { ok: true };
    });
    fastify.get('/missing', async (_request, reply) => reply.code(404).send({ error: 'job x not found', code: 'job_not_found' }));
    fastify.get('/ended', async (_request, reply) => {
      reply.hijack();
      reply.raw.writeHead(200, { 'content-type': 'text/event-stream' });
      reply.raw.write('id: 1\ndata: {"msg":"one"}\n\n');
      reply.raw.end('id: 2\ndata: {"msg":"two"}\n\n');
    });
    // A running job's log: one line, then nothing until the client hangs up.
    fastify.get('/running', async (_request, reply) => {
      reply.hijack();
      reply.raw.writeHead(200, { 'content-type': 'text/event-stream' });
      reply.raw.write('data: {"msg":"so far"}\n\n');
      reply.raw.once('close', () => (followerClosed = true));
    });
    await fastify.ready();
  });
  afterAll(() => fastify.close());

  const rest = (): StrataRest => new InjectRest(fastify, 'Bearer strata_abc', 'req-1');

  it("calls with the caller's authorization and request id, the query and a JSON body", async () => {
    const answer = await rest().send({ method: 'POST', path: '/echo', query: { type: ['a', 'b'], limit: 5, cursor: undefined }, body: { name: 'x' } });
    expect(answer).toEqual({ status: 200, body: { ok: true } });
    expect(seen.at(-1)).toEqual({ authorization: 'Bearer strata_abc', requestId: 'req-1', body: { name: 'x' }, url: '/echo?type=a&type=b&limit=5' });
  });

  it('gives an error answer its status and envelope', async () => {
    expect(await rest().send({ method: 'GET', path: '/missing' })).toEqual({ status: 404, body: { error: 'job x not found', code: 'job_not_found' } });
    expect(await rest().readEvents('/missing', { quietMs: 100, maxMs: 1000 })).toEqual({ status: 404, body: { error: 'job x not found', code: 'job_not_found' }, events: [], ended: true });
  });

  it('reads an event stream to its end', async () => {
    expect(await rest().readEvents('/ended', { quietMs: 5_000, maxMs: 10_000 })).toEqual({ status: 200, events: ['{"msg":"one"}', '{"msg":"two"}'], ended: true });
  });

  it('answers what a stream that stays open has so far once it goes quiet, and hangs up so the server stops following', async () => {
    expect(await rest().readEvents('/running', { quietMs: 150, maxMs: 5_000 })).toEqual({ status: 200, events: ['{"msg":"so far"}'], ended: false });
    await waitFor(() => followerClosed, { timeoutMs: 2_000, message: 'the server saw the client hang up' });
  });
});
