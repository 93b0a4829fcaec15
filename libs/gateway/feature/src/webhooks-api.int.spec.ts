import { readdir, readFile } from 'node:fs/promises';
import { eventEnvelopeSchema } from '@strata/contracts';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { verifySignature } from '@strata/notify-egress';
import { webhooksCollection } from '@strata/notify-feature';
import { startGatewayHarness, type GatewayHarness } from './fixtures/gateway-harness';

const WEBHOOKS = (tenant = 'acme-corp') => `/api/v1/tenants/${tenant}/webhooks`;
const HTTPS = 'https://hooks.example.com/strata';

/** Tenants acme-corp and globex, and tokens of each permission set asked for. */
async function setUp(harness: GatewayHarness) {
  const { call, admin } = harness;
  for (const tenant of ['acme-corp', 'globex']) expect((await call('POST', '/api/v1/tenants', admin, { id: tenant, name: tenant })).status).toBe(201);
  const token = async (tenant: string, permissions: string[]) => {
    const created = await call('POST', `/api/v1/tenants/${tenant}/tokens`, admin, { name: permissions.join(' '), permissions });
    expect(created.status).toBe(201);
    return String(created.body['token']);
  };
  return {
    writer: await token('acme-corp', ['webhooks:read', 'webhooks:write']),
    reader: await token('acme-corp', ['webhooks:read']),
    jobsOnly: await token('acme-corp', ['jobs:read']),
    globex: await token('globex', ['webhooks:read', 'webhooks:write']),
  };
}

/** Every byte of the SQLite files (database and WAL): where a plaintext secret must not be. */
async function storedBytes(harness: GatewayHarness): Promise<string> {
  const dir = join(harness.dbPath, '..');
  const base = harness.dbPath.slice(dir.length + 1);
  const files = (await readdir(dir)).filter((name) => name.startsWith(base));
  return (await Promise.all(files.map((name) => readFile(join(dir, name))))).map((bytes) => bytes.toString('latin1')).join('');
}

/** The webhooks API through the gateway (real NATS, SQLite), with the SSRF policy as shipped: private targets refused. */
describe('webhooks API through the gateway', () => {
  let harness: GatewayHarness;
  let call: GatewayHarness['call'];
  let tokens: Awaited<ReturnType<typeof setUp>>;

  beforeAll(async () => {
    harness = await startGatewayHarness('webhooksapi');
    call = harness.call;
    tokens = await setUp(harness);
  });

  afterAll(() => harness?.close());

  const count = async (tenant = 'acme-corp') => harness.readStore.collection(webhooksCollection).forTenant(tenant).count();

  it('creates a webhook with a generated secret, returned once, never shown again nor stored in plaintext', async () => {
    const created = await call('POST', WEBHOOKS(), tokens.writer, { url: HTTPS, events: ['finding.*', 'job.JobFailed'], description: 'pager' });
    expect(created.status).toBe(201);
    const secret = String(created.body['secret']);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const id = String(created.body['id']);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^wh-[0-9a-f]{16}$/),
      tenant_id: 'acme-corp',
      url: HTTPS,
      events: ['finding.*', 'job.JobFailed'],
      is_active: true,
      description: 'pager',
      has_secret: true,
      secret_last4: secret.slice(-4),
      disabled_reason: null,
      secret,
      created_at: expect.any(String),
      updated_at: created.body['created_at'],
    });

    const got = await call('GET', `${WEBHOOKS()}/${id}`, tokens.reader);
    expect(got.status).toBe(200);
    const { secret: _shown, ...shown } = created.body;
    expect(got.body).toEqual(shown);
    const listed = await call('GET', WEBHOOKS(), tokens.reader);
    expect(listed.body).toEqual({ items: [shown], page: { limit: 50, next_cursor: null, has_more: false } });
    expect(JSON.stringify([got.body, listed.body])).not.toContain(secret.slice(0, 20));

    const raw = await harness.readStore.collection(webhooksCollection).forTenant('acme-corp').get(id);
    expect(raw).toMatchObject({ url: HTTPS, sealed: { v: 1, alg: 'aes-256-gcm', iv: expect.any(String), tag: expect.any(String), data: expect.any(String) } });
    expect(JSON.stringify(raw)).not.toContain(secret.slice(0, 20));
    expect(await storedBytes(harness)).not.toContain(secret.slice(6, 26));
  });

  it('keeps a given secret, shows it in the create answer only, and pages the list', async () => {
    const secret = 'my-own-secret-0123456789';
    const created = await call('POST', WEBHOOKS(), tokens.writer, { url: 'https://b.example.com/', events: ['*'], is_active: false, secret });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ secret, secret_last4: '6789', is_active: false, description: null, events: ['*'] });
    const first = await call('GET', `${WEBHOOKS()}?limit=1`, tokens.reader);
    expect(first.body['page']).toEqual({ limit: 1, next_cursor: expect.any(String), has_more: true });
    const second = await call('GET', `${WEBHOOKS()}?limit=1&cursor=${String((first.body['page'] as Record<string, unknown>)['next_cursor'])}`, tokens.reader);
    expect(second.body.items!.map((item) => item['id'])).toEqual([created.body['id']]);
    expect(JSON.stringify([first.body, second.body])).not.toContain(secret);
    expect((await call('DELETE', `${WEBHOOKS()}/${String(created.body['id'])}`, tokens.writer)).status).toBe(204);
  });

  it('changes url, events, is_active, description and rotates the secret without showing it', async () => {
    const created = await call('POST', WEBHOOKS(), tokens.writer, { url: HTTPS, events: ['*'], description: 'old' });
    const id = String(created.body['id']);
    const sealedBefore = (await harness.readStore.collection(webhooksCollection).forTenant('acme-corp').get(id))!.sealed;
    const rotated = 'rotated-secret-abcdefghWXYZ';
    const patched = await call('PATCH', `${WEBHOOKS()}/${id}`, tokens.writer, { url: 'https://c.example.com/in', events: ['settings.SettingsChanged', '*.JobCompleted'], is_active: false, description: null, secret: rotated });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id, url: 'https://c.example.com/in', events: ['settings.SettingsChanged', '*.JobCompleted'], is_active: false, description: null, has_secret: true, secret_last4: 'WXYZ' });
    expect(patched.body).not.toHaveProperty('secret');
    expect((await harness.readStore.collection(webhooksCollection).forTenant('acme-corp').get(id))!.sealed.data).not.toEqual(sealedBefore.data);
    expect((await call('PATCH', `${WEBHOOKS()}/${id}`, tokens.writer, { is_active: true })).body).toMatchObject({ is_active: true, url: 'https://c.example.com/in', secret_last4: 'WXYZ' });
    expect((await call('PATCH', `${WEBHOOKS()}/${id}`, tokens.writer, { url: 'http://10.0.0.1/' })).body).toMatchObject({ code: 'webhook_url_refused' });
    expect((await call('GET', `${WEBHOOKS()}/${id}`, tokens.reader)).body).toMatchObject({ url: 'https://c.example.com/in' });

    expect((await call('DELETE', `${WEBHOOKS()}/${id}`, tokens.writer)).status).toBe(204);
    expect((await call('GET', `${WEBHOOKS()}/${id}`, tokens.reader)).body).toMatchObject({ code: 'webhook_not_found' });
    expect((await call('DELETE', `${WEBHOOKS()}/${id}`, tokens.writer)).status).toBe(404);
  });

  it.each([
    ['http://169.254.169.254/latest/meta-data', /169\.254\.169\.254, a link-local address \(cloud metadata\): refused/],
    ['http://10.0.0.1/hook', /host is 10\.0\.0\.1, a private \(RFC 1918\) address: refused/],
    ['http://localhost:8080/hook', /host is localhost, a loopback name: refused/],
    ['http://[::1]/hook', /::1, a loopback address/],
    ['ftp://files.example.com/hook', /http or https|scheme|protocol/i],
    ['https://user:pass@hooks.example.com/', /credentials/],
  ])('refuses %s at create with the reason, writing nothing', async (url, reason) => {
    const before = await count();
    const refused = await call('POST', WEBHOOKS(), tokens.writer, { url, events: ['*'] });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({ code: 'webhook_url_refused', error: expect.stringMatching(reason) });
    expect(await count()).toBe(before);
  });

  it('validates event types, naming the known ones, and the secret and body shape', async () => {
    const before = await count();
    const unknown = await call('POST', WEBHOOKS(), tokens.writer, { url: HTTPS, events: ['finding.*', 'finding.FindingExploded'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ code: 'validation_error', details: [{ path: 'events.1', message: expect.stringMatching(/matches no known event type; known: .*job\.JobCompleted.*finding\.FindingOpened.*settings\.SettingsChanged/) }] });
    for (const events of [[], ['job'], ['job.Job*'], ['webhook.test']]) expect((await call('POST', WEBHOOKS(), tokens.writer, { url: HTTPS, events })).status).toBe(400);
    expect((await call('POST', WEBHOOKS(), tokens.writer, { url: HTTPS, events: ['*'], secret: 'too-short' })).body).toMatchObject({ code: 'validation_error', details: [{ path: 'secret' }] });
    expect((await call('POST', WEBHOOKS(), tokens.writer, { url: HTTPS, events: ['*'], colour: 'red' })).status).toBe(400);
    expect((await call('POST', WEBHOOKS(), tokens.writer, { events: ['*'] })).status).toBe(400);
    expect(await count()).toBe(before);
    const deduped = await call('POST', WEBHOOKS(), tokens.writer, { url: HTTPS, events: ['*.*', '*.*', 'job.*'] });
    expect(deduped.body).toMatchObject({ events: ['*.*', 'job.*'] });
    await call('DELETE', `${WEBHOOKS()}/${String(deduped.body['id'])}`, tokens.writer);
  });

  it('needs webhooks:read to read and webhooks:write to change or test', async () => {
    const created = await call('POST', WEBHOOKS(), tokens.writer, { url: HTTPS, events: ['*'] });
    const one = `${WEBHOOKS()}/${String(created.body['id'])}`;
    for (const [method, url, body] of [['GET', WEBHOOKS()], ['GET', one], ['POST', WEBHOOKS(), { url: HTTPS, events: ['*'] }], ['PATCH', one, { is_active: false }], ['DELETE', one], ['POST', `${one}/test`]] as const) {
      expect((await call(method, url, tokens.jobsOnly, body)).body).toMatchObject({ code: 'forbidden', error: expect.stringContaining('webhooks:') });
    }
    for (const [method, url, body] of [['POST', WEBHOOKS(), { url: HTTPS, events: ['*'] }], ['PATCH', one, { is_active: false }], ['DELETE', one], ['POST', `${one}/test`]] as const) {
      expect((await call(method, url, tokens.reader, body)).status).toBe(403);
    }
    expect((await call('GET', WEBHOOKS())).status).toBe(401);
    expect((await call('GET', one, tokens.reader)).status).toBe(200);
  });

  it("answers 404 webhook_not_found for another tenant's webhook and unknown ids, and keeps tenants apart", async () => {
    const created = await call('POST', WEBHOOKS(), tokens.writer, { url: HTTPS, events: ['*'] });
    const id = String(created.body['id']);
    const notFound = { status: 404, body: { code: 'webhook_not_found', error: `No webhook ${id}` } };
    for (const [method, suffix, body] of [['GET', ''], ['PATCH', '', { is_active: false }], ['DELETE', ''], ['POST', '/test']] as const) {
      expect(await call(method, `${WEBHOOKS('globex')}/${id}${suffix}`, tokens.globex, body)).toMatchObject(notFound);
    }
    expect((await call('GET', WEBHOOKS('globex'), tokens.globex)).body.items).toEqual([]);
    expect((await call('GET', `${WEBHOOKS()}/${id}`, tokens.globex)).status).toBe(403);
    expect((await call('GET', `${WEBHOOKS()}/wh-0000000000000000`, harness.admin)).body).toMatchObject({ code: 'webhook_not_found' });
    expect((await call('GET', `${WEBHOOKS()}/${id}`, tokens.reader)).status).toBe(200);
  });

  it('documents the routes in the OpenAPI document', async () => {
    const document = await call('GET', '/api/v1/openapi.json');
    const paths = Object.keys(document.body['paths'] as object);
    expect(paths).toEqual(expect.arrayContaining(['/api/v1/tenants/{tenantID}/webhooks', '/api/v1/tenants/{tenantID}/webhooks/{webhookID}', '/api/v1/tenants/{tenantID}/webhooks/{webhookID}/test']));
  });
});

interface Received {
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** The test delivery to a receiver on loopback: the one place private targets are allowed (the module option, as STRATA_WEBHOOK_ALLOW_PRIVATE=true sets it). */
describe('webhook test delivery to a local receiver', () => {
  let harness: GatewayHarness;
  let call: GatewayHarness['call'];
  let tokens: Awaited<ReturnType<typeof setUp>>;
  let receiver: Server;
  let base: string;
  const received: Received[] = [];

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        if (request.url === '/redirect') response.writeHead(307, { location: 'http://169.254.169.254/latest/meta-data' }).end();
        else response.writeHead(request.url === '/fail' ? 500 : 204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    harness = await startGatewayHarness('webhookstest', { webhookAllowPrivate: true });
    call = harness.call;
    tokens = await setUp(harness);
  });

  afterAll(async () => {
    await harness?.close();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  const create = async (path: string) => {
    const created = await call('POST', WEBHOOKS(), tokens.writer, { url: `${base}${path}`, events: ['*'] });
    expect(created.status).toBe(201);
    return { id: String(created.body['id']), secret: String(created.body['secret']) };
  };

  it('sends a signed webhook.test event the receiver verifies with the secret, and reports it delivered', async () => {
    const { id, secret } = await create('/ok');
    received.length = 0;
    const result = await call('POST', `${WEBHOOKS()}/${id}/test`, tokens.writer);
    expect(result).toMatchObject({ status: 200, body: { delivered: true, status_code: 204, latency_ms: expect.any(Number), error: null } });
    expect(JSON.stringify(result.body)).not.toContain(secret);
    expect(received).toHaveLength(1);
    const delivery = received[0]!;
    expect(delivery.headers).toMatchObject({
      'content-type': 'application/json',
      'x-strata-event': 'webhook.test',
      'x-strata-timestamp': expect.stringMatching(/^\d+$/),
      'x-strata-delivery': expect.stringMatching(/^[0-9a-f-]{36}$/),
      'x-strata-signature': expect.stringMatching(/^sha256=[0-9a-f]{64}$/),
    });
    expect(Math.abs(Number(delivery.headers['x-strata-timestamp']) - Date.now() / 1000)).toBeLessThan(30);
    expect(verifySignature({ secret, headers: delivery.headers as Record<string, string>, body: delivery.body })).toEqual({ ok: true, eventType: 'webhook.test', deliveryId: delivery.headers['x-strata-delivery'], timestamp: Number(delivery.headers['x-strata-timestamp']) });
    expect(verifySignature({ secret: 'another-secret-0123456789', headers: delivery.headers as Record<string, string>, body: delivery.body })).toMatchObject({ ok: false });
    expect(JSON.parse(delivery.body)).toEqual({ id: delivery.headers['x-strata-delivery'], type: 'webhook.test', tenant_id: 'acme-corp', time: expect.any(String), version: 1, data: { webhook_id: id, message: expect.any(String) } });
    expect(eventEnvelopeSchema.safeParse(JSON.parse(delivery.body)).success).toBe(true);
  });

  it('signs with the rotated secret after a PATCH', async () => {
    const { id } = await create('/ok');
    const rotated = 'rotated-secret-for-the-test-0001';
    await call('PATCH', `${WEBHOOKS()}/${id}`, tokens.writer, { secret: rotated });
    received.length = 0;
    expect((await call('POST', `${WEBHOOKS()}/${id}/test`, tokens.writer)).body).toMatchObject({ delivered: true });
    expect(verifySignature({ secret: rotated, headers: received[0]!.headers as Record<string, string>, body: received[0]!.body })).toMatchObject({ ok: true });
  });

  it('reports a receiver answering 500 as not delivered, with the status', async () => {
    const { id } = await create('/fail');
    expect((await call('POST', `${WEBHOOKS()}/${id}/test`, tokens.writer)).body).toEqual({ delivered: false, status_code: 500, latency_ms: expect.any(Number), error: 'the receiver answered 500' });
  });

  it('refuses a redirect to the metadata address, even with private targets allowed', async () => {
    const { id } = await create('/redirect');
    expect((await call('POST', `${WEBHOOKS()}/${id}/test`, tokens.writer)).body).toEqual({
      delivered: false,
      status_code: null,
      latency_ms: expect.any(Number),
      error: expect.stringMatching(/^refused: redirect to http:\/\/169\.254\.169\.254\/latest\/meta-data: .*link-local/),
    });
  });

  it('reports an unreachable receiver without a status', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const created = await call('POST', WEBHOOKS(), tokens.writer, { url: `http://127.0.0.1:${port}/`, events: ['*'] });
    const result = await call('POST', `${WEBHOOKS()}/${String(created.body['id'])}/test`, tokens.writer);
    expect(result.body).toEqual({ delivered: false, status_code: null, latency_ms: expect.any(Number), error: expect.stringContaining('ECONNREFUSED') });
  });
});
