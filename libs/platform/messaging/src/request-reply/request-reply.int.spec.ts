import { createLogger } from '@strata/platform-observability';
import { uniqueNamespace, useTestNats, waitFor, type TestNats } from '@strata/testing';
import { z } from 'zod';
import { NoRespondersError, PayloadDecodeError, RemoteHandlerError, RequestTimeoutError } from '../errors';
import { connectMessaging, type MessagingClient } from '../messaging-client';
import type { IncomingRequest } from './serve';

describe('request/reply', () => {
  let nats: TestNats;
  let client: MessagingClient;
  const ns = uniqueNamespace('rpc');

  beforeAll(async () => {
    nats = await useTestNats();
    client = await connectMessaging({ servers: [nats.url], namespace: ns }, { logger: createLogger({ name: 'test', level: 'silent' }) });
  });

  afterAll(async () => {
    await client.close();
    await nats.stop();
  });

  const AddRequest = z.object({ a: z.number(), b: z.number() });
  const Sum = z.object({ sum: z.number() });

  it('answers with the handler’s typed result and gives it the subject and headers', async () => {
    const seen: IncomingRequest<z.infer<typeof AddRequest>>[] = [];
    const responder = client.serve(
      'calc.add',
      (request) => {
        seen.push(request);
        return { sum: request.data.a + request.data.b };
      },
      { schema: AddRequest },
    );
    try {
      const reply = await client.request('calc.add', { a: 2, b: 3 }, { schema: Sum, headers: { 'x-tenant': 'acme' } });
      expect(reply).toEqual({ sum: 5 });
      expect(seen[0]).toMatchObject({ subject: 'calc.add', data: { a: 2, b: 3 }, headers: { 'x-tenant': 'acme' } });

      const badRequest = client.request('calc.add', { a: 'two' });
      await expect(badRequest).rejects.toThrow(RemoteHandlerError);
      await expect(badRequest).rejects.toMatchObject({ code: 400 });
      expect(seen).toHaveLength(1);

      await expect(client.request('calc.add', { a: 1, b: 1 }, { schema: z.object({ product: z.number() }) })).rejects.toThrow(
        PayloadDecodeError,
      );
    } finally {
      await responder.stop();
    }
  });

  it('turns a handler failure into a typed error carrying its message', async () => {
    const responder = client.serve('calc.divide', () => {
      throw new Error('division by zero\nat line 2');
    });
    try {
      const failing = client.request('calc.divide', { a: 1, b: 0 });
      await expect(failing).rejects.toThrow(RemoteHandlerError);
      await expect(failing).rejects.toMatchObject({ subject: 'calc.divide', code: 500, remoteMessage: 'division by zero at line 2' });
    } finally {
      await responder.stop();
    }
  });

  it('times out with a typed error when the responder does not answer in time', async () => {
    let release: () => void = () => undefined;
    const answered = new Promise<void>((resolve) => (release = resolve));
    let received = 0;
    const responder = client.serve('slow.op', async () => {
      received += 1;
      await answered;
      return 'late';
    });
    try {
      const started = Date.now();
      const request = client.request('slow.op', undefined, { timeoutMs: 300 });
      await expect(request).rejects.toThrow(RequestTimeoutError);
      await expect(request).rejects.toMatchObject({ subject: 'slow.op', timeoutMs: 300 });
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
      expect(received).toBe(1);
    } finally {
      release();
      await responder.stop();
    }
  });

  it('fails at once with a typed error when nobody serves the subject', async () => {
    await expect(client.request('nobody.home', undefined, { timeoutMs: 10_000 })).rejects.toThrow(NoRespondersError);
  });

  it('lets a stopping responder finish the request it is answering', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started = false;
    const order: string[] = [];
    const responder = client.serve('drain.me', async () => {
      started = true;
      await gate;
      order.push('handler finished');
      return 'done';
    });
    const reply = client.request('drain.me', undefined);
    await waitFor(() => started, { message: 'the handler to start' });
    const stopped = responder.stop().then(() => order.push('stopped'));
    release();
    await expect(reply).resolves.toBe('done');
    await stopped;
    expect(order).toEqual(['handler finished', 'stopped']);
    await expect(client.request('drain.me', undefined)).rejects.toThrow(NoRespondersError);
  });
});
