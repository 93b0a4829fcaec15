import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { fetch } from 'undici';
import { type EgressTarget } from './address-policy';
import { checkTargetUrl } from './check-target-url';
import { classifyDeliveryOutcome } from './delivery-outcome';
import { EgressRefusedError } from './egress-refused-error';
import { createSafeDispatcher, type SafeDispatcher, systemResolver } from './safe-dispatcher';
import { safeFetch, TooManyRedirectsError } from './safe-fetch';

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly body: string;
  readonly contentType: string | undefined;
}

async function startServer(route: (request: IncomingMessage, port: number) => { status: number; headers?: Record<string, string>; body?: string } | null) {
  const seen: Seen[] = [];
  const server: Server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    seen.push({ method: request.method ?? '', url: request.url ?? '', body: Buffer.concat(chunks).toString(), contentType: request.headers['content-type'] });
    const answer = route(request, (server.address() as AddressInfo).port);
    if (answer === null) return; // never answers
    response.writeHead(answer.status, { connection: 'close', ...answer.headers });
    response.end(answer.body ?? '');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  return {
    seen,
    port,
    url: (path = '/') => `http://127.0.0.1:${port}${path}`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

type TestServer = Awaited<ReturnType<typeof startServer>>;

let receiver: TestServer;
let other: TestServer;
const dispatchers: SafeDispatcher[] = [];
const dispatcher = (options: Parameters<typeof createSafeDispatcher>[0]) => {
  const created = createSafeDispatcher({ connectTimeoutMs: 2_000, ...options });
  dispatchers.push(created);
  return created;
};
/** Exactly the receiver: its address and its port, nothing else on loopback. */
const onlyReceiver = () => (target: EgressTarget) => target.address === '127.0.0.1' && target.port === receiver.port;

beforeAll(async () => {
  other = await startServer(() => ({ status: 200, body: 'other' }));
  receiver = await startServer((request, port) => {
    const path = request.url ?? '/';
    if (path === '/ok') return { status: 200, body: 'delivered' };
    if (path === '/to-metadata') return { status: 302, headers: { location: 'http://169.254.169.254/latest/meta-data/' } };
    if (path === '/to-other') return { status: 302, headers: { location: `http://localhost:${other.port}/` } };
    if (path === '/to-file') return { status: 302, headers: { location: 'file:///etc/passwd' } };
    if (path === '/to-ok') return { status: 302, headers: { location: '/ok' } };
    if (path === '/see-other') return { status: 303, headers: { location: `http://127.0.0.1:${port}/ok` } };
    if (path === '/temporary') return { status: 307, headers: { location: '/ok' } };
    if (path.startsWith('/loop')) return { status: 302, headers: { location: '/loop' } };
    if (path === '/hang') return null;
    return { status: 404 };
  });
});

beforeEach(() => {
  receiver.seen.length = 0;
  other.seen.length = 0;
});

afterAll(async () => {
  await Promise.all(dispatchers.map((d) => d.close()));
  await Promise.all([receiver.close(), other.close()]);
});

describe('createSafeDispatcher: every connection', () => {
  it('refuses a name that resolves to loopback when it connects, not before', async () => {
    const resolve = jest.fn(systemResolver);
    const safe = dispatcher({ allowPrivate: false, resolve });
    const url = `http://localhost:${receiver.port}/ok`;
    expect(checkTargetUrl(url, safe.policy).ok).toBe(true); // a name passes the pure check
    expect(resolve).not.toHaveBeenCalled();

    const error = await safeFetch(url, {}, { dispatcher: safe }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(EgressRefusedError);
    expect((error as EgressRefusedError).reason).toMatch(/^host resolves to (127\.0\.0\.1|::1), a loopback address: refused/);
    expect(resolve).toHaveBeenCalledWith('localhost');
    expect(receiver.seen).toEqual([]);
  });

  it('checks the name before the TLS handshake too (https)', async () => {
    const resolve = jest.fn(systemResolver);
    const safe = dispatcher({ allowPrivate: false, resolve });
    await expect(safeFetch(`https://localhost:${receiver.port}/ok`, {}, { dispatcher: safe })).rejects.toThrow(
      /^egress refused: host resolves to (127\.0\.0\.1|::1), a loopback address: refused/,
    );
    expect(resolve).toHaveBeenCalledWith('localhost');
    expect(receiver.seen).toEqual([]);
  });

  it('refuses a literal loopback address even when the URL check is bypassed', async () => {
    const safe = dispatcher({ allowPrivate: false });
    const error = await fetch(receiver.url('/ok'), { dispatcher: safe }).catch((e: unknown) => e);
    expect((error as Error).cause).toBeInstanceOf(EgressRefusedError);
    expect(((error as Error).cause as EgressRefusedError).reason).toBe(
      'host is 127.0.0.1, a loopback address: refused (set STRATA_WEBHOOK_ALLOW_PRIVATE=true to allow private targets)',
    );
    expect(receiver.seen).toEqual([]);
  });

  it('refuses a name when any of its addresses is not allowed', async () => {
    const safe = dispatcher({
      allowPrivate: false,
      resolve: async () => [
        { address: '93.184.215.14', family: 4 },
        { address: '169.254.169.254', family: 4 },
      ],
    });
    await expect(safeFetch('http://mixed.test/', {}, { dispatcher: safe })).rejects.toThrow(
      new EgressRefusedError('host resolves to 169.254.169.254, a link-local address (cloud metadata): refused'),
    );
  });

  it('reaches a loopback receiver when private targets are allowed, by address or by name', async () => {
    const safe = dispatcher({ allowPrivate: true, resolve: async () => [{ address: '127.0.0.1', family: 4 }] });
    const byAddress = await safeFetch(receiver.url('/ok'), { method: 'POST', body: '{}' }, { dispatcher: safe });
    expect([byAddress.status, await byAddress.text()]).toEqual([200, 'delivered']);
    const byName = await safeFetch(`http://receiver.test:${receiver.port}/ok`, {}, { dispatcher: safe });
    expect([byName.status, await byName.text()]).toEqual([200, 'delivered']);
  });

  it('checks the name again at the next connection (DNS rebinding)', async () => {
    const answers = ['127.0.0.1', '10.0.0.7'];
    const resolve = jest.fn(async () => [{ address: answers.shift() ?? '10.0.0.7', family: 4 }]);
    const safe = dispatcher({ allowPrivate: false, isAllowed: onlyReceiver(), resolve });
    const url = `http://rebind.test:${receiver.port}/ok`;

    expect((await safeFetch(url, {}, { dispatcher: safe })).status).toBe(200);
    // The receiver closes each connection, so the next request connects (and resolves) again.
    await expect(safeFetch(url, {}, { dispatcher: safe })).rejects.toThrow(/^egress refused: host resolves to 10\.0\.0\.7 \(port \d+\)/);
    expect(resolve).toHaveBeenCalledTimes(2);
    expect(receiver.seen).toHaveLength(1);
  });
});

describe('safeFetch: every redirect', () => {
  it('follows a redirect to an allowed target', async () => {
    const safe = dispatcher({ allowPrivate: false, isAllowed: onlyReceiver() });
    const response = await safeFetch(receiver.url('/to-ok'), {}, { dispatcher: safe });
    expect([response.status, await response.text()]).toEqual([200, 'delivered']);
    expect(receiver.seen.map((s) => s.url)).toEqual(['/to-ok', '/ok']);
  });

  it('refuses a redirect to the cloud metadata address', async () => {
    const safe = dispatcher({ allowPrivate: false, isAllowed: onlyReceiver() });
    await expect(safeFetch(receiver.url('/to-metadata'), {}, { dispatcher: safe })).rejects.toThrow(
      new EgressRefusedError(
        'redirect to http://169.254.169.254/latest/meta-data/: host is 169.254.169.254 (port 80), which this dispatcher does not allow: refused',
      ),
    );
    const plain = dispatcher({ allowPrivate: true, resolve: async () => [{ address: '127.0.0.1', family: 4 }] });
    await expect(safeFetch(receiver.url('/to-metadata'), {}, { dispatcher: plain })).rejects.toThrow(
      'redirect to http://169.254.169.254/latest/meta-data/: host is 169.254.169.254, a link-local address (cloud metadata): refused',
    );
  });

  it('refuses a redirect to another local service by name, at its connection', async () => {
    const safe = dispatcher({ allowPrivate: false, isAllowed: onlyReceiver() });
    await expect(safeFetch(receiver.url('/to-other'), {}, { dispatcher: safe })).rejects.toThrow(
      /^egress refused: host resolves to (127\.0\.0\.1|::1) \(port \d+\), which this dispatcher does not allow: refused/,
    );
    expect(other.seen).toEqual([]);
  });

  it('refuses a redirect to a non-HTTP scheme', async () => {
    const safe = dispatcher({ allowPrivate: false, isAllowed: onlyReceiver() });
    await expect(safeFetch(receiver.url('/to-file'), {}, { dispatcher: safe })).rejects.toThrow(
      'redirect to file:///etc/passwd: scheme file is not allowed: only http and https',
    );
  });

  it('stops a redirect loop after 5 hops', async () => {
    const safe = dispatcher({ allowPrivate: false, isAllowed: onlyReceiver() });
    const error = await safeFetch(receiver.url('/loop'), {}, { dispatcher: safe }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TooManyRedirectsError);
    expect(receiver.seen).toHaveLength(6); // the request and 5 redirects
    expect(classifyDeliveryOutcome({ error, attempt: 1 })).toEqual({ kind: 'final', reason: expect.stringContaining('more than 5 redirects') });
  });

  it('keeps the method and body on 307, and turns a POST into a GET on 303', async () => {
    const safe = dispatcher({ allowPrivate: false, isAllowed: onlyReceiver() });
    const init = { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' } };
    await (await safeFetch(receiver.url('/temporary'), init, { dispatcher: safe })).text();
    await (await safeFetch(receiver.url('/see-other'), init, { dispatcher: safe })).text();
    expect(receiver.seen.map(({ method, url, body, contentType }) => [method, url, body, contentType])).toEqual([
      ['POST', '/temporary', '{"a":1}', 'application/json'],
      ['POST', '/ok', '{"a":1}', 'application/json'],
      ['POST', '/see-other', '{"a":1}', 'application/json'],
      ['GET', '/ok', '', undefined],
    ]);
  });

  it('gives up at the timeout, which a delivery retries', async () => {
    const safe = dispatcher({ allowPrivate: false, isAllowed: onlyReceiver() });
    const error = await safeFetch(receiver.url('/hang'), {}, { dispatcher: safe, timeoutMs: 100 }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('TimeoutError');
    expect(classifyDeliveryOutcome({ error, attempt: 1, random: () => 0.5 })).toEqual({ kind: 'retry', delayMs: 500 });
  });
});
