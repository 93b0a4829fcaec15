import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { classifyDeliveryOutcome } from './delivery-outcome';
import { EgressRefusedError } from './egress-refused-error';
import { createSafeDispatcher, type SafeDispatcher } from './safe-dispatcher';
import { TooManyRedirectsError } from './safe-fetch';
import { safeRequest } from './safe-request';

describe('safeRequest', () => {
  let server: Server;
  let base: string;
  let dispatcher: SafeDispatcher;
  const seen: { method: string; url: string; body: string; auth: string | undefined }[] = [];

  beforeAll(async () => {
    server = createServer(async (request, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      seen.push({ method: request.method ?? '', url: request.url ?? '', body: Buffer.concat(chunks).toString(), auth: request.headers.authorization });
      const path = request.url ?? '/';
      if (path === '/hang') return;
      if (path === '/ok') return void response.writeHead(204).end();
      if (path === '/busy') return void response.writeHead(429, { 'retry-after': '7' }).end('slow down');
      if (path === '/see-other') return void response.writeHead(303, { location: '/ok' }).end();
      if (path === '/keep') return void response.writeHead(307, { location: '/ok' }).end();
      if (path === '/meta') return void response.writeHead(302, { location: 'http://169.254.169.254/latest' }).end();
      if (path === '/loop') return void response.writeHead(302, { location: '/loop' }).end();
      response.writeHead(404).end();
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dispatcher = createSafeDispatcher({ allowPrivate: true });
  });

  afterAll(async () => {
    await dispatcher.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const post = (path: string, timeoutMs?: number) =>
    safeRequest(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer x' }, body: '{"a":1}' }, { dispatcher, ...(timeoutMs ? { timeoutMs } : {}) });

  it('answers the status and headers, the body sent as given', async () => {
    seen.length = 0;
    expect((await post('/ok')).status).toBe(204);
    const busy = await post('/busy');
    expect([busy.status, busy.header('Retry-After')]).toEqual([429, '7']);
    expect(seen.map(({ method, body }) => [method, body])).toEqual([['POST', '{"a":1}'], ['POST', '{"a":1}']]);
  });

  it('keeps the method on 307 and turns a 303 into a GET without a body', async () => {
    seen.length = 0;
    expect((await post('/keep')).status).toBe(204);
    expect((await post('/see-other')).status).toBe(204);
    expect(seen.map(({ method, url, body }) => [method, url, body])).toEqual([['POST', '/keep', '{"a":1}'], ['POST', '/ok', '{"a":1}'], ['POST', '/see-other', '{"a":1}'], ['GET', '/ok', '']]);
  });

  it('refuses a redirect to the metadata address, and stops after 5 redirects', async () => {
    const refused = await post('/meta').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(EgressRefusedError);
    expect((refused as EgressRefusedError).reason).toMatch(/^redirect to http:\/\/169\.254\.169\.254\/latest: .*link-local/);
    expect(classifyDeliveryOutcome({ error: refused, attempt: 1 })).toMatchObject({ kind: 'final' });
    await expect(post('/loop')).rejects.toBeInstanceOf(TooManyRedirectsError);
  });

  it('refuses a target the dispatcher does not allow before connecting', async () => {
    const strict = createSafeDispatcher({ allowPrivate: false });
    seen.length = 0;
    await expect(safeRequest(`${base}/ok`, { method: 'POST', headers: {}, body: 'x' }, { dispatcher: strict })).rejects.toBeInstanceOf(EgressRefusedError);
    expect(seen).toEqual([]);
    await strict.close();
  });

  it('times out as a TimeoutError, which is retried', async () => {
    const error = await post('/hang', 200).catch((caught: unknown) => caught);
    expect((error as Error).name).toBe('TimeoutError');
    expect(classifyDeliveryOutcome({ error, attempt: 1, random: () => 0 })).toEqual({ kind: 'retry', delayMs: 0 });
  });
});
