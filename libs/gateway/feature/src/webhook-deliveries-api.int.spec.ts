import { eventEnvelope } from '@strata/contracts';
import { deliveryIdFor, DeliveryRecorder } from '@strata/notify-feature';
import { startGatewayHarness, type GatewayHarness } from './fixtures/gateway-harness';

const WEBHOOKS = (tenant = 'acme-corp') => `/api/v1/tenants/${tenant}/webhooks`;

/** The delivery log and redelivery through the gateway; deliveries recorded as the notifier records them. */
describe('webhook deliveries API through the gateway', () => {
  let harness: GatewayHarness;
  let call: GatewayHarness['call'];
  let tokens: Record<'writer' | 'reader' | 'globex', string>;
  let webhookId: string;
  let otherWebhookId: string;
  let globexWebhookId: string;
  const eventIds = ['evt-1', 'evt-2', 'evt-3'];

  beforeAll(async () => {
    harness = await startGatewayHarness('whdeliveries');
    call = harness.call;
    const { admin } = harness;
    for (const tenant of ['acme-corp', 'globex']) expect((await call('POST', '/api/v1/tenants', admin, { id: tenant, name: tenant })).status).toBe(201);
    const token = async (tenant: string, permissions: string[]) => String((await call('POST', `/api/v1/tenants/${tenant}/tokens`, admin, { name: permissions.join(' '), permissions })).body['token']);
    tokens = {
      writer: await token('acme-corp', ['webhooks:read', 'webhooks:write']),
      reader: await token('acme-corp', ['webhooks:read']),
      globex: await token('globex', ['webhooks:read', 'webhooks:write']),
    };
    const create = async (tenant: string, bearer: string, events: string[]) => String((await call('POST', WEBHOOKS(tenant), bearer, { url: 'https://hooks.example.com/in', events })).body['id']);
    webhookId = await create('acme-corp', tokens.writer, ['job.*']);
    otherWebhookId = await create('acme-corp', tokens.writer, ['job.JobFailed']);
    globexWebhookId = await create('globex', tokens.globex, ['*']);
    let clock = Date.parse('2026-12-05T10:00:00Z');
    const recorder = new DeliveryRecorder({ readStore: harness.readStore, clock: () => new Date((clock += 1_000)) });
    for (const id of eventIds) expect(await recorder.record(eventEnvelope({ id, category: 'job', name: 'JobCompleted', tenantId: 'acme-corp', time: new Date().toISOString(), data: { jobId: id } }))).toBe(1);
    expect(await recorder.record(eventEnvelope({ id: 'evt-failed', category: 'job', name: 'JobFailed', tenantId: 'acme-corp', time: new Date().toISOString(), data: {} }))).toBe(2);
    expect(await recorder.record(eventEnvelope({ id: 'evt-g', category: 'job', name: 'JobCompleted', tenantId: 'globex', time: new Date().toISOString(), data: {} }))).toBe(1);
  });

  afterAll(() => harness?.close());

  const deliveries = (webhook: string, query = '', tenant = 'acme-corp') => `${WEBHOOKS(tenant)}/${webhook}/deliveries${query}`;

  it('lists a webhook\'s deliveries newest first, in pages, as the cursor envelope', async () => {
    const first = await call('GET', deliveries(webhookId, '?limit=2'), tokens.reader);
    expect(first.status).toBe(200);
    expect(first.body.items!.map((item) => item['event_id'])).toEqual(['evt-failed', 'evt-3']);
    expect(first.body['page']).toEqual({ limit: 2, next_cursor: expect.any(String), has_more: true });
    expect(first.body.items![1]).toEqual({
      id: deliveryIdFor('evt-3', webhookId),
      webhook_id: webhookId,
      event_id: 'evt-3',
      event: 'job.JobCompleted',
      status: 'pending',
      attempt: 0,
      status_code: null,
      latency_ms: null,
      error: null,
      next_attempt_at: expect.any(String),
      created_at: expect.any(String),
      updated_at: expect.any(String),
      attempts: [],
    });
    const cursor = encodeURIComponent(String((first.body['page'] as Record<string, unknown>)['next_cursor']));
    const second = await call('GET', deliveries(webhookId, `?limit=2&cursor=${cursor}`), tokens.reader);
    expect(second.body.items!.map((item) => item['event_id'])).toEqual(['evt-2', 'evt-1']);
    expect(second.body['page']).toEqual({ limit: 2, next_cursor: null, has_more: false });
    // Each webhook its own log.
    expect((await call('GET', deliveries(otherWebhookId), tokens.reader)).body.items!.map((item) => item['event_id'])).toEqual(['evt-failed']);
  });

  it('answers 400 for bad input, and writes nothing', async () => {
    for (const query of ['?limit=0', '?limit=201', '?limit=x', '?cursor=', '?colour=red', '?cursor=not-a-cursor']) {
      const answer = await call('GET', deliveries(webhookId, query), tokens.reader);
      expect([query, answer.status]).toEqual([query, 400]);
      expect(answer.body).toMatchObject({ error: expect.any(String), code: expect.any(String) });
    }
    expect((await call('GET', `${WEBHOOKS()}/bad%20id/deliveries`, tokens.reader)).status).toBe(400);
    const id = deliveryIdFor('evt-1', webhookId);
    expect((await call('POST', `${WEBHOOKS()}/${webhookId}/deliveries/bad%20id/redeliver`, tokens.writer)).status).toBe(400);
    const listed = await call('GET', deliveries(webhookId), tokens.reader);
    expect(listed.body.items!.find((item) => item['id'] === id)).toMatchObject({ status: 'pending', attempt: 0 });
  });

  it("answers 404 for another tenant's webhook or delivery and for unknown ids", async () => {
    expect((await call('GET', deliveries(globexWebhookId), tokens.reader)).body).toMatchObject({ code: 'webhook_not_found' });
    expect((await call('GET', deliveries('wh-unknown'), tokens.reader)).status).toBe(404);
    expect((await call('GET', deliveries(webhookId, '', 'globex'), tokens.globex)).status).toBe(404);
    const globexDelivery = deliveryIdFor('evt-g', globexWebhookId);
    for (const [webhook, delivery, bearer, tenant] of [
      [webhookId, globexDelivery, tokens.writer, 'acme-corp'],
      [globexWebhookId, globexDelivery, tokens.writer, 'acme-corp'],
      [webhookId, 'dl-unknown', tokens.writer, 'acme-corp'],
      // A delivery of the tenant's other webhook, asked for under this one.
      [webhookId, deliveryIdFor('evt-failed', otherWebhookId), tokens.writer, 'acme-corp'],
      [webhookId, deliveryIdFor('evt-1', webhookId), tokens.globex, 'globex'],
    ] as const) {
      const answer = await call('POST', `${WEBHOOKS(tenant)}/${webhook}/deliveries/${delivery}/redeliver`, bearer);
      expect(answer.status).toBe(404);
      expect(answer.body).toMatchObject({ code: expect.stringMatching(/^(webhook|delivery)_not_found$/) });
    }
  });

  it('redelivers: 202 with the delivery pending now, a fresh window; webhooks:write needed', async () => {
    const id = deliveryIdFor('evt-1', webhookId);
    const url = `${WEBHOOKS()}/${webhookId}/deliveries/${id}/redeliver`;
    expect((await call('POST', url, tokens.reader)).status).toBe(403);
    const before = Date.now();
    const answer = await call('POST', url, tokens.writer);
    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({ id, status: 'pending', event_id: 'evt-1', attempt: 0 });
    expect(Date.parse(String(answer.body['next_attempt_at']))).toBeGreaterThanOrEqual(before - 1_000);
    const listed = await call('GET', deliveries(webhookId), tokens.reader);
    expect(listed.body.items!.find((item) => item['id'] === id)).toEqual(answer.body);
  });

  it('documents the routes', async () => {
    const paths = Object.keys((await call('GET', '/api/v1/openapi.json')).body['paths'] as object);
    expect(paths).toEqual(expect.arrayContaining(['/api/v1/tenants/{tenantID}/webhooks/{webhookID}/deliveries', '/api/v1/tenants/{tenantID}/webhooks/{webhookID}/deliveries/{deliveryID}/redeliver']));
  });
});
