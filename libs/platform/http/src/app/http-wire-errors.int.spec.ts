import { connect } from 'node:net';
import { Controller, Get, Module, Post } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createLogger } from '@strata/platform-observability';
import { waitFor } from '@strata/testing';
import { z } from 'zod';
import { Public } from '../auth/auth.decorators';
import { ZodBody } from '../validation/zod-decorators';
import { createHttpApp } from './create-http-app';

/** Called by a test to let the request in flight on `/test/slow` finish; set once it is in flight. */
let releaseSlow: (() => void) | undefined;

@Controller('test')
@Public()
class EchoController {
  @Get('slow')
  async slow(): Promise<{ done: boolean }> {
    await new Promise<void>((resolve) => (releaseSlow = resolve));
    return { done: true };
  }

  @Post('echo/:id')
  echo(@ZodBody(z.unknown()) body: unknown): unknown {
    return { body };
  }
}

@Module({ controllers: [EchoController] })
class WireTestModule {}

interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends `request` as raw bytes on a fresh connection and reads one response: what a real client
 * sees, including what Node's HTTP parser answers before Fastify (and inject()) is ever reached.
 */
function sendRaw(port: number, request: string | Buffer): Promise<WireResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let received = Buffer.alloc(0);
    let settled = false;
    const finish = (final: boolean) => {
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) {
        if (final) reject(new Error(`no response, got ${JSON.stringify(received.toString('latin1'))}`));
        return;
      }
      const [statusLine = '', ...lines] = received.subarray(0, end).toString('latin1').split('\r\n');
      const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
      const body = received.subarray(end + 4);
      const length = headers['content-length'] === undefined ? undefined : Number(headers['content-length']);
      if (length === undefined ? !final : body.length < length) return;
      settled = true;
      socket.destroy();
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: body.subarray(0, length).toString('utf8') });
    };
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      finish(false);
    });
    socket.on('end', () => settled || finish(true));
    socket.on('close', () => settled || finish(true));
    // A server that answers before reading all of a large request may reset the connection
    // while it is still being written; what it answered has arrived by then.
    socket.on('error', (error) => (received.length > 0 ? finish(true) : reject(error)));
    socket.write(request);
  });
}

const jsonPost = (path: string, body: string, contentType = 'application/json') =>
  `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${contentType}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

describe('errors on the wire (a real socket: what Node and Fastify answer before any route)', () => {
  let app: NestFastifyApplication;
  let port: number;

  beforeAll(async () => {
    app = await createHttpApp(WireTestModule, {
      logger: createLogger({ name: 'http-wire-test', level: 'silent' }),
      principalResolver: { resolve: async () => undefined },
      bodyLimitBytes: 1024,
      docs: false,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = Number(new URL(await app.getUrl()).port);
  });

  afterAll(() => app.close());

  /** Every error is the API's envelope, as JSON, whoever produced it. */
  function expectEnvelope(response: WireResponse, status: number, code: string): void {
    expect({ status: response.status, type: response.headers['content-type'] }).toEqual({ status, type: 'application/json; charset=utf-8' });
    const body = JSON.parse(response.body) as Record<string, unknown>;
    expect(body).toEqual({ error: expect.any(String), code });
  }

  it('answers a 60 KB query string with 431 headers_too_large', async () => {
    const response = await sendRaw(port, `GET /status?q=${'x'.repeat(60 * 1024)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    expectEnvelope(response, 431, 'headers_too_large');
    expect(JSON.parse(response.body)).toEqual({ error: 'The request line and headers are larger than 16 KB', code: 'headers_too_large' });
  });

  it('answers an oversized header with 431 headers_too_large', async () => {
    expectEnvelope(await sendRaw(port, `GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${'c'.repeat(20 * 1024)}\r\n\r\n`), 431, 'headers_too_large');
  });

  it('answers what is not HTTP, or is ambiguous HTTP, with 400 malformed_request', async () => {
    expectEnvelope(await sendRaw(port, 'HELLO THERE\r\n\r\n'), 400, 'malformed_request');
    const smuggled = 'POST /test/echo/1 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n';
    expectEnvelope(await sendRaw(port, smuggled), 400, 'malformed_request');
    expectEnvelope(await sendRaw(port, 'GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header: x\r\n\r\n'), 400, 'malformed_request');
  });

  it('answers an HTTP/1.1 request without a Host header with 400 malformed_request', async () => {
    expectEnvelope(await sendRaw(port, 'GET /status HTTP/1.1\r\n\r\n'), 400, 'malformed_request');
  });

  it('answers a body over the limit with 413 payload_too_large, whether its length is declared or chunked', async () => {
    expectEnvelope(await sendRaw(port, jsonPost('/test/echo/1', JSON.stringify({ pad: 'x'.repeat(4096) }))), 413, 'payload_too_large');
    const chunk = JSON.stringify({ pad: 'x'.repeat(4096) });
    const chunked = `POST /test/echo/1 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${chunk.length.toString(16)}\r\n${chunk}\r\n0\r\n\r\n`;
    expectEnvelope(await sendRaw(port, chunked), 413, 'payload_too_large');
  });

  it('answers another content type with 415, and bad JSON with 400 malformed_json', async () => {
    expectEnvelope(await sendRaw(port, jsonPost('/test/echo/1', 'hello', 'text/plain')), 415, 'unsupported_media_type');
    expectEnvelope(await sendRaw(port, jsonPost('/test/echo/1', '{"a":')), 400, 'malformed_json');
  });

  it('answers an unknown route with 404, a long path segment with 414 and an undecodable URL with 400', async () => {
    expectEnvelope(await sendRaw(port, 'GET /nowhere HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'), 404, 'not_found');
    expectEnvelope(await sendRaw(port, jsonPost(`/test/echo/${'a'.repeat(101)}`, '{}')), 414, 'uri_too_long');
    expectEnvelope(await sendRaw(port, jsonPost('/test/echo/%zz', '{}')), 400, 'malformed_url');
  });

  it('answers a request that arrives while the server shuts down with 503 service_unavailable', async () => {
    // Its own app: this one is closed by the test.
    const closing = await createHttpApp(WireTestModule, {
      logger: createLogger({ name: 'http-wire-test', level: 'silent' }),
      principalResolver: { resolve: async () => undefined },
      docs: false,
    });
    await closing.listen({ port: 0, host: '127.0.0.1' });
    let requests = 0;
    closing.getHttpServer().prependListener('request', () => (requests += 1));
    const socket = connect({ host: '127.0.0.1', port: Number(new URL(await closing.getUrl()).port) });
    let received = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (received += chunk));
    const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    let closed: Promise<void> | undefined;
    try {
      socket.write('GET /test/slow HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      await waitFor(() => releaseSlow, { message: 'the slow request to be in flight' });
      closed = closing.close();
      // Only a connection busy with a request stays open while the server drains: the next
      // request on it arrives while the server is closing. Its answer waits behind the slow
      // one's on the connection; that the server took it is enough to go on.
      socket.write('GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      await waitFor(() => requests === 2, { message: 'the request sent while closing to reach the server' });
    } finally {
      releaseSlow?.();
      releaseSlow = undefined;
      await (closed ?? closing.close());
    }
    // The server ends the connection after its answers; the client may read them after the
    // server has already closed, so wait for the client's side (bounded, should it never end).
    socket.setTimeout(5_000, () => socket.destroy());
    await ended;
    const responses = received.split(/(?=HTTP\/1\.1 )/);
    expect(responses).toHaveLength(2);
    expect(responses[0]).toMatch(/^HTTP\/1\.1 200 [^]*\{"done":true\}$/);
    const [head = '', body = ''] = responses[1]!.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 503 /);
    expect(head.toLowerCase()).toContain('content-type: application/json; charset=utf-8');
    expect(head.toLowerCase()).toContain('retry-after: 5');
    expect(JSON.parse(body)).toEqual({ error: 'The server is shutting down; retry the request', code: 'service_unavailable' });
  });

  it('still answers a good request', async () => {
    const response = await sendRaw(port, jsonPost('/test/echo/1', '{"a":1}'));
    expect({ status: response.status, body: JSON.parse(response.body) }).toEqual({ status: 201, body: { body: { a: 1 } } });
  });
});
